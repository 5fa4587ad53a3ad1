// The service catalogue (issue #7): 政务服务事项 with their halls, public browsing (PP-1.1), staff editing with
// draft → publish, favourites and handling records (PP-1.9), usage logs (PP-1.11) and nearby halls (PP-1.12).
// Other modules use it only through this file: search indexes `service.listPublished()` and re-indexes on
// `service.onChange()`; features that handle items (12345) call `service.recordHandling(tx, …)`.
import type { Transaction } from 'kysely';
import type { AppModule } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import type { JobDefinition, Jobs } from '../../platform/jobs.ts';
import type { AuditService } from '../audit/index.ts';
import type { ConsentService, PurposeGuard, Subject } from '../privacy/index.ts';
import { catalogueJobs } from './catalogue.jobs.ts';
import { adminRoutes } from './catalogue.admin.routes.ts';
import { createEditingService } from './catalogue.editing.ts';
import { createPersonalService, type HandlingInput } from './catalogue.personal.ts';
import { personalRoutes } from './catalogue.personal.routes.ts';
import { catalogueRoutes } from './catalogue.routes.ts';
import { seedCatalogue } from './catalogue.seed.ts';
import { createCatalogueReader, type CatalogueListener } from './catalogue.service.ts';
import type { CatalogueItem } from './catalogue.types.ts';

export type { CatalogueItem, Hall, ItemContent, ItemType, Material, PartnerLink, Category } from './catalogue.types.ts';
export { ITEM_TYPES, CITY_CODE } from './catalogue.types.ts';
export { CATEGORIES, DISTRICTS, HALLS } from './data/index.ts';
export type { CatalogueListener } from './catalogue.service.ts';
export type { HandlingInput } from './catalogue.personal.ts';
export type { HandlingStatus } from './catalogue.repository.ts';
export { HANDLING_STATUSES, K_ANONYMITY, RECORD_HANDLING_JOB } from './catalogue.personal.ts';
export { CATALOGUE_PROBLEMS } from './catalogue.editing.ts';
export { PURGE_USAGE_JOB, PURGE_WITHDRAWN_JOB, USAGE_LOG_RETENTION_DAYS } from './catalogue.jobs.ts';

export interface CatalogueDeps {
  database: Database;
  clock: Clock;
  /** privacy.guard: PP-1.9 / PP-1.11 / PP-1.12 purposes */
  guard: PurposeGuard;
  /** privacy.consents: the daily purge tells a withdrawal from a consent awaiting a new policy version (optional: without it that purge is not registered) */
  consents?: Pick<ConsentService, 'latest'>;
  audit: AuditService;
  jobs: Jobs;
  /** kernel.blindIndex: usage logs are keyed by a pseudonym of the subject, never the id */
  blindIndex: (kind: string, value: string) => Buffer;
}

export interface CatalogueService {
  /** every published item (what citizens see, what search indexes) */
  listPublished(): Promise<CatalogueItem[]>;
  getItem(code: string): Promise<CatalogueItem | undefined>;
  /** called with the new published list after every publish; returns an unsubscribe function */
  onChange(listener: CatalogueListener): () => void;
  /**
   * 办事记录 (PP-1.9) for the features that handle items: call inside your transaction; the record is written (by a
   * job, after commit) only if the citizen's search-history consent is in force. Same (account, item, reference)
   * again updates the status.
   */
  recordHandling(tx: Transaction<any>, input: HandlingInput): Promise<void>;
  /** for erasure: deletes the account's favourites and handling records in the caller's transaction */
  eraseAccount(tx: Transaction<any>, accountId: string): Promise<{ favourites: number; handlingRecords: number }>;
  /**
   * Anonymous usage statistics (PP-1.11): uses per item in [from, to) over usage logs written with the
   * usage-statistics consent only, items used by fewer than K_ANONYMITY people suppressed. Search ranks by it.
   */
  usageStatistics(from: Date, to: Date): Promise<{ items: { itemCode: string; uses: number }[] }>;
}

export interface CatalogueModule {
  module: AppModule;
  /** upserts halls and the items no staff member has edited; safe at every boot */
  seed(): Promise<{ items: number; halls: number }>;
  service: CatalogueService;
  /** register with the job registry (catalogue.record-handling, the daily purges) */
  jobs: JobDefinition<any>[];
}

export function createCatalogueModule(deps: CatalogueDeps): CatalogueModule {
  const db = () => deps.database.db;
  const reader = createCatalogueReader(db);
  const personal = createPersonalService({
    db, clock: deps.clock, guard: deps.guard, audit: deps.audit, jobs: deps.jobs, reader,
    pseudonym: (s: Subject) => deps.blindIndex('catalogue-usage', `${s.kind}:${s.ref}`).toString('hex'),
  });
  const editing = createEditingService({ db, clock: deps.clock, audit: deps.audit, reader });
  const publicRoutes = catalogueRoutes({ reader });
  const ownRoutes = personalRoutes(personal);
  const consoleRoutes = adminRoutes(editing);
  return {
    module: {
      name: 'catalogue',
      tag: { name: 'catalogue', description: '服务事项目录 — service items, districts (区县专区), service halls, favourites and handling records' },
      routes: async (app) => {
        await publicRoutes(app);
        await ownRoutes(app);
        await consoleRoutes(app);
      },
    },
    async seed() {
      const counts = await seedCatalogue(deps.database.db, deps.clock);
      await reader.reload();
      return counts;
    },
    jobs: [...personal.jobs, ...catalogueJobs({ db, clock: deps.clock, consents: deps.consents ?? null, audit: deps.audit })],
    service: {
      listPublished: () => reader.listPublished(),
      getItem: (code) => reader.getItem(code),
      onChange: (l) => reader.onChange(l),
      recordHandling: (tx, input) => personal.recordHandling(tx, input),
      eraseAccount: (tx, accountId) => personal.eraseAccount(tx, accountId),
      usageStatistics: (from, to) => personal.usageStatistics(from, to),
    },
  };
}
