// The realname module: real-name verification (ID check, face, bank card), real-name levels other modules require,
// face proof for identity's face login and face step-up, the decrypted verified identity for features that need it
// under their own purpose, and minors with their guardians (PP-1.5–1.7, PP-5.1, LAW-1, LAW-2, LAW-10).
//   const realname = createRealnameModule({ database, clock, logger, config, kernel, privacy, stepUp? });
//   modules.push(realname.module); providers.push(...realname.providers);
//   await realname.levels.requireLevel(accountId, 'id-verified');      // throws real-name-required (403)
//   await realname.faceProof.verify(accountId, { challengeId, frames }); // { ok, providerRef?, reason? }
//   await realname.minors.mayConsent(accountId, purposeId);             // false: a child under 14 without guardian consent
import type { Transaction } from 'kysely';
import type { AppModule, ProviderStatus } from '../../app.ts';
import type { Tables } from '../../platform/db/tables.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Principal } from '../../platform/http/access.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import type { PrivacyModule } from '../privacy/index.ts';
import { AppError } from '../../platform/http/problem.ts';
import { REALNAME_PROBLEMS } from './realname.problems.ts';
import { createMinorsService, type MinorsService } from './minors.ts';
import { createSandboxProviders } from './providers/sandbox.ts';
import type { RealnameProviders } from './providers/types.ts';
import { realnameRoutes } from './realname.routes.ts';
import { createRealnameService, type RealnameService } from './realname.service.ts';
import type { RealnameLevel } from './levels.ts';

export { REALNAME_PROBLEMS } from './realname.problems.ts';
export { ProviderError, type RealnameProviders, type IdCheckProvider, type FaceProvider, type BankCardProvider } from './providers/types.ts';
export { SANDBOX_IDENTITIES } from './providers/sandbox-registry.ts';
export { parseIdNumber, idCheckCharacter, luhnValid, parseCardNumber, maskIdNumber, maskName } from './validation.ts';
export type { RealnameLevel, AgeBand } from './levels.ts';

export interface RealnameDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  config: Pick<Config, 'NODE_ENV'> & { REALNAME_PROVIDER?: 'sandbox' };
  kernel: { cipher: FieldCipher; blindIndex: (kind: string, value: string) => Buffer; audit: AuditService };
  privacy: Pick<PrivacyModule, 'guard' | 'consents'>;
  /** identity's step-up (fresh SMS code or face within 5 minutes); needed to show the full ID number */
  stepUp?: StepUpPort;
  /** override the providers (tests, a future production adapter) */
  providers?: RealnameProviders;
  /** sandbox tuning (tests) */
  sandbox?: { latencyMs?: () => number; perMinute?: number; perDay?: number };
}

export interface FaceProof {
  /** Face login / face step-up: liveness + comparison with the register photo for this face-verified account. */
  verify(accountId: string, capture: { challengeId: string; frames: string[] }): Promise<{ ok: boolean; providerRef?: string; reason?: string }>;
  /** face-verified, face login on, consent to real-name-face in force */
  enabled(accountId: string): Promise<boolean>;  /** calls `listener` after an account's face proof changed (verified, face login switched, erased) */
  onChanged?(listener: (accountId: string) => void): void;
}

export interface RealnameModule {
  module: AppModule;
  providers: ProviderStatus[];
  levels: {
    levelOf(accountId: string): Promise<RealnameLevel>;
    /** throws the named problem real-name-required (403, extensions { required, current }) */
    requireLevel(accountId: string, min: RealnameLevel): Promise<void>;
  };
  faceProof: FaceProof;
  profile: {
    /** decrypted; null when the account is not verified */
    verifiedIdentity(accountId: string): Promise<{ realName: string; idNumber: string; birthDate: string } | null>;
  };
  minors: Pick<MinorsService, 'mayConsent' | 'ageBand' | 'ageOf' | 'requireGuardianConsent'>;
  /** account cancellation (PP-4.5): deletes identity, attempts and guardian links; pass the cancellation's transaction */
  erasure: { erase(accountId: string, tx?: Transaction<Tables>): Promise<number> };
  service: RealnameService;
  /** wires identity's step-up after both modules exist (identity is created after realname: it uses faceProof) */
  useStepUp(port: StepUpPort): void;
}

export interface StepUpPort {
  require(principal: Principal): Promise<void>;
}

export function createRealnameModule(deps: RealnameDeps): RealnameModule {
  const logger = deps.logger.child({ module: 'realname' });
  const providerKind = deps.config.REALNAME_PROVIDER ?? 'sandbox';
  const providers =
    deps.providers ??
    (providerKind === 'sandbox'
      ? createSandboxProviders({ nodeEnv: deps.config.NODE_ENV, clock: deps.clock, logger, ...deps.sandbox })
      : (() => {
          throw new Error(`Unknown REALNAME_PROVIDER "${providerKind}"`);
        })());
  if (providers.idCheck.sandbox) logger.info({ sandbox: true }, 'real-name verification uses the sandbox providers: nothing is really verified');

  let minors: MinorsService;
  let stepUp: StepUpPort | undefined = deps.stepUp;
  const service = createRealnameService({
    database: deps.database,
    clock: deps.clock,
    logger,
    cipher: deps.kernel.cipher,
    blindIndex: deps.kernel.blindIndex,
    audit: deps.kernel.audit,
    privacy: deps.privacy,
    providers,
    // Without identity's step-up the full ID number is refused (real-name-step-up-unavailable), never shown.
    stepUp: {
      require: async (principal) => {
        if (!stepUp) throw new AppError(REALNAME_PROBLEMS.stepUpUnavailable);
        await stepUp.require(principal);
      },
    },
    requireGuardianConsent: (accountId, birthDate, purposeId) => minors.requireGuardianConsent(accountId, birthDate, purposeId),
    identityVerified: (accountId) => minors.forget(accountId),
  });
  minors = createMinorsService({
    database: deps.database,
    clock: deps.clock,
    audit: deps.kernel.audit,
    blindIndex: deps.kernel.blindIndex,
    privacy: deps.privacy,
    realname: () => service,
  });

  const status = (p: { name: string; sandbox: boolean; health(): Promise<void> }): ProviderStatus => ({ name: p.name, sandbox: p.sandbox, check: () => p.health() });
  return {
    module: {
      name: 'realname',
      tag: { name: 'realname', description: '实名认证(身份核验、扫脸、银行卡)与未成年人监护' },
      routes: realnameRoutes(service, minors),
    },
    providers: [status(providers.idCheck), status(providers.face), status(providers.bankCard)],
    levels: { levelOf: (id) => service.levelOf(id), requireLevel: (id, min) => service.requireLevel(id, min) },
    faceProof: { verify: (id, img) => service.proveFace(id, img), enabled: (id) => service.faceEnabled(id), onChanged: (listener) => service.onFaceChanged(listener) },
    profile: { verifiedIdentity: (id) => service.verifiedIdentity(id) },
    erasure: { erase: (id, tx) => service.erase(id, tx) },
    minors: { mayConsent: minors.mayConsent, ageBand: minors.ageBand, ageOf: minors.ageOf, requireGuardianConsent: minors.requireGuardianConsent },
    service,
    useStepUp: (port) => {
      stepUp = port;
    },
  };
}
