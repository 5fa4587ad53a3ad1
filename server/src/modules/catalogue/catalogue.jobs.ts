// Housekeeping jobs of the catalogue:
//  - usage logs are kept at least six months (网络安全法 art. 21, LAW-7) and at most twelve (inventory: usage-logs);
//  - 收藏 and 办事记录 are kept "until removed by the user or withdrawal of consent" (inventory; PP-1.9, PP-4.4): an
//    account whose latest search-history record is a withdrawal loses them. A consent that merely predates a new
//    policy version is not a withdrawal — the data waits, unused (the guard refuses), for the re-consent.
import { sql } from 'kysely';
import type { AuditService } from '../audit/index.ts';
import type { ConsentService } from '../privacy/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { JobDefinition } from '../../platform/jobs.ts';

export const PURGE_USAGE_JOB = 'catalogue.purge-usage-logs';
export const PURGE_WITHDRAWN_JOB = 'catalogue.purge-withdrawn';
export const USAGE_LOG_RETENTION_DAYS = 365;

export async function purgeUsageLogs(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - USAGE_LOG_RETENTION_DAYS * 86_400_000);
  const res = await db.deleteFrom('catalogue_usage_logs').where('opened_at', '<', cutoff).executeTakeFirst();
  return Number(res.numDeletedRows);
}

export async function purgeWithdrawn(deps: { db: Db; consents: Pick<ConsentService, 'latest'>; audit: AuditService }): Promise<number> {
  const { rows } = await sql<{ account_id: string }>`
    select account_id from catalogue_favourites union select account_id from catalogue_handling_records`.execute(deps.db);
  let purged = 0;
  for (const { account_id } of rows) {
    const latest = await deps.consents.latest({ kind: 'account', ref: account_id }, 'search-history');
    if (!latest || latest.granted) continue;
    await deps.db.transaction().execute(async (tx) => {
      const f = await tx.deleteFrom('catalogue_favourites').where('account_id', '=', account_id).executeTakeFirst();
      const h = await tx.deleteFrom('catalogue_handling_records').where('account_id', '=', account_id).executeTakeFirst();
      await deps.audit.record(tx, {
        actor: { kind: 'job', ref: PURGE_WITHDRAWN_JOB }, action: 'catalogue.purge-withdrawn', subjectId: account_id,
        elements: ['favourites', 'handling-records'], purposeId: 'search-history', legalBasis: 'consent',
        details: { favourites: Number(f.numDeletedRows), handlingRecords: Number(h.numDeletedRows), consentRecordId: latest.id },
      });
    });
    purged++;
  }
  return purged;
}

export function catalogueJobs(deps: { db: () => Db; clock: Clock; consents: Pick<ConsentService, 'latest'> | null; audit: AuditService }): JobDefinition<any>[] {
  const consents = deps.consents;
  return [
    { name: PURGE_USAGE_JOB, schedule: '23 2 * * *', retryLimit: 2, handler: async () => void (await purgeUsageLogs(deps.db(), deps.clock.now())) },
    ...(consents
      ? [{ name: PURGE_WITHDRAWN_JOB, schedule: '41 2 * * *', retryLimit: 2, handler: async () => void (await purgeWithdrawn({ db: deps.db(), consents, audit: deps.audit })) }]
      : []),
  ];
}
