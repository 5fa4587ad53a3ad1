// The notifications module: the messaging outbox every feature uses. Other modules import from here only.
//   const n = createNotificationsModule({ database, jobs, logger, clock, config, cipher, audit });
//   for (const def of n.jobs) registry.define(def);
//   … later, inside a feature's transaction: await n.service.enqueue(tx, { recipient, channel, template, params })
import type { AppModule, ProviderStatus } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import type { JobDefinition, Jobs } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { AuditService } from '../audit/index.ts';
import { createEmailSender, type EmailSender } from './email.ts';
import { notificationJobs } from './notifications.jobs.ts';
import { NotificationsRepository } from './notifications.repository.ts';
import { notificationRoutes } from './notifications.routes.ts';
import { NotificationsService } from './notifications.service.ts';
import { SandboxSmsProvider, type SmsProvider } from './sms-provider.ts';

export { NotificationsService, DELIVER_JOB, type EnqueueInput, type Recipient } from './notifications.service.ts';
export { defineTemplate, render, type Locale, type Template } from './templates.ts';
export { normaliseMobile, SmsError, type SmsProvider } from './sms-provider.ts';
export { maskMobile, maskEmail, ENCRYPTED_ADDRESS } from './notifications.presenter.ts';
export type { Channel, OutboxStatus } from './notifications.repository.ts';

export interface NotificationsDeps {
  database: Database;
  /** the job queue: enqueue() sends the delivery job through it, in the caller's transaction */
  jobs: Jobs;
  logger: Logger;
  clock: Clock;
  config: Config;
  /** encrypts the outbox's addresses and sensitive bodies under the recipient's subject key */
  cipher: FieldCipher;
  /** records enqueueing and delivery to a gateway, in the same transaction */
  audit: AuditService;
  /** override the SMS gateway (tests, a future production adapter) */
  sms?: SmsProvider;
  /** simulated sandbox latency; default 0 in test, 150 ms otherwise */
  smsLatencyMs?: number;
  /** sandbox per-number limits; perMinute defaults to config.SMS_SANDBOX_PER_MINUTE (1) */
  smsLimits?: { perMinute?: number; perHour?: number };
}

export interface NotificationsModule {
  module: AppModule;
  service: NotificationsService;
  jobs: JobDefinition<any>[];
  providers: ProviderStatus[];
  /** closes the SMTP connection pool */
  close(): void;
}

export function createNotificationsModule(deps: NotificationsDeps): NotificationsModule {
  const { database, jobs, clock, config } = deps;
  const logger = deps.logger.child({ module: 'notifications' });
  const sms =
    deps.sms ??
    new SandboxSmsProvider({
      db: database.db,
      clock,
      logger,
      nodeEnv: config.NODE_ENV,
      latencyMs: deps.smsLatencyMs ?? (config.NODE_ENV === 'test' ? 0 : 150),
      perMinute: config.SMS_SANDBOX_PER_MINUTE,
      ...deps.smsLimits,
    });
  if (sms.sandbox) logger.info({ provider: sms.name, sandbox: true }, 'SMS goes to the sandbox gateway: nothing is really sent');
  const email: EmailSender | null = createEmailSender(config);
  if (!email) logger.warn('SMTP_URL is not set: email notifications will be recorded as permanent-failure "email not configured"');
  const service = new NotificationsService({
    repo: new NotificationsRepository(database.db),
    jobs,
    clock,
    logger,
    sms,
    email,
    cipher: deps.cipher,
    audit: deps.audit,
  });
  const providers: ProviderStatus[] = [{ name: sms.name, sandbox: sms.sandbox, check: () => sms.check() }];
  if (email) providers.push({ name: email.name, sandbox: false, check: () => email.check() });
  return {
    module: {
      name: 'notifications',
      tag: { name: 'notifications', description: '消息通知：站内信、短信与邮件发送记录' },
      routes: notificationRoutes(service, clock),
    },
    service,
    jobs: notificationJobs(service),
    providers,
    close: () => email?.close(),
  };
}
