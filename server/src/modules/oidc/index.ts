// 南通市统一身份认证平台 (issue #9): the city's OpenID Connect provider. Other modules import from here only.
//   const oidc = await createOidcModule({ config, database, clock, logger, cipher, audit, sharing, accounts });
//   modules.push(oidc.module); for (const j of oidc.jobs) registry.define(j);
//   … on unified-account cancellation (PP-4.5 b): await oidc.revokeAccount(accountId)
import { createHmac, createPrivateKey } from 'node:crypto';
import type { AppModule } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import type { JobDefinition, Jobs } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { AuditService } from '../audit/index.ts';
import type { SharingService } from '../sharing/index.ts';
import { AuthorizationsService } from './oidc.authorizations.ts';
import { ClientService } from './oidc.clients.ts';
import { SigningKeys, type KeyRing } from './oidc.keys.ts';
import { MAX_SIGNED_TTL, OIDC_MOUNT, createProvider } from './oidc.provider.ts';
import { noAccounts, type OidcAccountsPort } from './oidc.ports.ts';
import { oidcRepository } from './oidc.repository.ts';
import { BACKCHANNEL_JOB, RevocationService, type BackchannelJob, type RevocationResult, type RevokeActor } from './oidc.revoke.ts';
import { oidcRoutes } from './oidc.routes.ts';

export { ACR, noAccounts, oidcAccountsFrom, type OidcAccountsPort, type Amr } from './oidc.ports.ts';
export type { AccountClaims } from './oidc.claims.ts';
export { ELEMENT_CLAIMS, scopeOf } from './oidc.claims.ts';
export { pairwiseSub, OIDC_MOUNT } from './oidc.provider.ts';
export { OIDC_PROBLEMS, type ClientInput } from './oidc.clients.ts';
export type { RevocationResult, RevokeActor } from './oidc.revoke.ts';

export interface OidcDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  cipher: FieldCipher;
  audit: AuditService;
  sharing: SharingService;
  /** the citizen accounts (identity + realname); until wired, nobody can sign in through the provider */
  accounts?: OidcAccountsPort;
  /** retries back-channel logout deliveries that failed (absent: a failure is only reported) */
  jobs?: Jobs;
}

export interface OidcModule {
  module: AppModule;
  jobs: JobDefinition<any>[];
  issuer: string;
  clients: ClientService;
  /** PP-4.5 b: revoke every grant, session and token of the account; back-channel logout to each client */
  revokeAccount(accountId: string, actor?: RevokeActor): Promise<RevocationResult>;
  /** PP-4.4: revoke one client's grant and tokens for the account; back-channel logout to that client */
  revokeClient(accountId: string, clientId: string, actor?: RevokeActor): Promise<RevocationResult>;
  /** new signing key; the provider is rebuilt so it signs with it while still publishing the retired keys */
  rotateKeys(): Promise<{ kid: string; retired: string[] }>;
  /** the live oidc-provider instance, built on first use (tests, bench) */
  provider(): Promise<any>;
  /** demo relying parties on non-production starts */
  seedDemo(): Promise<void>;
}

const derive = (key: Buffer, label: string) => createHmac('sha256', key).update(label).digest();

/** Fails at boot, not at the first sign-in, when a stored signing key does not parse as a private key. */
function validRing(ring: KeyRing): KeyRing {
  for (const jwk of ring.keys) createPrivateKey({ key: jwk as any, format: 'jwk' });
  return ring;
}

export async function createOidcModule(deps: OidcDeps): Promise<OidcModule> {
  const { config, database, clock } = deps;
  const logger = deps.logger.child({ module: 'oidc' });
  const issuer = config.oidcIssuer;
  if (new URL(issuer).pathname.replace(/\/$/, '') !== OIDC_MOUNT) throw new Error(`OIDC_ISSUER must end with ${OIDC_MOUNT} (the provider is mounted there)`);
  const production = config.NODE_ENV === 'production';
  const accounts = deps.accounts ?? noAccounts;
  if (!deps.accounts) logger.warn('no accounts port wired: the identity provider cannot sign anyone in yet');

  const clients = new ClientService({ db: database.db, wrapper: deps.cipher.wrapper, clock, audit: deps.audit, production });
  const keys = new SigningKeys({ db: database.db, wrapper: deps.cipher.wrapper, clock, maxTokenTtlSeconds: MAX_SIGNED_TTL });
  // Issue #2: oidc-provider (with koa and its dependencies) holds ~10 MB of RSS for the life of the process, and a server
  // sits idle far longer than anyone signs in through it. So it is imported and built on the first request that needs
  // it (discovery, authorization, token, interaction screens, back-channel logout): ~0.1 s, once. What the
  // operator can get wrong is still checked at boot: the issuer (above) and the signing keys, which must unwrap under
  // the configured KEK and parse as private keys.
  let ring = validRing(await keys.load());
  const build = async (keyRing: KeyRing) => {
    const t0 = performance.now();
    const built = await createProvider({
      issuer,
      database,
      clock,
      logger,
      keys: keyRing,
      cookieKeys: [derive(config.secrets.sessionSecret, 'oidc-cookies').toString('base64url')],
      pairwiseKey: derive(config.secrets.blindIndexKey, 'oidc-pairwise-subject'),
      clients,
      accounts,
      sharing: deps.sharing,
      production,
    });
    logger.info({ ms: Math.round(performance.now() - t0) }, 'identity provider built');
    return built;
  };
  let provider: Promise<any> | undefined;
  // concurrent first requests share one build; a failed build is retried by the next request
  const current = () =>
    (provider ??= build(ring).catch((err) => {
      provider = undefined;
      throw err;
    }));

  const jobs = deps.jobs;
  const revocation = new RevocationService({
    database,
    audit: deps.audit,
    logger,
    provider: current,
    retry: jobs ? async (job) => void (await jobs.send(BACKCHANNEL_JOB, { ...job }, { startAfterSeconds: 30 })) : undefined,
  });
  const authorizations = new AuthorizationsService({ database, clients });

  return {
    module: {
      name: 'oidc',
      tag: { name: 'oidc', description: '南通市统一身份认证平台: relying parties, authorised applications' },
      routes: oidcRoutes({ provider: current, clients, accounts, audit: deps.audit, database, logger, production, revocation, authorizations }),
    },
    jobs: [
      {
        // PP-4.5 b: a client that was unreachable still gets its logout token, with back-off
        name: BACKCHANNEL_JOB,
        retryLimit: 8,
        retryDelaySeconds: 60,
        retryBackoff: true,
        handler: async (data: BackchannelJob) => {
          await revocation.deliver(data);
        },
      } satisfies JobDefinition<any>,
      {
        name: 'oidc.purge-expired',
        schedule: '17 * * * *',
        retryLimit: 1,
        handler: async () => {
          await oidcRepository.deleteExpired(database.db, clock.now());
        },
      },
    ],
    issuer,
    clients,
    revokeAccount: (accountId, actor) => revocation.revokeAccount(accountId, actor),
    revokeClient: (accountId, clientId, actor) => revocation.revokeClient(accountId, clientId, actor),
    async rotateKeys() {
      const r = await keys.rotate();
      ring = validRing(await keys.load());
      const rebuilt = build(ring);
      await rebuilt; // signs with the new key from the next request on
      provider = rebuilt;
      return r;
    },
    provider: current,
    seedDemo: () => clients.seedDemo(config.dataDir, issuer),
  };
}
