// The identity module: the city unified-identity account (issue #4 citizen parts) — registration, password / SMS /
// face sign-in with lockout, sessions, device information, abnormal-login alerts and step-up. Other modules import
// from here only:
//   const identity = createIdentityModule({ database, config, clock, logger, kernel, notifications: n.service, privacy });
//   modules.push(identity.module); authenticators.push(identity.authenticator); for (const j of identity.jobs) registry.define(j);
//   await identity.stepUp.require(request.principal)   // before a sensitive operation (throws step-up-required)
//   await identity.accounts.contactOf(accountId)       // { mobile } for messages
import { hkdfSync } from 'node:crypto';
import type { AppModule } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { Database } from '../../platform/db/database.ts';
import type { FastifyRequest } from 'fastify';
import type { Authenticator } from '../../platform/http/access.ts';
import { AppError } from '../../platform/http/problem.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { PrivacyModule } from '../privacy/index.ts';
import { AccountService } from './account.service.ts';
import { identityJobs } from './identity.jobs.ts';
import { IdentityRepository } from './identity.repository.ts';
import { identityRoutes, requestContext } from './identity.routes.ts';
import { OtpService } from './otp.ts';
import { Sessions } from './sessions.ts';
import { SignInService } from './signin.service.ts';
import { carryPolicyAcceptance, type PolicyConsents } from './policy-carry.ts';
import { createStepUp, type FaceProof, type StepUp } from './stepup.ts';
import './templates.ts';

export { IDENTITY_PROBLEMS } from './identity.problems.ts';
export { STEP_UP_FRESH_MS, type FaceProof, type StepUp, type StepUpMethod } from './stepup.ts';
export { SESSION_COOKIE, CSRF_HEADER } from './sessions.ts';
export { passwordWeakness, hashPassword, verifyPassword, ARGON2_OPTIONS } from './password-policy.ts';
export { cityOf, describeDevice } from './device.ts';
export { PURGE_JOB } from './identity.jobs.ts';

export interface IdentityDeps {
  database: Database;
  config: Config;
  clock: Clock;
  logger: Logger;
  kernel: { cipher: FieldCipher; blindIndex: (kind: string, value: string) => Buffer; audit: AuditService };
  notifications: NotificationsService;
  /** the guard; and consents for PP-0.1's carry-over of a device's policy acceptance at sign-in (policy-carry.ts) */
  privacy: Pick<PrivacyModule, 'guard'> & { consents?: PolicyConsents };
  /** face verification from the realname module; may also be supplied later with useFaceProof() */
  faceProof?: FaceProof;
}

export interface IdentityModule {
  module: AppModule;
  /** citizen session cookie → principal; push into compose()'s authenticators */
  authenticator: Authenticator;
  stepUp: StepUp;
  accounts: {
    /** the bound mobile, decrypted, for messages; null if no such account */
    contactOf(accountId: string): Promise<{ mobile: string } | null>;
    /** the 帐号名称, for a provision the citizen consented to (PP-2.4 joint promotions); null if no such account */
    accountNameOf(accountId: string): Promise<string | null>;
    exists(accountId: string): Promise<boolean>;
    /** many at once, shaped as privacy's ContactDirectory (policy announcements); unknown ids are left out */
    lookup(accountIds: string[]): Promise<Map<string, { mobile?: string }>>;
    /** drop what this process cached about the account (its 我的 header and step-up methods): something changed */
    forget(accountId: string): void;
  };
  jobs: JobDefinition[];
  /** for the city identity provider (oidc module's OidcAccountsPort via oidcAccountsFrom) */
  provider: {
    /** how a live citizen-app session signed in (RFC 8176 amr); null when the session is not live */
    sessionAmr(sessionId: string): Promise<('pwd' | 'sms' | 'face')[] | null>;
    /** the live citizen-app session the request's cookie names, with how (amr) and when it signed in — for the
     * provider's HTML screens, which the API's CSRF-header rule does not cover (they are bound to the provider's own
     * interaction cookie); null when there is none */
    currentSession(request: FastifyRequest): Promise<{ accountId: string; amr: ('pwd' | 'sms' | 'face')[]; authTime: Date } | null>;
    /** password check with the app's lockout and throttling; records the sign-in; null when refused */
    verifyPassword(login: string, password: string, request: FastifyRequest): Promise<{ accountId: string } | null>;
    sendStepUpCode(accountId: string): Promise<void>;
    verifyStepUpCode(accountId: string, code: string): Promise<boolean>;
  };
  /** wires the realname module's face port after both modules exist */
  useFaceProof(port: FaceProof): void;
}

/** RFC 8176 amr of a session's sign-in: registration proved the mobile by an SMS code (the password was only being
 * chosen, not checked), so it reports sms, never pwd. */
const amrOf = (method: string): ('pwd' | 'sms' | 'face')[] => (method === 'face' ? ['face'] : method === 'password' ? ['pwd'] : ['sms']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createIdentityModule(deps: IdentityDeps): IdentityModule {
  const { database, config, clock } = deps;
  const logger = deps.logger.child({ module: 'identity' });
  let face = deps.faceProof;
  const faceNow = () => face;
  const repo = new IdentityRepository(database.db);
  const otpKey = Buffer.from(hkdfSync('sha256', config.secrets.sessionSecret, Buffer.alloc(0), 'ntbt identity otp v1', 32));
  const otp = new OtpService({ repo, clock, key: otpKey, notifications: deps.notifications });
  const sessions = new Sessions({
    repo,
    clock,
    settings: {
      idleMs: config.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: config.SESSION_ABSOLUTE_HOURS * 3_600_000,
      secureCookie: config.SESSION_COOKIE_SECURE ?? config.publicUrl.startsWith('https:'),
    },
  });
  const stepUp = createStepUp({ repo, clock, face: faceNow });
  const signIn = new SignInService({
    repo,
    clock,
    logger,
    cipher: deps.kernel.cipher,
    blindIndex: deps.kernel.blindIndex,
    audit: deps.kernel.audit,
    notifications: deps.notifications,
    guard: deps.privacy.guard,
    otp,
    sessions,
    publicUrl: config.publicUrl,
    face: faceNow,
  });
  const accounts = new AccountService({
    repo,
    clock,
    cipher: deps.kernel.cipher,
    audit: deps.kernel.audit,
    notifications: deps.notifications,
    otp,
    sessions,
    signIn,
    stepUp,
    face: faceNow,
  });
  return {
    module: {
      name: 'identity',
      tag: { name: 'identity', description: '统一身份认证：注册、登录、会话、异常登录提醒与二次核身' },
      routes: identityRoutes({ signIn, accounts, sessions, stepUp, trustProxy: config.TRUST_PROXY, faceOffered: () => !!face, carryPolicy: deps.privacy.consents ? (p, deviceId) => carryPolicyAcceptance(deps.privacy.consents!, p, deviceId) : undefined }),
    },
    authenticator: sessions.authenticator(),
    stepUp,
    accounts: {
      contactOf: (id) => accounts.contactOf(id),
      accountNameOf: async (id) => (UUID.test(id) ? ((await repo.accountById(id))?.account_name ?? null) : null),
      exists: (id) => accounts.exists(id),
      forget: (id) => accounts.forget(id),
      lookup: async (ids) => {
        const out = new Map<string, { mobile?: string }>();
        for (const id of ids) {
          if (!(await accounts.exists(id))) continue;
          const c = await accounts.contactOf(id);
          if (c) out.set(id, c);
        }
        return out;
      },
    },
    jobs: identityJobs(repo, clock),
    provider: {
      async sessionAmr(sessionId) {
        if (!UUID.test(sessionId)) return null;
        const row = await repo.db.selectFrom('account_sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
        if (!row || !sessions.isLive(row)) return null;
        return amrOf(row.method);
      },
      async currentSession(request) {
        const s = await sessions.fromRequest(request);
        return s ? { accountId: s.account_id, amr: amrOf(s.method), authTime: s.created_at } : null;
      },
      verifyPassword: (login, password, request) => signIn.verifyForProvider(login, password, requestContext(request, config.TRUST_PROXY, false)),
      async sendStepUpCode(accountId) {
        await accounts.requestStepUpCode({ kind: 'citizen', accountId, sessionId: '' });
      },
      async verifyStepUpCode(accountId, code) {
        const id = await otp.latestFor(accountId, 'step-up');
        if (!id) return false;
        try {
          return (await otp.consume(id, code, ['step-up'])).account_id === accountId;
        } catch (err) {
          if (err instanceof AppError) return false;
          throw err;
        }
      },
    },
    useFaceProof: (port) => {
      face = port;
      port.onChanged?.((id) => accounts.forget(id)); // the offered step-up methods follow face verification at once
    },
  };
}
