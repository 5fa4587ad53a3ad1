// Composition root: reads configuration, opens the database, applies migrations, seeds demo data once, wires every
// module by hand (no DI container), starts the job workers and the HTTP server, and shuts all of it down gracefully.
// Tests call compose() with their own database so that what they run is what production runs.
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, type AppModule, type ProviderStatus } from './app.ts';
import { ConfigError, loadConfig, type Config } from './platform/config.ts';
import { openConfiguredDatabase, type Database } from './platform/db/database.ts';
import { migrate } from './platform/db/migrate.ts';
import { JobRegistry, Jobs } from './platform/jobs.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import type { FastifyInstance } from 'fastify';
import { createReferenceModule } from './modules/reference/index.ts';
import { createHotlineModule } from './modules/hotline/index.ts';
import { createOpen311Module } from './modules/open311/index.ts';
import { createEcardsModule, sandboxEcardIssuers } from './modules/ecards/index.ts';
import { createNotificationsModule } from './modules/notifications/index.ts';
import { createPrivacyModule, inboundDeclarations, jointPromotionDeclarations, residencyProblems, sharingDeclarations } from './modules/privacy/index.ts';
import { createRealnameModule } from './modules/realname/index.ts';
import { createIdentityModule } from './modules/identity/index.ts';
import { createStaffModule } from './modules/staff/index.ts';
import { createCatalogueModule, CATEGORIES } from './modules/catalogue/index.ts';
import { createSearchModule } from './modules/search/index.ts';
import { createRightsModule } from './modules/rights/index.ts';
import { createOidcModule, oidcAccountsFrom } from './modules/oidc/index.ts';
import { createIncidentsModule } from './modules/incidents/index.ts';
import { createPromotionsModule } from './modules/promotions/index.ts';
import { AuditService } from './modules/audit/index.ts';
import { SharingService } from './modules/sharing/index.ts';
import { FieldCipher, blindIndexer } from './platform/crypto/index.ts';
import { chainAuthenticators, type Authenticator } from './platform/http/access.ts';
import { startMemoryReclaimer } from './platform/memory.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ComposeOptions {
  config: Config;
  database: Database;
  logger?: Logger;
  clock?: Clock;
  /** start pg-boss (default true); `work: false` enqueues without consuming (tests run handlers by hand) */
  jobs?: { start?: boolean; work?: boolean };
  webRoot?: string;
  /** replaces the modules' authenticators (tests that need a principal without signing in) */
  authenticator?: Authenticator;
}

export interface Platform {
  config: Config;
  database: Database;
  logger: Logger;
  clock: Clock;
  jobs: Jobs;
  kernel: { cipher: FieldCipher; blindIndex: ReturnType<typeof blindIndexer>; audit: AuditService; sharing: SharingService };
  app: FastifyInstance;
  /** Stop accepting, finish in-flight requests and jobs, close the database. */
  close(): Promise<void>;
}

export async function compose(opts: ComposeOptions): Promise<Platform> {
  const { config, database } = opts;
  const logger = opts.logger ?? createLogger({ level: config.LOG_LEVEL });
  const clock = opts.clock ?? systemClock;
  const registry = new JobRegistry();
  const jobs = new Jobs(database.executor, registry, logger.child({ component: 'jobs' }));

  // Modules, in dependency order. Each returns its routes and registers its jobs.
  const modules: AppModule[] = [];
  // Each module that signs people in adds its authenticator here (citizen sessions, staff sessions, partner clients).
  const authenticators: Authenticator[] = [];
  const providers: ProviderStatus[] = [];
  // The privacy kernel every feature goes through (issue #3): field encryption with per-subject keys, blind indexes,
  // the tamper-evident audit trail (sealed by a job) and the sharing ledger over the inventory's declarations.
  const cipher = new FieldCipher(database.db, { secrets: config.secrets });
  const blindIndex = blindIndexer(config.secrets.blindIndexKey);
  const audit = new AuditService({ pseudonymKey: config.secrets.blindIndexKey, signingKey: config.secrets.auditSigningKey, clock });
  registry.define(audit.sealJob(database.db));
  // PP-1.17: inbound sources are declared too; PP-3.3: each recipient's jurisdiction (cross-border needs separate consent)
  // PP-2.4: the joint-promotions category is declared too (each activity narrows it to what its page announces)
  const sharing = new SharingService({ declared: new Map([...sharingDeclarations(), ...jointPromotionDeclarations()]), inbound: inboundDeclarations(), audit, clock });
  const kernel = { cipher, blindIndex, audit, sharing };

  const reference = createReferenceModule({ database });
  await reference.seed(); // reference data (divisions, departments) is upserted at every boot: it is not demo data
  modules.push(reference.module);
  const notifications = createNotificationsModule({ database, jobs, logger, clock, config, cipher, audit });
  for (const def of notifications.jobs) registry.define(def);
  modules.push(notifications.module);
  providers.push(...notifications.providers);
  const privacy = createPrivacyModule({ database, clock, logger, audit, jobs, notifications: notifications.service, receiptKey: config.secrets.auditSigningKey });
  for (const def of privacy.jobs) registry.define(def);
  await privacy.seed(); // the policy in force: version 1 is published from the inventory at first boot (issue #5)
  modules.push(privacy.module);
  // Real-name verification (issue #4 §5, §8): ID check, face, bank card through the sandbox or real providers; levels,
  // face proof for identity's face login, minors and guardians. identity's step-up is wired in as `stepUp` when it exists.
  const realname = createRealnameModule({ database, clock, logger, config, kernel, privacy });
  modules.push(realname.module);
  providers.push(...realname.providers);
  // Citizen accounts (issue #4): registration, sign-in, sessions (the citizen cookie authenticator), step-up.
  const identity = createIdentityModule({ database, config, clock, logger, kernel, notifications: notifications.service, privacy });
  for (const def of identity.jobs) registry.define(def);
  // identity's face sign-in and face step-up use realname's face proof; realname shows a full ID number only after
  // identity's step-up (二次核身). Wired after both exist: identity is created after realname.
  identity.useFaceProof(realname.faceProof);
  realname.useStepUp(identity.stepUp);
  // PP-5.1: the guard refuses consent-based purposes to a child under 14 until a guardian consents (realname knows ages)
  // a withdrawn consent may take a step-up method away (real-name-face): 我的 must not keep offering it (PP-4.4)
  privacy.consents.onWithdrawn(async (subject) => {
    if (subject.kind === 'account') identity.accounts.forget(subject.ref);
  });
  privacy.guard.useAgeCheck((accountId, purposeId) => realname.minors.mayConsent(accountId, purposeId));
  sharing.useGuard(privacy.guard); // PP-1.17: receipts from partners need the citizen's authorisation to them
  modules.push(identity.module);
  authenticators.push(identity.authenticator);
  // PP-6.1: policy-change announcements reach accounts by SMS too (identity keeps the mobile)
  privacy.useContacts({ lookup: async (ids) => new Map((await Promise.all(ids.map(async (id) => [id, await identity.accounts.contactOf(id)] as const))).flatMap(([id, c]) => (c ? [[id, { mobile: c.mobile }]] : []))) });
  // Staff accounts, roles and sign-in (issue #4 §9): built-in roles at every boot, demo staff once (not in production).
  const staff = createStaffModule({ database, clock, config, cipher, audit, logger });
  await staff.seed();
  modules.push(staff.module);
  authenticators.push(staff.authenticator);
  const catalogue = createCatalogueModule({ database, clock, guard: privacy.guard, consents: privacy.consents, audit, jobs, blindIndex });
  for (const def of catalogue.jobs) registry.define(def);
  await catalogue.seed(); // the service catalogue is reference data too: upserted at boot, staff-edited items kept
  modules.push(catalogue.module);
  // Search over the published catalogue (issue #7): rebuilt on every catalogue change; history only under PP-1.9 consent.
  const search = await createSearchModule({
    database, clock, logger, cipher, blindIndex, audit, privacy,
    catalogue: {
      listPublished: () => catalogue.service.listPublished(),
      onChange: (cb) => catalogue.service.onChange(cb),
      categories: CATEGORIES,
      // ranking's popularity signal: anonymous, k-suppressed usage statistics only (PP-1.11)
      usage: async (from, to) => (await catalogue.service.usageStatistics(from, to)).items,
    },
  });
  for (const def of search.jobs) registry.define(def);
  modules.push(search.module);
  // PP-4.4: withdrawing 搜索历史与收藏办事记录 stops that processing at once — the history, favourites and handling records
  // it justified go now, not at the next daily purge (which stays as the backstop).
  privacy.consents.onWithdrawn(async (subject, purposeId) => {
    if (purposeId !== 'search-history' || subject.kind !== 'account') return;
    await search.service.clearHistory({ kind: 'citizen', accountId: subject.ref, sessionId: 'consent-withdrawal' }, 'withdrawn');
    await database.db.transaction().execute((tx) => catalogue.service.eraseAccount(tx, subject.ref));
  });
  // 南通市统一身份认证平台 (issue #9): the OpenID Connect provider at /oidc; citizens sign in through identity, claims come
  // from identity (mobile) and realname (verified identity), each release is a sharing-ledger provision.
  const oidc = await createOidcModule({
    config, database, clock, logger, cipher, audit, sharing, jobs,
    accounts: oidcAccountsFrom({
      // the same credentials, lockout and step-up as the citizen app; amr/acr/auth_time from how the citizen-app
      // session really signed in (read without the API's CSRF-header rule: the provider's screens are form posts)
      currentSession: identity.provider.currentSession,
      verifyPassword: identity.provider.verifyPassword,
      sendStepUpCode: identity.provider.sendStepUpCode,
      verifyStepUpCode: identity.provider.verifyStepUpCode,
      contactOf: (id) => identity.accounts.contactOf(id),
      verifiedIdentity: (id) => realname.profile.verifiedIdentity(id),
      levelOf: (id) => realname.levels.levelOf(id),
    }),
  });
  for (const def of oidc.jobs) registry.define(def);
  if (config.seedDemoData && config.NODE_ENV !== 'production') await oidc.seedDemo();
  modules.push(oidc.module);
  // Rights centre (issue #6): 用户资料, export, deletion, cancellation (two modes), feedback, 谁使用了我的数据, the
  // privacy office's queue — export and erasure generic over the inventory's subject-table declarations.
  const rights = createRightsModule({
    database, clock, logger, jobs, cipher, blindIndex, audit, sharing, notifications: notifications.service, stepUp: identity.stepUp,
    contactOf: (id) => identity.accounts.contactOf(id),
    describeStaff: (id) => staff.directory.describe(id),
    revokeOidc: (id) => oidc.revokeAccount(id),
    ageBand: (id) => realname.minors.ageBand(id),
  });
  for (const def of rights.jobs) registry.define(def);
  modules.push(rights.module);
  // 12345 citizen requests (issue #8): intake, routing, the closed-loop workflow with working-day limits, dashboards.
  const hotline = createHotlineModule({
    database, jobs, clock, logger, cipher, audit, sharing, guard: privacy.guard, notifications: notifications.service,
    policyVersion: () => privacy.consents.currentPolicyVersion(), reference: reference.repository,
    verifiedIdentity: (accountId) => realname.profile.verifiedIdentity(accountId),
    recordHandling: (tx, input) => catalogue.service.recordHandling(tx, input), // 我的服务 (PP-1.9, kept only with its consent)
  });
  for (const def of hotline.jobs) registry.define(def);
  modules.push(hotline.module);
  // Open311 GeoReport v2 over 12345 (issue #8 §8): public reads without PI, partner submissions with an api_key.
  const open311 = createOpen311Module({ database, clock, logger, audit, hotline: hotline.service, reference: reference.repository, publicUrl: config.publicUrl, production: config.NODE_ENV === 'production' });
  modules.push(open311.module);
  authenticators.push(open311.authenticator);
  if (config.seedDemoData && config.NODE_ENV !== 'production') await open311.service.seedDemo();
  // 电子卡证 (PP-1.16): number and validity only, QR for counters, expiry reminders under the 'ecard-reminders' consent;
  // 社保卡/医保凭证 need real-name verification, the full number needs step-up; withdrawal deletes the cards (PP-4.4).
  const ecards = createEcardsModule({
    database, clock, cipher, audit, guard: privacy.guard, consents: privacy.consents, notifications: notifications.service,
    sessionSecret: config.secrets.sessionSecret, levels: realname.levels, stepUp: identity.stepUp,
    // PP-1.17: cards fetched from the issuing departments; the sandbox stands in for their systems outside production
    sharing, issuers: config.NODE_ENV === 'production' ? undefined : sandboxEcardIssuers(),
  });
  for (const def of ecards.jobs) registry.define(def);
  modules.push(ecards.module);
  privacy.consents.onWithdrawn((subject, purposeId) => ecards.onWithdrawn(subject, purposeId));

  // Joint promotions (PP-2.4): activity pages announce the co-organiser and exactly what it receives; joining records
  // consent; the hand-over to the co-organiser goes through the sharing ledger; withdrawal leaves every activity (PP-4.4).
  const promotions = createPromotionsModule({
    database, clock, audit, guard: privacy.guard, consents: privacy.consents, sharing,
    accounts: { contactOf: (id) => identity.accounts.contactOf(id), accountNameOf: (id) => identity.accounts.accountNameOf(id) },
  });
  modules.push(promotions.module);
  privacy.consents.onWithdrawn((subject, purposeId) => promotions.onWithdrawn(subject, purposeId));

  // PI security incidents (PP-3.5, LAW-8): register, response plan, notices through the outbox, public notices, regulator reports.
  const incidents = createIncidentsModule({ database, clock, logger, jobs, audit, notifications: notifications.service, contactOf: (id) => identity.accounts.contactOf(id) });
  for (const def of incidents.jobs) registry.define(def);
  modules.push(incidents.module);

  if (opts.jobs?.start !== false) await jobs.start({ work: opts.jobs?.work ?? true });
  const authenticator = opts.authenticator ?? chainAuthenticators(authenticators);
  const app = await buildApp({ config, database, logger, jobs, modules, providers, authenticator, webRoot: opts.webRoot });
  await app.ready();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close(); // stops accepting; waits for in-flight requests
      await jobs.stop(config.SHUTDOWN_GRACE_MS); // waits for jobs in progress
      await database.close();
    })());
  return { config, database, logger, clock, jobs, kernel, app, close };
}

export async function start(env = process.env): Promise<Platform> {
  const t0 = performance.now();
  // Issue #2 idle RSS: with NODE_COMPILE_CACHE (npm start), Node keeps every module's cache entry (stripped source and
  // V8 code cache, ~9 MB of malloc'd buffers) in memory until exit. The modules are loaded by now: write the entries
  // out and free them before migrations, seed and the search index allocate, so that those reuse the space instead of
  // growing the heap (idle RSS on PostgreSQL −4 MB measured). A no-op without the compile cache.
  module.flushCompileCache();
  // PP-3.3: production declares where PI is stored, and it is the PRC; reported together with any other config problem
  const residency = residencyProblems(env);
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError && residency.length) throw new ConfigError([...e.problems, ...residency]);
    throw e;
  }
  if (residency.length) throw new ConfigError(residency);
  const logger = createLogger({ level: config.LOG_LEVEL });
  for (const [name, source] of Object.entries(config.secretSources)) {
    if (source === 'generated') logger.warn({ variable: name, file: path.join(config.dataDir, 'secrets.json') }, 'development secret generated; provide it explicitly in production');
  }
  const database = await openConfiguredDatabase(config);
  const applied = await migrate(database);
  if (applied.length) logger.info({ migrations: applied }, 'migrations applied');
  const platform = await compose({
    config,
    database,
    logger,
    jobs: { start: true, work: config.JOBS_ENABLED },
    webRoot: path.join(ROOT, 'web', 'dist'),
  });
  await platform.app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ url: config.publicUrl, database: database.kind, startupMs: Math.round(performance.now() - t0) }, '南通百通 ready');
  // Issue #2: boot (migrations, seed, search index) leaves its garbage behind, and so does every embedded-database query;
  // give it back to the machine once now and whenever the process sits idle (platform/memory.ts says why).
  const reclaimer = startMemoryReclaimer({
    onCollected: ({ beforeBytes, afterBytes, ms }) =>
      logger.debug({ rssBeforeMb: Math.round(beforeBytes / 1e6), rssAfterMb: Math.round(afterBytes / 1e6), ms: Math.round(ms) }, 'idle memory reclaimed'),
  });
  setImmediate(() => reclaimer.collect());

  let signalled = false;
  const onSignal = (signal: string) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
    reclaimer.stop();
    platform.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return platform;
}

if (import.meta.main) {
  start().catch((err) => {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    console.error(err);
    process.exit(1);
  });
}
