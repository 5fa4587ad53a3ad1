// Staff editing (catalogue.edit) and publishing (catalogue.publish). Every item has a draft and, once published, a
// published version; citizens and search see only the published one. Saving a draft needs the revision the editor
// started from (two editors never overwrite each other silently); publishing names the draft revision being
// published (what was reviewed is what goes live). Every change is audited in its own transaction.
import type { AuditService } from '../audit/index.ts';
import { ORGANISATIONS } from '../reference/index.ts';
import { sharingList } from '../privacy/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P, defineProblem } from '../../platform/http/problem.ts';
import { catalogueRepository as repo, jsonb, type CatalogueItemsTable } from './catalogue.repository.ts';
import type { CatalogueReader } from './catalogue.service.ts';
import { CITY_CODE, type ItemContent } from './catalogue.types.ts';
import { CATEGORY_IDS, DISTRICTS, hallById } from './data/index.ts';

export const CATALOGUE_PROBLEMS = {
  staleRevision: defineProblem('catalogue-stale-revision', { status: 409, title: '该事项已被他人修改，请刷新后再编辑', titleEn: 'The item changed since you opened it' }),
  itemExists: defineProblem('catalogue-item-exists', { status: 409, title: '事项编码已存在', titleEn: 'An item with this code exists' }),
};

const orgIds = new Set(ORGANISATIONS.map((o) => o.id));
const sharingIds = new Set(sharingList().map((c) => c.category));
const districtCodes = new Set([CITY_CODE, ...DISTRICTS.map((d) => d.code)]);

/** Checks what zod cannot: references to the reference data, halls, sharing categories, and the code's district. */
export function validateContent(code: string, c: ItemContent): void {
  const errors: { path: string; message: string }[] = [];
  if (!CATEGORY_IDS.includes(c.category)) errors.push({ path: 'content.category', message: '未知的服务分类' });
  if (!orgIds.has(c.departmentId)) errors.push({ path: 'content.departmentId', message: '未知的实施机构' });
  if (!districtCodes.has(c.districtCode)) errors.push({ path: 'content.districtCode', message: '区划须为市级(320600)或七个县(市、区)之一' });
  if (!code.startsWith(`${c.districtCode}-`)) errors.push({ path: 'content.districtCode', message: '区划须与事项编码一致' });
  c.hallIds.forEach((h, i) => { if (!hallById.has(h)) errors.push({ path: `content.hallIds.${i}`, message: '未知的服务大厅' }); });
  if (c.partner && !sharingIds.has(c.partner.sharingCategory)) errors.push({ path: 'content.partner.sharingCategory', message: '未知的共享类别(PP-2.3)' });
  if (!c.online && c.hallIds.length === 0) errors.push({ path: 'content.hallIds', message: '线下办理的事项须至少指定一个服务大厅' });
  if (errors.length) throw new AppError(P.validation, { extensions: { errors } });
}

/** JSON with sorted keys: jsonb does not keep key order, so a plain stringify would see changes that are not there. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
}

const staffOf = (p: Principal | null) => {
  if (p?.kind !== 'staff') throw new AppError(P.forbidden);
  return p;
};

export function presentStaffItem(r: CatalogueItemsTable) {
  return {
    code: r.code,
    level: r.level,
    draft: r.draft,
    draftRevision: r.draft_revision,
    draftUpdatedAt: new Date(r.draft_updated_at).toISOString(),
    draftUpdatedBy: r.draft_updated_by,
    publishedRevision: r.published_revision,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
    unpublishedChanges: r.published_revision !== r.draft_revision,
  };
}

export function createEditingService(deps: { db: () => Db; clock: Clock; audit: AuditService; reader: CatalogueReader }) {
  const { db, clock, audit, reader } = deps;
  return {
    async list(q: { q?: string; category?: string; district?: string; unpublished?: boolean }, page: number, pageSize: number) {
      const needle = q.q?.trim();
      const rows = (await repo.allRows(db())).filter(
        (r) =>
          (!q.category || r.draft.category === q.category) &&
          (!q.district || r.district_code === q.district) &&
          (!q.unpublished || r.published_revision !== r.draft_revision) &&
          (!needle || r.code.includes(needle) || r.draft.name.includes(needle) || r.draft.shortName.includes(needle)),
      );
      return { total: rows.length, items: rows.slice((page - 1) * pageSize, page * pageSize).map(presentStaffItem) };
    },

    async get(code: string) {
      const row = await repo.row(db(), code);
      if (!row) throw new AppError(P.notFound);
      return presentStaffItem(row);
    },

    async create(principal: Principal | null, code: string, content: ItemContent) {
      const staff = staffOf(principal);
      validateContent(code, content);
      const now = clock.now();
      return db().transaction().execute(async (tx) => {
        if (await repo.row(tx, code)) throw new AppError(CATALOGUE_PROBLEMS.itemExists);
        await tx.insertInto('catalogue_items').values({
          code, level: content.districtCode === CITY_CODE ? 'city' : 'county', district_code: content.districtCode, popularity: 0,
          draft: jsonb(content), draft_revision: 1, draft_updated_at: now, draft_updated_by: staff.staffId,
          published: null, published_revision: null, published_at: null, published_by: null,
        }).execute();
        await audit.record(tx, { actor: { kind: 'staff', ref: staff.staffId }, action: 'catalogue.create-item', details: { code, revision: 1 } });
        return presentStaffItem((await repo.row(tx, code))!);
      });
    },

    async saveDraft(principal: Principal | null, code: string, baseRevision: number, content: ItemContent) {
      const staff = staffOf(principal);
      validateContent(code, content);
      return db().transaction().execute(async (tx) => {
        const row = await repo.rowForUpdate(tx, code);
        if (!row) throw new AppError(P.notFound);
        if (row.draft_revision !== baseRevision) throw new AppError(CATALOGUE_PROBLEMS.staleRevision, { extensions: { currentRevision: row.draft_revision } });
        const revision = row.draft_revision + 1;
        await tx.updateTable('catalogue_items')
          .set({ draft: jsonb(content), draft_revision: revision, draft_updated_at: clock.now(), draft_updated_by: staff.staffId })
          .where('code', '=', code).execute();
        const changed = (Object.keys(content) as (keyof ItemContent)[]).filter((k) => canonical(content[k]) !== canonical(row.draft[k]));
        await audit.record(tx, { actor: { kind: 'staff', ref: staff.staffId }, action: 'catalogue.edit-item', details: { code, revision, fields: changed } });
        return presentStaffItem((await repo.row(tx, code))!);
      });
    },

    async publish(principal: Principal | null, code: string, revision: number) {
      const staff = staffOf(principal);
      const result = await db().transaction().execute(async (tx) => {
        const row = await repo.rowForUpdate(tx, code);
        if (!row) throw new AppError(P.notFound);
        if (row.draft_revision !== revision) throw new AppError(CATALOGUE_PROBLEMS.staleRevision, { extensions: { currentRevision: row.draft_revision } });
        validateContent(code, row.draft); // reference data may have changed since the draft was saved
        // The seed keeps items nobody edited current; once published by staff, the item is the console's (draft_updated_by set).
        await tx.updateTable('catalogue_items')
          .set({ published: jsonb(row.draft), published_revision: revision, published_at: clock.now(), published_by: staff.staffId, draft_updated_by: row.draft_updated_by ?? staff.staffId })
          .where('code', '=', code).execute();
        await audit.record(tx, { actor: { kind: 'staff', ref: staff.staffId }, action: 'catalogue.publish-item', details: { code, revision } });
        return presentStaffItem((await repo.row(tx, code))!);
      });
      await reader.reload(); // citizens and search see the new version now
      return result;
    },

    /** Takes an item off the citizen app (e.g. a repealed 事项); the draft stays for the console. */
    async unpublish(principal: Principal | null, code: string) {
      const staff = staffOf(principal);
      const result = await db().transaction().execute(async (tx) => {
        const row = await repo.rowForUpdate(tx, code);
        if (!row) throw new AppError(P.notFound);
        await tx.updateTable('catalogue_items')
          .set({ published: null, published_revision: null, published_at: null, published_by: staff.staffId, draft_updated_by: row.draft_updated_by ?? staff.staffId })
          .where('code', '=', code).execute();
        await audit.record(tx, { actor: { kind: 'staff', ref: staff.staffId }, action: 'catalogue.unpublish-item', details: { code } });
        return presentStaffItem((await repo.row(tx, code))!);
      });
      await reader.reload();
      return result;
    },
  };
}

export type EditingService = ReturnType<typeof createEditingService>;
