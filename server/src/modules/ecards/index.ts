// The ecards module: 电子卡证 (PP-1.16) — a citizen's electronic cards (number and validity only) for quick display,
// a QR code for counters, and expiry reminders, all under the 'ecard-reminders' consent. Other modules import from here.
//   const ecards = createEcardsModule({ database, clock, cipher, audit, guard, notifications, sessionSecret, levels, stepUp });
//   for (const def of ecards.jobs) registry.define(def); modules.push(ecards.module);
//   privacy.consents.onWithdrawn(ecards.onWithdrawn);   // PP-4.4
// PP-1.17: with `sharing` and `issuers`, a card can be fetched from its issuing department under the citizen's authorisation.
import type { AppModule } from '../../app.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import type { ConsentService, Subject } from '../privacy/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import './ecards.templates.ts';
import { ecardsJobs } from './ecards.jobs.ts';
import { ecardsRoutes } from './ecards.routes.ts';
import { ECARD_PURPOSE, EcardsService, type EcardsDeps } from './ecards.service.ts';

export { EcardsService, ECARD_PURPOSE, ECARD_PROBLEMS, ALLOWED_FIELDS, NUMBER_AAD, type Card } from './ecards.service.ts';
export { remindExpiring, REMIND_JOB, THRESHOLDS } from './ecards.jobs.ts';
export { CARD_KINDS, kindById, maskNumber, type CardKind } from './ecards.kinds.ts';
export { VERIFY_SCOPE } from './ecards.routes.ts';
export { QR_TTL_SECONDS } from './ecards.token.ts';
export { sandboxEcardIssuers, sourceOf, type EcardIssuers } from './ecards.issuers.ts';
export { EXPIRY_TEMPLATE } from './ecards.templates.ts';

export interface EcardsModule {
  module: AppModule;
  service: EcardsService;
  /** the daily expiry-reminder job — `registry.define` each */
  jobs: JobDefinition<any>[];
  /** PP-4.4: register with privacy.consents.onWithdrawn — withdrawing 'ecard-reminders' deletes the account's cards */
  onWithdrawn(subject: Subject, purposeId: string): Promise<void>;
}

export function createEcardsModule(
  deps: EcardsDeps & { notifications: Pick<NotificationsService, 'enqueue'>; consents?: Pick<ConsentService, 'latest'> },
): EcardsModule {
  const service = new EcardsService(deps);
  const withdrawn = deps.consents
    ? async (accountId: string) => (await deps.consents!.latest({ kind: 'account', ref: accountId }, ECARD_PURPOSE))?.granted === false
    : undefined;
  return {
    module: {
      name: 'ecards',
      tag: { name: 'ecards', description: '电子卡证: 卡号与有效期(PP-1.16)，出示二维码，到期提醒(需授权)' },
      routes: ecardsRoutes(service),
    },
    service,
    jobs: ecardsJobs(() => ({ database: deps.database, clock: deps.clock, service, notifications: deps.notifications, withdrawn })),
    async onWithdrawn(subject, purposeId) {
      if (purposeId !== ECARD_PURPOSE || subject.kind !== 'account') return;
      await deps.database.db.transaction().execute((tx) => service.eraseAccount(tx, subject.ref, 'consent-withdrawn'));
    },
  };
}
