// Public reading of the catalogue (PP-1.1: no account, no consent). Published items are read once and kept in memory
// (a few hundred rows that change only when staff publish); publish() reloads and then tells the listeners (search
// re-indexes). Districts, halls and categories come with the items.
import type { Db } from '../../platform/db/database.ts';
import { catalogueRepository as repo, type CatalogueItemsTable } from './catalogue.repository.ts';
import { CITY_CODE, type CatalogueItem, type Hall, type ItemContent } from './catalogue.types.ts';
import { CATEGORIES, DISTRICTS } from './data/index.ts';

export type CatalogueListener = (items: CatalogueItem[]) => void | Promise<void>;

const districtName = new Map([[CITY_CODE, '南通市（市级）'], ...DISTRICTS.map((d) => [d.code, d.name] as [string, string])]);
export const nameOfDistrict = (code: string) => districtName.get(code) ?? code;

export function toItem(row: Pick<CatalogueItemsTable, 'code' | 'level' | 'popularity'>, content: ItemContent, revision: number, publishedAt: Date | null): CatalogueItem {
  return {
    ...content,
    code: row.code,
    level: row.level,
    districtName: nameOfDistrict(content.districtCode),
    popularity: row.popularity,
    revision,
    publishedAt: publishedAt ? new Date(publishedAt) : null,
  };
}

export function createCatalogueReader(db: () => Db) {
  let items: Promise<CatalogueItem[]> | undefined;
  let byCode: Promise<Map<string, CatalogueItem>> | undefined;
  let halls: Promise<Hall[]> | undefined;
  const listeners = new Set<CatalogueListener>();

  const load = async () =>
    (await repo.publishedRows(db())).map((r) => toItem(r, r.published!, r.published_revision!, r.published_at));

  const reader = {
    /** Every published item: what citizens see and what search indexes. */
    listPublished(): Promise<CatalogueItem[]> {
      if (!items) {
        const p = load();
        p.catch(() => (items = undefined)); // never cache a failure
        items = p;
        byCode = p.then((list) => new Map(list.map((i) => [i.code, i])));
      }
      return items;
    },
    async getItem(code: string): Promise<CatalogueItem | undefined> {
      await reader.listPublished();
      return (await byCode!).get(code);
    },
    async halls(): Promise<Hall[]> {
      halls ??= repo.halls(db()).then((rows) =>
        rows.map((h) => ({ id: h.id, name: h.name, kind: h.kind, districtCode: h.district_code, address: h.address, openingHours: h.opening_hours, phone: h.phone, lat: Number(h.lat), lng: Number(h.lng) })),
      );
      halls.catch(() => (halls = undefined));
      return halls;
    },
    async categories() {
      const list = await reader.listPublished();
      const counts = new Map<string, number>();
      for (const i of list) counts.set(i.category, (counts.get(i.category) ?? 0) + 1);
      return CATEGORIES.map((c) => ({ ...c, count: counts.get(c.id) ?? 0 }));
    },
    async items(filter: { category?: string; district?: string }, page: number, pageSize: number) {
      const list = (await reader.listPublished())
        .filter((i) => !filter.category || i.category === filter.category)
        .filter((i) => !filter.district || i.districtCode === filter.district)
        .sort((a, b) => b.popularity - a.popularity || a.code.localeCompare(b.code));
      return { total: list.length, items: list.slice((page - 1) * pageSize, page * pageSize) };
    },
    async popular(limit: number) {
      return [...(await reader.listPublished())].sort((a, b) => b.popularity - a.popularity || a.code.localeCompare(b.code)).slice(0, limit);
    },
    async districts() {
      const [list, allHalls] = await Promise.all([reader.listPublished(), reader.halls()]);
      return DISTRICTS.map((d) => ({
        code: d.code,
        name: d.name,
        itemCount: list.filter((i) => i.districtCode === d.code).length,
        halls: allHalls.filter((h) => h.districtCode === d.code),
      }));
    },
    /** Subscribe to catalogue changes (called with the new published list after each publish). Returns unsubscribe. */
    onChange(listener: CatalogueListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Drop the cache and tell listeners (after a publish or a seed). */
    async reload(): Promise<void> {
      items = undefined;
      halls = undefined;
      const list = await reader.listPublished();
      for (const l of listeners) await l(list);
    },
  };
  return reader;
}

export type CatalogueReader = ReturnType<typeof createCatalogueReader>;
