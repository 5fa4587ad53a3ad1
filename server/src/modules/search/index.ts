// The search module: an in-process index over the published catalogue, suggestions, 热门搜索, and the search
// history under the search-history purpose (PP-1.9). Other modules import from here only.
//   const search = await createSearchModule({ …kernel, privacy, catalogue: { listPublished, onChange, categories } });
//   modules.push(search.module);
import type { AppModule } from '../../app.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { searchJobs } from './search.jobs.ts';
import { searchRoutes } from './search.routes.ts';
import { SearchService, type SearchServiceDeps } from './search.service.ts';
import type { SearchableItem } from './engine/engine.ts';

export { SearchIndex, type SearchableItem, type CategoryLabel, type SearchOutcome, type Suggestion, type Hit } from './engine/engine.ts';
export { purgeSearchHistory, PURGE_HISTORY_JOB } from './search.jobs.ts';
export { SearchService, HISTORY_PURPOSE, HOT_MIN_COUNT, SEARCH_PROBLEMS, type CatalogueSource } from './search.service.ts';

export interface SearchModule<T extends SearchableItem> {
  module: AppModule;
  service: SearchService<T>;
  /** daily purge: history past 180 days or without consent, hot counts past 30 days — `registry.define` each */
  jobs: JobDefinition<any>[];
  close(): Promise<void>;
}

export async function createSearchModule<T extends SearchableItem>(deps: SearchServiceDeps<T>): Promise<SearchModule<T>> {
  const service = new SearchService<T>({ ...deps, logger: deps.logger.child({ module: 'search' }) });
  await service.start();
  return {
    module: {
      name: 'search',
      tag: { name: 'search', description: '服务搜索：拼音/简拼/口语词/错字容错，搜索历史(需授权)与热门搜索' },
      routes: searchRoutes(service),
    },
    service,
    jobs: searchJobs(() => ({ db: deps.database.db, clock: deps.clock, audit: deps.audit, consented: (accountId) => service.consented(accountId) })),
    close: () => service.stop(),
  };
}
