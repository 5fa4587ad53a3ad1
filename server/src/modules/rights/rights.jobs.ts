// Scheduled and queued jobs of the rights centre (payloads carry ids only).
import { sql } from 'kysely';
import type { JobDefinition } from '../../platform/jobs.ts';
import type { RightsContext } from './context.ts';
import { BUILD_EXPORT_JOB, type ExportService } from './rights.export.ts';
import { eraseSubject, purgeStorageOnly } from './subject-data.ts';

export const PURGE_STORAGE_JOB = 'rights.purge-storage-only';
export const MINORS_SWEEP_JOB = 'rights.sweep-minors';

/** PP-5.2: PI of a child under 14 collected without verifiable guardian consent (no active guardian link) is deleted,
 * each deletion audited. Returns the accounts swept. */
export async function sweepMinors(ctx: RightsContext): Promise<string[]> {
  const db = ctx.database.db;
  const { rows } = await sql<{ account_id: string }>`
    select r.account_id from realname_identities r
     where not exists (select 1 from guardian_links g where g.minor_account_id = r.account_id and g.revoked_at is null)`.execute(db);
  const swept: string[] = [];
  for (const { account_id } of rows) {
    if ((await ctx.ageBand(account_id)) !== 'under-14') continue;
    await db.transaction().execute(async (tx) => {
      const receipts = await eraseSubject(tx, account_id, ctx.decls, { scopes: ['app'], shredAccountKey: false, now: ctx.clock.now() }, ctx.engine);
      await ctx.audit.record(tx, {
        actor: { kind: 'job', ref: MINORS_SWEEP_JOB }, action: 'rights.erase-minor-without-consent', subjectId: account_id, purposeId: 'minor-guardian', legalBasis: 'legal-obligation',
        details: { stores: receipts.filter((r) => r.rows > 0).map((r) => ({ table: r.table, action: r.action, rows: r.rows })) },
      });
    });
    swept.push(account_id);
  }
  return swept;
}

export function rightsJobs(ctx: RightsContext, exports: ExportService): JobDefinition<any>[] {
  return [
    { name: BUILD_EXPORT_JOB, retryLimit: 3, handler: async (data: { exportId: string }) => exports.build(data.exportId) },
    // LAW-7: kept as long as the law requires, not longer; expired export files go too
    { name: PURGE_STORAGE_JOB, schedule: '17 2 * * *', retryLimit: 2, handler: async () => void (await purgeStorageOnly(ctx.database.db, ctx.clock.now()), await exports.expire()) },
    { name: MINORS_SWEEP_JOB, schedule: '41 2 * * *', retryLimit: 2, handler: async () => void (await sweepMinors(ctx)) },
  ];
}
