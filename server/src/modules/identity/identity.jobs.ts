// Housekeeping: codes, step-up proofs and throttle windows are useless after a day; ended sessions after 30 days;
// sign-in history is kept 12 months (LAW-7: security logs at least 6 months; the inventory says at most 12).
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import type { IdentityRepository } from './identity.repository.ts';

export const PURGE_JOB = 'identity.purge-expired';
const DAY = 86_400_000;

export async function purgeExpired(repo: IdentityRepository, now: Date) {
  const before = (ms: number) => new Date(now.getTime() - ms);
  const db = repo.db;
  const otp = await db.deleteFrom('otp_challenges').where('expires_at', '<', before(DAY)).executeTakeFirst();
  await db.deleteFrom('step_up_proofs').where('proved_at', '<', before(DAY)).execute();
  await db.deleteFrom('login_source_throttle').where('window_started_at', '<', before(DAY)).execute();
  const sessions = await db
    .deleteFrom('account_sessions')
    .where((eb) => eb.or([eb('ended_at', '<', before(30 * DAY)), eb('absolute_expires_at', '<', before(30 * DAY))]))
    .executeTakeFirst();
  const events = await db.deleteFrom('login_events').where('occurred_at', '<', sql<Date>`${before(365 * DAY)}::timestamptz`).executeTakeFirst();
  return { otp: Number(otp.numDeletedRows), sessions: Number(sessions.numDeletedRows), events: Number(events.numDeletedRows) };
}

export function identityJobs(repo: IdentityRepository, clock: Clock): JobDefinition[] {
  return [{ name: PURGE_JOB, schedule: '17 3 * * *', retryLimit: 2, handler: async () => void (await purgeExpired(repo, clock.now())) }];
}
