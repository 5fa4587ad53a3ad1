// Daily expiry reminders (PP-1.16 证件到期提醒): for each card whose validity ends within 30 days, one in-app message
// at the 30-day threshold and one at the 7-day threshold — never twice (the reminded_* marks are set in the same
// transaction as the outbox row). Only while the 'ecard-reminders' consent is in force: an account whose consent is not
// (withdrawn while the withdrawal listener failed, or a newer policy version not yet accepted… ) gets no reminder, and
// a withdrawn consent's cards are deleted here as the backstop of the withdrawal listener (PP-4.4).
// The scheduled job's payload is {} (ids only, platform/jobs.ts).
import type { JobDefinition } from '../../platform/jobs.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { addPlainDays, plainDaysBetween, shanghaiDate } from '../../platform/calendar.ts';
import type { NotificationsService } from '../notifications/index.ts';
import { kindById } from './ecards.kinds.ts';
import { ecardsRepository as repo } from './ecards.repository.ts';
import { ECARD_PURPOSE, type EcardsService } from './ecards.service.ts';
import { EXPIRY_TEMPLATE } from './ecards.templates.ts';

export const REMIND_JOB = 'ecards.remind-expiring';
export const THRESHOLDS = [30, 7] as const;

export interface RemindDeps {
  database: Database;
  clock: Clock;
  service: EcardsService;
  notifications: Pick<NotificationsService, 'enqueue'>;
  /** whether the account's consent was withdrawn (as opposed to never given at the current version) */
  withdrawn?: (accountId: string) => Promise<boolean>;
}

export async function remindExpiring(deps: RemindDeps): Promise<{ reminded: number; skipped: number; erased: number }> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const today = shanghaiDate(now);
  let reminded = 0;
  let skipped = 0;
  let erased = 0;
  const consent = new Map<string, boolean>();
  const consented = async (accountId: string) => {
    let ok = consent.get(accountId);
    if (ok === undefined) consent.set(accountId, (ok = await deps.service.consented(accountId)));
    return ok;
  };
  for (const row of await repo.dueForReminder(db, today, addPlainDays(today, THRESHOLDS[0]))) {
    if (!(await consented(row.account_id))) {
      skipped++;
      continue;
    }
    const days = plainDaysBetween(today, row.valid_until!);
    // the nearest threshold reached decides; a card added 5 days before expiry gets the 7-day reminder only
    const threshold = days <= 7 ? 7 : 30;
    if ((threshold === 7 ? row.reminded_7_at : row.reminded_30_at) !== null) continue;
    await db.transaction().execute(async (tx) => {
      if (!(await repo.markReminded(tx, row.id, threshold, now))) return; // another worker got there first
      if (threshold === 7 && row.reminded_30_at === null) await repo.markReminded(tx, row.id, 30, now);
      const kind = kindById(row.kind);
      await deps.notifications.enqueue(tx, {
        recipient: { kind: 'account', ref: row.account_id },
        channel: 'inapp',
        template: EXPIRY_TEMPLATE,
        params: { card: kind?.nameZh ?? row.kind, date: row.valid_until!, days: String(Math.max(days, 0)) },
        actor: { kind: 'job', ref: REMIND_JOB },
        purposeId: ECARD_PURPOSE,
      });
      reminded++;
    });
  }
  // Backstop of PP-4.4: cards of accounts whose consent was withdrawn go now.
  if (deps.withdrawn) {
    for (const accountId of await repo.accounts(db)) {
      if ((await consented(accountId)) || !(await deps.withdrawn(accountId))) continue;
      erased += await db.transaction().execute((tx) => deps.service.eraseAccount(tx, accountId, 'consent-withdrawn', { kind: 'job', ref: REMIND_JOB }));
    }
  }
  return { reminded, skipped, erased };
}

export function ecardsJobs(deps: () => RemindDeps): JobDefinition<any>[] {
  // 08:05 Asia/Shanghai (00:05 UTC): reminders arrive in the morning
  return [{ name: REMIND_JOB, schedule: '5 0 * * *', retryLimit: 2, handler: async () => void (await remindExpiring(deps())) }];
}
