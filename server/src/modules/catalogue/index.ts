// The service catalogue (issue #7): 政务服务事项 with their halls, public browsing (PP-1.1), staff editing with
// draft → publish, favourites and handling records (PP-1.9), usage logs (PP-1.11) and nearby halls (PP-1.12).
// Other modules use it only through this file: search indexes `service.listPublished()` and re-indexes on
// `service.onChange()`; features that handle items (12345) call `recordHandling(tx, …)`.
import type { AppModule } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { catalogueRoutes } from './catalogue.routes.ts';
import { seedCatalogue } from './catalogue.seed.ts';
import { createCatalogueReader, type CatalogueListener } from './catalogue.service.ts';
import type { CatalogueItem } from './catalogue.types.ts';

export type { CatalogueItem, Hall, ItemContent, ItemType, Material, PartnerLink, Category } from './catalogue.types.ts';
export { ITEM_TYPES, CITY_CODE } from './catalogue.types.ts';
export { CATEGORIES, DISTRICTS, HALLS } from './data/index.ts';
export type { CatalogueListener } from './catalogue.service.ts';

export interface CatalogueDeps {
  database: Database;
  clock: Clock;
}

export interface CatalogueService {
  /** every published item (what citizens see, what search indexes) */
  listPublished(): Promise<CatalogueItem[]>;
  getItem(code: string): Promise<CatalogueItem | undefined>;
  /** called with the new published list after every publish; returns an unsubscribe function */
  onChange(listener: CatalogueListener): () => void;
}

export interface CatalogueModule {
  module: AppModule;
  /** upserts halls and the items no staff member has edited; safe at every boot */
  seed(): Promise<{ items: number; halls: number }>;
  service: CatalogueService;
}

export function createCatalogueModule(deps: CatalogueDeps): CatalogueModule {
  const reader = createCatalogueReader(() => deps.database.db);
  return {
    module: {
      name: 'catalogue',
      tag: { name: 'catalogue', description: '服务事项目录 — service items, districts (区县专区) and service halls' },
      routes: catalogueRoutes({ reader }),
    },
    async seed() {
      const counts = await seedCatalogue(deps.database.db, deps.clock);
      await reader.reload();
      return counts;
    },
    service: {
      listPublished: () => reader.listPublished(),
      getItem: (code) => reader.getItem(code),
      onChange: (l) => reader.onChange(l),
    },
  };
}
