// PP-6.1: after a major change every user gets a prominent notice — an in-app message, and SMS and email where the
// user has those channels — through the notifications outbox. Publishing queues ANNOUNCE_JOB {version}; it pages
// through the accounts that hold consent records and fans out one batch job per page, carrying account ids only.
// Minor changes are shown in the app only (pop-up and red dot). Payloads: { versionId } and { versionId, accountIds }.
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../../platform/db/database.ts';
import type { Tables } from '../../../platform/db/tables.ts';
import type { JobDefinition, Jobs } from '../../../platform/jobs.ts';
import { defineTemplate, type NotificationsService } from '../../notifications/index.ts';
import { ANNOUNCE_JOB } from './policy.service.ts';

export const ANNOUNCE_BATCH_JOB = 'privacy.announce-policy-batch';
export const POLICY_TEMPLATE = 'privacy-policy-major-change';
const PAGE = 200;

/**
 * Where to reach an account: the identity module provides it (mobile / email only where the user keeps that channel;
 * preferred locale). Until it does, only in-app messages are sent. Called outside any transaction.
 */
export interface ContactDirectory {
  lookup(accountIds: string[]): Promise<Map<string, { mobile?: string; email?: string; locale?: 'zh-CN' | 'en' }>>;
}

let defined = false;
/** Registers the module's templates once per process (called when the module is created, not at import: the
 * notifications module imports privacy, so privacy may not use its exports while modules are still loading). */
export function definePolicyTemplates() {
  if (defined) return;
  defined = true;
  defineTemplate({
    name: POLICY_TEMPLATE,
    sensitive: false,
    params: ['version'],
    text: {
      'zh-CN': {
        subject: '南通百通隐私政策重大变更通知',
        body: '【南通百通】我们的隐私政策已更新至第{{version}}版，涉及重大变更。请打开南通百通APP，在“我的-隐私政策”中查看具体变更内容；部分功能需要您重新同意后才能继续使用。',
      },
      en: {
        subject: 'Important changes to the Nantong Baitong privacy policy',
        body: '[Nantong Baitong] Our privacy policy has been updated to version {{version}} with major changes. Open the app and see "Me – Privacy policy" for what changed; some features need your consent again.',
      },
    },
  });
}

export function announceJobs(deps: { database: Database; jobs: Jobs; notifications?: NotificationsService; contacts?: ContactDirectory | (() => ContactDirectory | undefined) }): JobDefinition<any>[] {
  const { database } = deps;
  return [
    {
      name: ANNOUNCE_JOB,
      retryLimit: 3,
      async handler(data: { versionId: number }) {
        let after = '';
        for (;;) {
          const rows = await sql<{ ref: string }>`
            select distinct subject_ref as ref from consent_records
            where subject_kind = 'account' and subject_ref > ${after} order by subject_ref limit ${PAGE}`.execute(database.db);
          if (!rows.rows.length) break;
          const accountIds = rows.rows.map((r) => r.ref);
          await deps.jobs.send(ANNOUNCE_BATCH_JOB, { versionId: data.versionId, accountIds });
          after = accountIds[accountIds.length - 1]!;
        }
      },
    },
    {
      name: ANNOUNCE_BATCH_JOB,
      retryLimit: 3,
      async handler(data: { versionId: number; accountIds: string[] }) {
        if (!deps.notifications) return;
        const n = deps.notifications;
        // addresses are looked up before the transaction (on PGlite a query outside the open transaction would wait for it)
        const directory = typeof deps.contacts === 'function' ? deps.contacts() : deps.contacts;
        const contacts = (await directory?.lookup(data.accountIds)) ?? new Map();
        await database.db.transaction().execute(async (tx) => {
          for (const id of data.accountIds) {
            const c = contacts.get(id);
            const base = { recipient: { kind: 'account' as const, ref: id }, template: POLICY_TEMPLATE, params: { version: data.versionId }, locale: c?.locale, purposeId: 'account-messages' };
            await n.enqueue(tx as Transaction<Tables>, { ...base, channel: 'inapp' });
            if (c?.mobile) await n.enqueue(tx as Transaction<Tables>, { ...base, channel: 'sms', recipient: { ...base.recipient, address: c.mobile } });
            if (c?.email) await n.enqueue(tx as Transaction<Tables>, { ...base, channel: 'email', recipient: { ...base.recipient, address: c.email } });
          }
        });
      },
    },
  ];
}
