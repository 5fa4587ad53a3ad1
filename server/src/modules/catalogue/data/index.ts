// The seeded catalogue: city-wide items, the county templates expanded for the seven county-level divisions, and the
// items one division has alone. Built once per process; `validateSeed` fails the boot on a duplicate code, an unknown
// category, hall or sharing category.
import { COUNTIES } from '../../reference/index.ts';
import { sharingList } from '../../privacy/index.ts';
import { CITY_CODE } from '../catalogue.types.ts';
import { buildItem, type SeedItem } from './build.ts';
import { CATEGORY_IDS } from './categories.ts';
import { hallById } from './halls.ts';
import { CITY_ITEMS } from './items.city.ts';
import { COUNTY_TEMPLATES, DISTRICT_ONLY } from './items.county.ts';

export { CATEGORIES, CATEGORY_IDS } from './categories.ts';
export { HALLS, hallById, COUNTY_HALL } from './halls.ts';
export type { SeedItem } from './build.ts';

/** The seven county-level divisions with GB/T 2260 codes (the 区县专区); the functional zone is not one of them. */
export const DISTRICTS = COUNTIES.filter((c) => c.kind !== 'functional-zone').map((c) => ({ code: c.code, name: c.name }));

let built: SeedItem[] | undefined;
export function seedItems(): SeedItem[] {
  if (built) return built;
  const items = [
    ...CITY_ITEMS.map((d) => buildItem(d, CITY_CODE)),
    ...DISTRICTS.flatMap((district) => COUNTY_TEMPLATES.map((d) => buildItem(d, district.code))),
    ...DISTRICT_ONLY.map(({ district, ...d }) => buildItem(d, district)),
  ];
  validateSeed(items);
  return (built = items);
}

export function validateSeed(items: SeedItem[]): void {
  const codes = new Set<string>();
  const sharing = new Set(sharingList().map((c) => c.category));
  for (const i of items) {
    if (codes.has(i.code)) throw new Error(`duplicate catalogue code ${i.code}`);
    codes.add(i.code);
    if (!CATEGORY_IDS.includes(i.category)) throw new Error(`${i.code}: unknown category ${i.category}`);
    for (const h of i.hallIds) if (!hallById.has(h)) throw new Error(`${i.code}: unknown hall ${h}`);
    if (i.partner && !sharing.has(i.partner.sharingCategory)) throw new Error(`${i.code}: unknown sharing category ${i.partner.sharingCategory}`);
  }
}
