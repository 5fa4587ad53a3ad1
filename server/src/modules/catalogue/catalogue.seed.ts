// Seeding: the catalogue is reference data shipped with the code, upserted at every boot like the reference module's
// divisions. An item a staff member has edited (draft_updated_by set) is never overwritten by the seed: from then on
// the console owns it. Items the seed no longer lists are left alone (codes are never reused).
// A boot whose seed is the one already applied (same fingerprint, rows still there) writes nothing: rewriting 581 jsonb
// rows at every start cost ~1 s of cold start and, on embedded PGlite (no autovacuum), left 581 dead rows per boot.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { jsonb } from './catalogue.repository.ts';
import { HALLS, seedItems, type SeedItem } from './data/index.ts';
import type { ItemContent } from './catalogue.types.ts';

const FINGERPRINT_KEY = 'catalogue.seed_fingerprint';

export function contentOf(i: SeedItem): ItemContent {
  const { code: _c, level: _l, popularity: _p, ...content } = i;
  return content;
}

export async function seedCatalogue(db: Db, clock: Clock): Promise<{ items: number; halls: number }> {
  const items = seedItems();
  const now = clock.now();
  const fingerprint = createHash('sha256').update(JSON.stringify({ items, halls: HALLS })).digest('hex');
  const { rows } = await sql<{ value: { fingerprint?: string } | null; items: number; halls: number }>`
    select (select value from platform_settings where key = ${FINGERPRINT_KEY}) as value,
           (select count(*)::int from catalogue_items) as items, (select count(*)::int from catalogue_halls) as halls`.execute(db);
  const state = rows[0]!;
  if (state.value?.fingerprint === fingerprint && state.items >= items.length && state.halls >= HALLS.length) {
    return { items: items.length, halls: HALLS.length };
  }
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
    await sql`insert into platform_settings (key, value, updated_at) values (${FINGERPRINT_KEY}, ${JSON.stringify({ fingerprint })}::jsonb, ${now})
              on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`.execute(tx);
  });
  return { items: items.length, halls: HALLS.length };
}
