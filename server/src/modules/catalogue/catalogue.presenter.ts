// From catalogue objects to API bodies.
import { sharingList } from '../privacy/index.ts';
import type { CatalogueItem, Hall } from './catalogue.types.ts';

const sharing = new Map(sharingList().map((c) => [c.category, c]));

export function presentSummary(i: CatalogueItem) {
  return {
    code: i.code, name: i.name, shortName: i.shortName, category: i.category, itemType: i.itemType, districtCode: i.districtCode,
    districtName: i.districtName, departmentName: i.departmentName, online: i.online, visits: i.visits, partner: i.partner != null,
  };
}

export function presentDetail(i: CatalogueItem, halls: Map<string, Hall>) {
  const cat = i.partner ? sharing.get(i.partner.sharingCategory) : undefined;
  return {
    ...presentSummary(i),
    aliases: i.aliases,
    departmentId: i.departmentId,
    level: i.level,
    handlingKind: i.handlingKind,
    promisedDays: i.promisedDays,
    fee: i.fee,
    materials: i.materials,
    steps: i.steps,
    halls: i.hallIds.map((h) => halls.get(h)).filter((h): h is Hall => !!h),
    // PP-2.3: before the citizen opens a partner's system, the app shows which fields that partner will receive
    partnerInfo:
      i.partner && cat
        ? { url: i.partner.url, sharingCategory: cat.category, categoryZh: cat.categoryZh, recipientsZh: cat.recipientsZh, fields: cat.fields, fieldsZh: cat.fieldsZh }
        : null,
    revision: i.revision,
    publishedAt: i.publishedAt?.toISOString() ?? null,
  };
}
