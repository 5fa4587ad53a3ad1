// Seeding: the catalogue is reference data shipped with the code, upserted at every boot like the reference module's
// divisions. An item a staff member has edited (draft_updated_by set) is never overwritten by the seed: from then on
// the console owns it. Items the seed no longer lists are left alone (codes are never reused).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { jsonb } from './catalogue.repository.ts';
import { HALLS, seedItems, type SeedItem } from './data/index.ts';
import type { ItemContent } from './catalogue.types.ts';

export function contentOf(i: SeedItem): ItemContent {
  const { code: _c, level: _l, popularity: _p, ...content } = i;
  return content;
}

export async function seedCatalogue(db: Db, clock: Clock): Promise<{ items: number; halls: number }> {
  const items = seedItems();
  const now = clock.now();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('catalogue_halls')
      .values(HALLS.map((h) => ({ id: h.id, name: h.name, kind: h.kind, district_code: h.districtCode, address: h.address, opening_hours: h.openingHours, phone: h.phone, lat: h.lat, lng: h.lng })))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'), kind: eb.ref('excluded.kind'), district_code: eb.ref('excluded.district_code'),
          address: eb.ref('excluded.address'), opening_hours: eb.ref('excluded.opening_hours'), phone: eb.ref('excluded.phone'),
          lat: eb.ref('excluded.lat'), lng: eb.ref('excluded.lng'),
        })),
      )
      .execute();
    for (let i = 0; i < items.length; i += 200) {
      const chunk = items.slice(i, i + 200);
      await tx
        .insertInto('catalogue_items')
        .values(
          chunk.map((item) => {
            const content = jsonb(contentOf(item));
            return {
              code: item.code, level: item.level, district_code: item.districtCode, popularity: item.popularity,
              draft: content, draft_revision: 1, draft_updated_at: now, draft_updated_by: null,
              published: content, published_revision: 1, published_at: now, published_by: null,
            };
          }),
        )
        .onConflict((oc) =>
          oc
            .column('code')
            .doUpdateSet((eb) => ({
              draft: eb.ref('excluded.draft'), published: eb.ref('excluded.published'), popularity: eb.ref('excluded.popularity'),
              level: eb.ref('excluded.level'), district_code: eb.ref('excluded.district_code'),
            }))
            .where('catalogue_items.draft_updated_by', 'is', null),
        )
        .execute();
    }
  });
  return { items: items.length, halls: HALLS.length };
}
