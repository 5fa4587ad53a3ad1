// Daily clean-up of search data (PP-1.9; inventory retention "at most 180 days"): history entries past the retention
// period, the whole history of accounts whose search-history consent is no longer in force (withdrawn in 隐私设置 and
// never searched since), and anonymous hot-search counts past their 30-day window. Each account's deletion is audited
// in its own transaction.
import { sql, type Kysely } from 'kysely';
import type { JobDefinition } from '../../platform/jobs.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Tables } from '../../platform/db/tables.ts';
import type { AuditService } from '../audit/index.ts';
import { HISTORY_MAX_DAYS } from './search.repository.ts';

export const PURGE_HISTORY_JOB = 'search.purge-history';
const HOT_KEEP_DAYS = 31;

export interface PurgeDeps {
  db: Kysely<Tables>;
  clock: Clock;
  audit: AuditService;
  /** whether the account's search-history consent is in force now (the purpose guard) */
  consented(accountId: string): Promise<boolean>;
}

export async function purgeSearchHistory(deps: PurgeDeps): Promise<{ expired: number; withdrawn: number; hot: number }> {
  const now = deps.clock.now();
  const cutoff = new Date(now.getTime() - HISTORY_MAX_DAYS * 86_400_000);
  let expired = 0;
  let withdrawn = 0;
  const { rows } = await sql<{ account_id: string }>`select distinct account_id from search_history`.execute(deps.db);
  for (const { account_id } of rows) {
    const keep = await deps.consented(account_id);
    await deps.db.transaction().execute(async (tx) => {
      let q = tx.deleteFrom('search_history').where('account_id', '=', account_id);
      if (keep) q = q.where('created_at', '<', cutoff);
      const n = Number((await q.executeTakeFirst()).numDeletedRows);
      if (!n) return;
      if (keep) expired += n;
      else withdrawn += n;
      await deps.audit.record(tx, {
        actor: { kind: 'job', ref: PURGE_HISTORY_JOB },
        action: 'search.purge-history',
        subjectId: account_id,
        elements: ['search-keywords', 'clicked-links'],
        purposeId: 'search-history',
        legalBasis: 'consent',
        details: { deleted: n, reason: keep ? 'retention' : 'consent-withdrawn' },
      });
    });
  }
  const hotSince = new Date(now.getTime() + 8 * 3_600_000 - HOT_KEEP_DAYS * 86_400_000).toISOString().slice(0, 10);
  const hot = Number((await deps.db.deleteFrom('search_hot_counts').where('day', '<', hotSince).executeTakeFirst()).numDeletedRows);
  return { expired, withdrawn, hot };
}

export function searchJobs(deps: () => PurgeDeps): JobDefinition<any>[] {
  return [{ name: PURGE_HISTORY_JOB, schedule: '29 3 * * *', retryLimit: 2, handler: async () => void (await purgeSearchHistory(deps())) }];
}
