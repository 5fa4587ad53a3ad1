// The published lists (policy 附: 个人信息收集清单, 第三方信息共享清单, SDK清单), generated from the inventory so that
// what the citizen reads is what the code enforces (PP-1.20, PP-2.3, LAW-4).
import { INBOUND_SOURCES } from './inventory/inbound.ts';
import { ELEMENTS, elementById } from './inventory/elements.ts';
import { LEGAL_BASIS_ZH, PURPOSES, purposeById } from './inventory/purposes.ts';
import { EXTERNAL_PROVIDERS, JOINT_PROMOTION_CATEGORY, SDKS, SHARING_CATEGORIES, type SharingCategory } from './inventory/recipients.ts';

const zh = (id: string) => elementById(id)?.nameZh ?? id;

/** The citizen-facing 个人信息收集清单 lists citizens' information; staff data (subjects: 'staff') is inventoried, and
 * drift-checked, but is not something the citizen policy collects from citizens. */
export function collectionList() {
  const citizenElement = (e: string) => (elementById(e)?.subjects ?? 'citizen') === 'citizen';
  return PURPOSES.flatMap((p) =>
    p.elements.filter(citizenElement).map((e) => ({
      element: e,
      elementZh: zh(e),
      sensitive: elementById(e)?.sensitive ?? false,
      purpose: p.id,
      purposeZh: p.nameZh,
      scenarioZh: p.scenarioZh,
      legalBasis: p.legalBasis,
      legalBasisZh: LEGAL_BASIS_ZH[p.legalBasis],
      devicePermissions: p.devicePermissions,
      retention: elementById(e)?.retention ?? '',
    })),
  );
}

const listItem = (c: SharingCategory) => ({
  category: c.id,
  categoryZh: c.nameZh,
  recipientsZh: c.recipientsZh,
  purpose: c.purposeId,
  purposeZh: c.purposeZh,
  legalBasis: purposeById(c.purposeId)?.legalBasis ?? 'consent',
  fields: c.fields,
  fieldsZh: c.fields.map(zh),
  scenarioZh: c.servicesZh,
});

/** 第三方信息共享清单: the service categories of 二(一) (PP-2.3), one recipient set and field list each. */
export function sharingList() {
  return SHARING_CATEGORIES.map(listItem);
}

/**
 * PP-2.4: the joint-promotions entry of the 第三方信息共享清单 — the most any activity may provide. Kept apart from the
 * service categories: its recipient and fields are fixed per activity, on the activity page, not per service (so it
 * is no OIDC scope and no catalogue item's category).
 */
export function jointPromotionList() {
  return [listItem(JOINT_PROMOTION_CATEGORY)];
}

export function sdkList() {
  return {
    sdks: SDKS.map((s) => ({ ...s })),
    platformProviders: EXTERNAL_PROVIDERS.map((p) => ({
      id: p.id,
      nameZh: p.nameZh,
      recipientZh: p.recipientZh,
      fieldsZh: p.elements.map(zh),
      purpose: p.purposeId,
      purposeZh: purposeById(p.purposeId)?.nameZh ?? p.purposeId,
    })),
  };
}

// the policy's sharing section (and its change detection, PP-6.2) covers the joint-promotions category too (PP-2.4)
export const inventory = { elements: ELEMENTS, purposes: PURPOSES, sharingCategories: [...SHARING_CATEGORIES, JOINT_PROMOTION_CATEGORY] as readonly SharingCategory[], sdks: SDKS, externalProviders: EXTERNAL_PROVIDERS };
export type Inventory = typeof inventory;

/**
 * The sharing categories as declarations the sharing ledger enforces (sharing.service `declared`): recipient id =
 * category id, its one purpose, exactly the policy's fields (PP-2.3). Shape matches RecipientDeclaration.
 */
export function sharingDeclarations(): Map<string, { purposeIds: string[]; elements: string[]; jurisdiction: string }> {
  // PP-3.3: the jurisdiction lets the sharing service refuse a cross-border provision without separate consent
  return new Map(SHARING_CATEGORIES.map((c) => [c.id, { purposeIds: [c.purposeId], elements: [...c.fields], jurisdiction: c.jurisdiction }]));
}

/** PP-2.4: the joint-promotions category as a declaration for the sharing ledger (main.ts adds it to sharingDeclarations()). */
export function jointPromotionDeclarations(): Map<string, { purposeIds: string[]; elements: string[]; jurisdiction: string }> {
  const c = JOINT_PROMOTION_CATEGORY;
  return new Map([[c.id, { purposeIds: [c.purposeId], elements: [...c.fields], jurisdiction: c.jurisdiction }]]);
}

/** PP-1.17: the declared inbound sources as the sharing service's `inbound` declarations (inventory/inbound.ts). */
export function inboundDeclarations(): Map<string, { elements: string[]; purposeId: string; authorisationPurposeId: string; jurisdiction: string }> {
  return new Map(INBOUND_SOURCES.map((s) => [s.id, { elements: [...s.elements], purposeId: s.purposeId, authorisationPurposeId: s.authorisationPurposeId, jurisdiction: s.jurisdiction }]));
}
