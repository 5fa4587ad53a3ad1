// Data access for the catalogue and the declaration of its tables (migration 0040).
import { sql, type Generated, type Kysely } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import type { ItemContent } from './catalogue.types.ts';

export interface CatalogueHallsTable {
  id: string;
  name: string;
  kind: 'city' | 'county' | 'branch';
  district_code: string;
  address: string;
  opening_hours: string;
  phone: string;
  lat: number;
  lng: number;
}

export interface CatalogueItemsTable {
  code: string;
  level: 'city' | 'county';
  district_code: string;
  popularity: number;
  draft: ItemContent;
  draft_revision: number;
  draft_updated_at: Date;
  draft_updated_by: string | null;
  published: ItemContent | null;
  published_revision: number | null;
  published_at: Date | null;
  published_by: string | null;
}

export interface CatalogueFavouritesTable {
  account_id: string;
  item_code: string;
  created_at: Date;
}

export type HandlingStatus = 'started' | 'submitted' | 'accepted' | 'in-progress' | 'completed' | 'rejected' | 'withdrawn';

export interface CatalogueHandlingRecordsTable {
  id: Generated<string>;
  account_id: string;
  item_code: string;
  status: HandlingStatus;
  reference: string;
  started_at: Date;
  updated_at: Date;
}

export interface CatalogueUsageLogsTable {
  id: Generated<string>;
  subject_pseudonym: string;
  item_code: string;
  opened_at: Date;
  duration_ms: number | null;
  for_statistics: boolean;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    catalogue_halls: CatalogueHallsTable;
    catalogue_items: CatalogueItemsTable;
    catalogue_favourites: CatalogueFavouritesTable;
    catalogue_handling_records: CatalogueHandlingRecordsTable;
    catalogue_usage_logs: CatalogueUsageLogsTable;
  }
}

type Executor = Kysely<Tables>;

/** jsonb parameters: PGlite and node-postgres both accept a JSON string cast to jsonb. */
export const jsonb = (v: unknown) => sql<any>`cast(${JSON.stringify(v)} as jsonb)`;

export const catalogueRepository = {
  publishedRows: (db: Executor) =>
    db.selectFrom('catalogue_items').selectAll().where('published', 'is not', null).orderBy('code').execute(),
  allRows: (db: Executor) => db.selectFrom('catalogue_items').selectAll().orderBy('code').execute(),
  row: (db: Executor, code: string) => db.selectFrom('catalogue_items').selectAll().where('code', '=', code).executeTakeFirst(),
  rowForUpdate: (db: Executor, code: string) =>
    db.selectFrom('catalogue_items').selectAll().where('code', '=', code).forUpdate().executeTakeFirst(),
  halls: (db: Executor) => db.selectFrom('catalogue_halls').selectAll().orderBy('kind').orderBy('id').execute(),
};
