// Real-name verification use cases (issue #4 §5; PP-1.5, PP-1.6, PP-1.7, LAW-1, LAW-10). Order of every route:
//   1. local validation (GB 11643, Luhn, mobile) → 422 with a precise Chinese message; nothing leaves the platform;
//   2. the purpose guard: separate consent to the route's purpose (LAW-1), elements declared for it (PP-2.1);
//   3. minors: a child under 14 (birth date from the ID number) needs a linked guardian's consent (LAW-2, PP-5.1);
//   4. the per-account limit of failed attempts; the one-ID-one-account rule (blind index);
//   5. the provider call (outside any transaction: it takes time);
//   6. one transaction: the identity (name and ID number encrypted under the account's key), the attempt and its
//      audit record. Refusals are recorded and audited too.
// Face frames live in memory for the provider call only and are zeroed afterwards: no table holds an image (PP-1.5).
import type { RawBuilder, Transaction } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { SubjectKeyDestroyedError, type FieldCipher } from '../../platform/crypto/index.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Tables } from '../../platform/db/tables.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import type { Principal } from '../../platform/http/access.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import { purposeById, type PrivacyModule } from '../privacy/index.ts';
import { decodeFrames } from './frames.ts';
import { PROBLEM_OF, REALNAME_PROBLEMS } from './realname.problems.ts';
import { realnameRepository as repo, type Executor, type IdentityRow, type Route } from './realname.repository.ts';
import { ProviderError, type RealnameProviders } from './providers/types.ts';
import { ageBandOf, citizenOf, levelOfRow, rankOf, type RealnameLevel, type Verified } from './levels.ts';
import {
  ageOn,
  CARD_MESSAGES,
  ID_NUMBER_MESSAGES,
  maskIdNumber,
  maskName,
  MOBILE_MESSAGE,
  normaliseName,
  parseCardNumber,
  parseIdNumber,
  parseMobile,
  validName,
  type ParsedIdNumber,
} from './validation.ts';

/** The ID check is the first step of 实名认证(扫脸认证): the policy names no stand-alone ID check, and the inventory's
 * external provider 'id-check' is declared under real-name-face. Face and bank card each rest on their own separate
 * consent (LAW-1). */
export const PURPOSE = { id: 'real-name-face', face: 'real-name-face', card: 'real-name-bank-card' } as const;
const ELEMENTS = {
  id: ['real-name', 'id-number', 'id-type', 'real-name-status'],
  face: ['face', 'real-name', 'id-number', 'id-type', 'real-name-status'],
  card: ['real-name', 'id-number', 'id-type', 'bank-card-number', 'bank-reserved-mobile', 'real-name-status'],
} as const;
/** The inventory's external providers (recipients.ts EXTERNAL_PROVIDERS), named in audit records. */
const PROVIDER_ID = { id: 'id-check', face: 'face-liveness', card: 'bank-card-check' } as const;

/** Refusals a citizen may have per route and day before the route closes until tomorrow (protects against using the
 * platform to test other people's ID numbers). Outages and provider rate limits do not count. */
export const DAILY_FAILURE_LIMIT = 5;

const AAD = { name: 'realname_identities.real_name', id: 'realname_identities.id_number' };

export interface RealnameServiceDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  cipher: FieldCipher;
  blindIndex: (kind: string, value: string) => Buffer;
  audit: AuditService;
  privacy: Pick<PrivacyModule, 'guard' | 'consents'>;
  providers: RealnameProviders;
  /** identity's step-up (fresh proof within 5 minutes); wired by the coordinator */
  stepUp?: { require(principal: Principal): Promise<void> };
  /** PP-5.1: throws guardian-consent-required for a child under 14 without a guardian's consent to the purpose */
  requireGuardianConsent(accountId: string, birthDate: string, purposeId: string): Promise<void>;
  /** Told after an identity was verified for an account (its age is known from now on: the minors rule remembers ages). */
  identityVerified?: (accountId: string) => void;
}

function validIdentity(input: { realName: string; idNumber: string }, now: Date): { realName: string; id: ParsedIdNumber } {
  const realName = normaliseName(input.realName);
  if (!validName(realName)) throw new AppError(REALNAME_PROBLEMS.nameInvalid, { extensions: { field: 'realName' } });
  const parsed = parseIdNumber(input.idNumber, now);
  if (!parsed.ok) {
    throw new AppError(REALNAME_PROBLEMS.idNumberInvalid, { detail: ID_NUMBER_MESSAGES[parsed.error], extensions: { field: 'idNumber', reason: parsed.error } });
  }
  return { realName, id: parsed.value };
}

/** An erased subject (its key destroyed, PP-4.5) reads as not verified, never as an error. */
const shredded =
  <T>(fallback: T) =>
  (err: unknown): T => {
    if (err instanceof SubjectKeyDestroyedError) return fallback;
    throw err;
  };

export function createRealnameService(deps: RealnameServiceDeps) {
  const { database, clock, cipher, audit, privacy, providers } = deps;
  const log = deps.logger;
  const db = () => database.db;
  const tx = <T>(fn: (tx: Transaction<Tables>) => Promise<T>) => database.db.transaction().execute(fn);
  const stored = <T>(accountId: string, fn: (tx: Transaction<Tables>) => Promise<T>) => tx(fn).finally(() => deps.identityVerified?.(accountId));
  const bidx = (idNumber: string) => deps.blindIndex('id-number', idNumber);
  const callerRef = (accountId: string) => audit.subjectPseudonym(accountId);

  async function decrypt(row: IdentityRow, on: Executor = db()) {
    const [realName, idNumber] = await Promise.all([
      cipher.decryptField(row.account_id, row.real_name_enc, AAD.name, on),
      cipher.decryptField(row.account_id, row.id_number_enc, AAD.id, on),
    ]);
    return { realName, idNumber };
  }

  async function present(row: IdentityRow): Promise<Verified> {
    const { realName, idNumber } = await decrypt(row);
    const parsed = parseIdNumber(idNumber, clock.now());
    const age = parsed.ok ? ageOn(parsed.value.birthDate, clock.now()) : 99;
    return {
      level: levelOfRow(row),
      realNameMasked: maskName(realName),
      idNumberMasked: maskIdNumber(idNumber),
      idType: 'resident-id-card',
      idVerifiedAt: row.id_verified_at.toISOString(),
      faceVerifiedAt: row.face_verified_at?.toISOString() ?? null,
      cardVerifiedAt: row.card_verified_at?.toISOString() ?? null,
      cardTail: row.card_tail,
      faceLoginEnabled: row.face_login_enabled && !!row.face_verified_at,
      ageBand: ageBandOf(age),
    };
  }

  /** Steps 3–4 before any provider call; returns the account's current identity row, if any. */
  async function preflight(accountId: string, route: Route, purposeId: string, id: ParsedIdNumber): Promise<IdentityRow | undefined> {
    await deps.requireGuardianConsent(accountId, id.birthDate, purposeId);
    const failures = await repo.countFailures(db(), accountId, route, new Date(clock.now().getTime() - 86_400_000));
    if (failures >= DAILY_FAILURE_LIMIT) throw new AppError(REALNAME_PROBLEMS.attemptsExceeded, { extensions: { route, limit: DAILY_FAILURE_LIMIT } });
    const existing = await repo.find(db(), accountId);
    const index = bidx(id.idNumber);
    if (existing && !Buffer.from(existing.id_number_bidx).equals(index)) throw new AppError(REALNAME_PROBLEMS.alreadyVerified);
    if (!existing) {
      const bound = await repo.accountByIdIndex(db(), index);
      if (bound && bound !== accountId) throw new AppError(REALNAME_PROBLEMS.idNumberBound);
    }
    return existing;
  }

  /** Records and audits a refusal, then throws the citizen's problem. */
  async function refused(accountId: string, route: Route, purposeId: string, err: unknown): Promise<never> {
    if (!(err instanceof ProviderError)) throw err;
    const legalBasis = purposeById(purposeId)?.legalBasis ?? null;
    await tx(async (t) => {
      await repo.recordAttempt(t, { account_id: accountId, route, outcome: err.code, provider_ref: null, created_at: clock.now() });
      await audit.record(t, {
        actor: { kind: 'citizen', ref: accountId },
        action: 'realname.refuse-verification',
        subjectId: accountId,
        elements: [...ELEMENTS[route]],
        purposeId,
        legalBasis,
        details: { route, code: err.code, provider: PROVIDER_ID[route] },
      });
    });
    log.info({ route, code: err.code, retryable: err.retryable, subject: callerRef(accountId) }, 'real-name verification refused');
    if (err.retryable) {
      throw new AppError(PROBLEM_OF[err.code], { extensions: { retryable: true, code: err.code }, headers: { 'retry-after': err.code === 'rate-limited' ? '60' : '5' } });
    }
    throw new AppError(PROBLEM_OF[err.code], { extensions: { retryable: false, code: err.code } });
  }

  /** Inserts or updates the identity with what this route proved, in `t`, with its attempt and audit record. */
  async function store(
    t: Transaction<Tables>,
    accountId: string,
    existing: IdentityRow | undefined,
    v: { realName: string; idNumber: string; route: Route; providerRef: string; idCheckRef?: string; cardTail?: string; enableFaceLogin?: boolean },
    purposeId: string,
    legalBasis: string,
    requires?: RawBuilder<boolean>,
  ) {
    const now = clock.now();
    if (!existing) {
      await repo.insert(t, {
        account_id: accountId,
        real_name_enc: await cipher.encryptField(accountId, v.realName, AAD.name, t),
        id_number_enc: await cipher.encryptField(accountId, v.idNumber, AAD.id, t),
        id_number_bidx: bidx(v.idNumber),
        id_verified_at: now,
        id_check_ref: v.idCheckRef ?? v.providerRef,
        face_verified_at: v.route === 'face' ? now : null,
        face_provider_ref: v.route === 'face' ? v.providerRef : null,
        card_verified_at: v.route === 'card' ? now : null,
        card_provider_ref: v.route === 'card' ? v.providerRef : null,
        card_tail: v.route === 'card' ? v.cardTail! : null,
        updated_at: now,
      });
      if (v.route === 'face' && v.enableFaceLogin) await repo.update(t, accountId, { face_login_enabled: true });
    } else if (v.route === 'face') {
      await repo.update(t, accountId, { face_verified_at: now, face_provider_ref: v.providerRef, updated_at: now, ...(v.enableFaceLogin ? { face_login_enabled: true } : {}) });
    } else if (v.route === 'card') {
      await repo.update(t, accountId, { card_verified_at: now, card_provider_ref: v.providerRef, card_tail: v.cardTail!, updated_at: now });
    } else {
      await repo.update(t, accountId, { id_verified_at: now, id_check_ref: v.providerRef, updated_at: now });
    }
    await repo.recordAttempt(t, { account_id: accountId, route: v.route, outcome: 'passed', provider_ref: v.providerRef, created_at: now });
    await audit.record(t, {
      actor: { kind: 'citizen', ref: accountId },
      action: v.route === 'id' ? 'realname.verify-id-number' : v.route === 'face' ? 'realname.verify-face' : 'realname.verify-bank-card',
      subjectId: accountId,
      elements: [...ELEMENTS[v.route]],
      purposeId,
      legalBasis,
      details: { route: v.route, provider: PROVIDER_ID[v.route], providerRef: v.providerRef, faceLogin: !!v.enableFaceLogin },
    }, [], { requires });
  }

  /** Stores what a verification proved — unless the consent was withdrawn while the provider was answering: the
   * consent is tested again in the statement that audits the store (guard.within), so a withdrawal committed during
   * the call undoes the whole store and the citizen gets consent-required (PP-4.4, LAW-3: effective on the next call —
   * and the store is the next use). */
  function storeUnderConsent(principal: Principal | null, accountId: string, purposeId: string, elements: readonly string[], fn: (t: Transaction<Tables>, legalBasis: string, requires?: RawBuilder<boolean>) => Promise<void>) {
    return privacy.guard.within(principal, purposeId, { elements: [...elements] }, ({ legalBasis, requires }) => stored(accountId, (t) => fn(t, legalBasis, requires)));
  }

  async function call<T>(accountId: string, route: Route, purposeId: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      return refused(accountId, route, purposeId, err);
    }
  }

  // Told after a change to an account's face proof has committed (verification, face login on/off, erasure), so that
  // what other modules derived from it (identity's cached step-up methods) is recomputed.
  const faceListeners: ((accountId: string) => void)[] = [];
  const faceChanged = (accountId: string) => {
    for (const listener of faceListeners) listener(accountId);
  };

  const service = {
    onFaceChanged(listener: (accountId: string) => void): void {
      faceListeners.push(listener);
    },

    async status(accountId: string): Promise<Verified | null> {
      const row = await repo.find(db(), accountId);
      return row ? present(row).catch(shredded(null)) : null;
    },

    /** ID check: name + ID number against the public-security register. Level id-verified. */
    async verifyId(principal: Principal | null, input: { realName: string; idNumber: string }): Promise<Verified> {
      const accountId = citizenOf(principal);
      const { realName, id } = validIdentity(input, clock.now());
      await privacy.guard.require(principal, PURPOSE.id, { elements: [...ELEMENTS.id] });
      const existing = await preflight(accountId, 'id', PURPOSE.id, id);
      const { providerRef } = await call(accountId, 'id', PURPOSE.id, () =>
        providers.idCheck.check({ realName, idNumber: id.idNumber }, { callerRef: callerRef(accountId) }),
      );
      await storeUnderConsent(principal, accountId, PURPOSE.id, ELEMENTS.id, (t, basis, requires) =>
        store(t, accountId, existing, { realName, idNumber: id.idNumber, route: 'id', providerRef }, PURPOSE.id, basis, requires));
      return (await service.status(accountId))!;
    },

    /** Face: ID check, then liveness over 1–3 frames and comparison with the register photo. Level face-verified. */
    /** The face service's action challenge for the next capture (verification, face sign-in and face step-up alike). */
    async livenessChallenge() {
      return providers.face.challenge();
    },

    async verifyFace(principal: Principal | null, input: { realName: string; idNumber: string; frames: string[]; challengeId: string; enableFaceLogin?: boolean }): Promise<Verified> {
      const accountId = citizenOf(principal);
      const { realName, id } = validIdentity(input, clock.now());
      const frames = await decodeFrames(input.frames);
      try {
        await privacy.guard.require(principal, PURPOSE.face, { elements: [...ELEMENTS.face] });
        const existing = await preflight(accountId, 'face', PURPOSE.face, id);
        const ctx = { callerRef: callerRef(accountId) };
        // The ID check comes first unless this identity passed it already.
        const idCheckRef = existing
          ? existing.id_check_ref
          : (await call(accountId, 'id', PURPOSE.id, () => providers.idCheck.check({ realName, idNumber: id.idNumber }, ctx))).providerRef;
        const { providerRef } = await call(accountId, 'face', PURPOSE.face, () => providers.face.verify({ realName, idNumber: id.idNumber, frames, challengeId: input.challengeId }, ctx));
        await storeUnderConsent(principal, accountId, PURPOSE.face, ELEMENTS.face, (t, basis, requires) =>
          store(t, accountId, existing, { realName, idNumber: id.idNumber, route: 'face', providerRef, idCheckRef, enableFaceLogin: input.enableFaceLogin }, PURPOSE.face, basis, requires),
        );
        faceChanged(accountId);
        return (await service.status(accountId))!;
      } finally {
        for (const f of frames) f.fill(0); // PP-1.5: the images are discarded after verification
      }
    },

    /** Bank card four elements. Level card-verified. Only the card's last four digits are kept (PP-1.6). */
    async verifyCard(principal: Principal | null, input: { realName: string; idNumber: string; cardNumber: string; mobile: string }): Promise<Verified> {
      const accountId = citizenOf(principal);
      const { realName, id } = validIdentity(input, clock.now());
      const card = parseCardNumber(input.cardNumber);
      if (!card.ok) throw new AppError(REALNAME_PROBLEMS.cardInvalid, { detail: CARD_MESSAGES[card.error], extensions: { field: 'cardNumber', reason: card.error } });
      const mobile = parseMobile(input.mobile);
      if (!mobile) throw new AppError(REALNAME_PROBLEMS.mobileInvalid, { detail: MOBILE_MESSAGE, extensions: { field: 'mobile' } });
      await privacy.guard.require(principal, PURPOSE.card, { elements: [...ELEMENTS.card] });
      const existing = await preflight(accountId, 'card', PURPOSE.card, id);
      const { providerRef } = await call(accountId, 'card', PURPOSE.card, () =>
        providers.bankCard.verify({ realName, idNumber: id.idNumber, cardNumber: card.value, mobile }, { callerRef: callerRef(accountId) }),
      );
      await storeUnderConsent(principal, accountId, PURPOSE.card, ELEMENTS.card, (t, basis, requires) =>
        store(t, accountId, existing, { realName, idNumber: id.idNumber, route: 'card', providerRef, cardTail: card.value.slice(-4) }, PURPOSE.card, basis, requires));
      return (await service.status(accountId))!;
    },

    /** The full ID number, after a fresh step-up (二次核身); audited as a read of sensitive PI. */
    async fullIdNumber(principal: Principal | null): Promise<string> {
      const accountId = citizenOf(principal);
      if (!deps.stepUp) throw new AppError(REALNAME_PROBLEMS.stepUpUnavailable);
      await deps.stepUp.require(principal!); // 二次核身: a fresh proof within the last 5 minutes
      const row = await repo.find(db(), accountId);
      if (!row) throw new AppError(REALNAME_PROBLEMS.required, { extensions: { required: 'id-verified', current: 'none' } });
      return tx(async (t) => {
        const { idNumber } = await decrypt(row, t);
        await audit.record(t, {
          actor: { kind: 'citizen', ref: accountId },
          action: 'realname.view-id-number',
          subjectId: accountId,
          elements: ['id-number'],
          purposeId: PURPOSE.id,
          legalBasis: 'separate-consent',
          details: { stepUp: true },
        });
        return idNumber;
      });
    },

    /** Face login on or off (PP-1.5: face serves only this account's login and verification, and only if asked). */
    async setFaceLogin(principal: Principal | null, enabled: boolean): Promise<Verified> {
      const accountId = citizenOf(principal);
      if (enabled) await privacy.guard.require(principal, PURPOSE.face, { elements: ['face'] });
      const row = await repo.find(db(), accountId);
      if (!row?.face_verified_at) throw new AppError(REALNAME_PROBLEMS.faceNotVerified);
      await tx(async (t) => {
        await repo.update(t, accountId, { face_login_enabled: enabled, updated_at: clock.now() });
        await audit.record(t, {
          actor: { kind: 'citizen', ref: accountId },
          action: enabled ? 'realname.enable-face-login' : 'realname.disable-face-login',
          subjectId: accountId,
          elements: ['real-name-status'],
          purposeId: PURPOSE.face,
          legalBasis: 'separate-consent',
        });
      });
      faceChanged(accountId);
      return (await service.status(accountId))!;
    },

    async levelOf(accountId: string, on: Executor = db()): Promise<RealnameLevel> {
      // the level needs no decryption; an erased subject's rows are deleted with its key (erase())
      return levelOfRow(await repo.find(on, accountId));
    },

    async requireLevel(accountId: string, min: RealnameLevel): Promise<void> {
      const current = await service.levelOf(accountId);
      if (rankOf(current) < rankOf(min)) throw new AppError(REALNAME_PROBLEMS.required, { extensions: { required: min, current } });
    },

    /** Decrypted identity for features that need it under their own purpose (12345 contact data). */
    async verifiedIdentity(accountId: string, on: Executor = db()): Promise<{ realName: string; idNumber: string; birthDate: string } | null> {
      const row = await repo.find(on, accountId);
      if (!row) return null;
      const opened = await decrypt(row, on).catch(shredded(null));
      if (!opened) return null;
      const { realName, idNumber } = opened;
      const parsed = parseIdNumber(idNumber, clock.now());
      return { realName, idNumber, birthDate: parsed.ok ? parsed.value.birthDate : `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}` };
    },

    /** Face proof for face login and face step-up: the account must be face-verified, have face login on and an
     * effective consent to real-name-face. The same liveness check as verification: the frames answer an action
     * challenge from livenessChallenge(). Never throws for a refusal: { ok: false, reason }. */
    async proveFace(accountId: string, capture: { challengeId: string; frames: string[] }): Promise<{ ok: boolean; providerRef?: string; reason?: string }> {
      if (!(await service.faceEnabled(accountId))) return { ok: false, reason: 'face-login-not-enabled' };
      const failures = await repo.countFailures(db(), accountId, 'face', new Date(clock.now().getTime() - 86_400_000));
      if (failures >= DAILY_FAILURE_LIMIT) return { ok: false, reason: 'attempts-exceeded' };
      let frames: Buffer[];
      try {
        frames = await decodeFrames(capture.frames);
      } catch {
        return { ok: false, reason: 'image-invalid' };
      }
      const row = (await repo.find(db(), accountId))!;
      const { realName, idNumber } = await decrypt(row);
      let outcome: { ok: true; providerRef: string } | { ok: false; code: string };
      try {
        const r = await providers.face.verify({ realName, idNumber, frames, challengeId: capture.challengeId }, { callerRef: callerRef(accountId) });
        outcome = { ok: true, providerRef: r.providerRef };
      } catch (err) {
        if (!(err instanceof ProviderError)) throw err;
        outcome = { ok: false, code: err.code };
      } finally {
        for (const f of frames) f.fill(0);
      }
      await tx(async (t) => {
        await repo.recordAttempt(t, { account_id: accountId, route: 'face', outcome: outcome.ok ? 'passed' : outcome.code, provider_ref: outcome.ok ? outcome.providerRef : null, created_at: clock.now() });
        await audit.record(t, {
          actor: { kind: 'citizen', ref: accountId },
          action: 'realname.prove-face',
          subjectId: accountId,
          elements: ['face', 'real-name', 'id-number'],
          purposeId: PURPOSE.face,
          legalBasis: 'separate-consent',
          details: outcome.ok ? { provider: PROVIDER_ID.face, providerRef: outcome.providerRef } : { provider: PROVIDER_ID.face, code: outcome.code },
        });
      });
      return outcome.ok ? { ok: true, providerRef: outcome.providerRef } : { ok: false, reason: outcome.code };
    },

    /**
     * Account cancellation (PP-4.5): deletes the identity (the encrypted name and ID number, the blind index that binds
     * the ID number to this account), the attempt history and guardian links, audited in the caller's transaction.
     */
    async erase(accountId: string, on?: Transaction<Tables>): Promise<number> {
      const run = async (t: Transaction<Tables>) => {
        const removed = await repo.eraseAccount(t, accountId);
        await audit.record(t, {
          actor: { kind: 'system' },
          action: 'realname.erase-account',
          subjectId: accountId,
          elements: ['real-name', 'id-number', 'id-type', 'real-name-status', 'bank-card-number', 'guardian-relationship'],
          purposeId: PURPOSE.face,
          legalBasis: 'separate-consent',
          details: { rows: removed },
        });
        return removed;
      };
      const removed = await (on ? run(on) : tx(run));
      faceChanged(accountId); // the caller's transaction may still be open: the account is being cancelled, its sessions end with it
      return removed;
    },

    async faceEnabled(accountId: string): Promise<boolean> {
      const row = await repo.find(db(), accountId);
      if (!row?.face_verified_at || !row.face_login_enabled) return false;
      // A withdrawn consent switches face login off at once (PP-4.4): nothing is cached.
      return privacy.guard.require({ kind: 'account', ref: accountId }, PURPOSE.face, { elements: ['face'] }).then(
        () => true,
        () => false,
      );
    },
  };
  return service;
}

export type RealnameService = ReturnType<typeof createRealnameService>;
