// Passkeys (WebAuthn) as the second way for staff to sign in. A passkey with user verification (PIN or biometric on
// the authenticator) is itself two factors, so it replaces password + TOTP. The relying party is the platform's
// public URL (config PUBLIC_URL): rpID = its host name, origin = its origin. Challenges are single use, 5 minutes.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { Clock } from '../../platform/clock.ts';
import type { Tables } from '../../platform/db/tables.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import type { AuditService } from '../audit/index.ts';
import type { StaffPrincipal, StaffSessions } from './sessions.service.ts';
import { newId } from './credentials.ts';
import { SP } from './staff.problems.ts';
import { staffRepository as repo } from './staff.repository.ts';

const CHALLENGE_MS = 5 * 60_000;

// Issue #2 idle memory: @simplewebauthn/server (with its ASN.1 and X.509 parsers) is imported on the first passkey
// ceremony, not at boot — most servers sit idle, and most staff sign in with password + TOTP.
let webauthnModule: Promise<typeof import('@simplewebauthn/server')> | undefined;
const webauthn = () => (webauthnModule ??= import('@simplewebauthn/server'));

export interface PasskeyDeps {
  db: Kysely<Tables>;
  clock: Clock;
  audit: AuditService;
  sessions: StaffSessions;
  publicUrl: string;
}

export class StaffPasskeys {
  readonly rpID: string;
  readonly origin: string;
  readonly deps: PasskeyDeps;
  constructor(deps: PasskeyDeps) {
    this.deps = deps;
    const url = new URL(deps.publicUrl);
    this.rpID = url.hostname;
    this.origin = url.origin;
  }

  async #challenge(challenge: string, purpose: 'register' | 'authenticate', staffId: string | null) {
    const now = this.deps.clock.now();
    await repo.purgeChallenges(this.deps.db, now);
    await repo.insertChallenge(this.deps.db, { id: randomUUID(), challenge, purpose, staff_id: staffId, expires_at: new Date(now.getTime() + CHALLENGE_MS) });
  }

  /** Takes the challenge (single use) and says whether it was outstanding, unexpired and issued to this staff member. */
  #consume(purpose: 'register' | 'authenticate', staffId: string | null) {
    return async (challenge: string) => {
      const row = await repo.takeChallenge(this.deps.db, challenge, purpose);
      if (!row || new Date(row.expires_at) < this.deps.clock.now()) return false;
      return staffId === null || row.staff_id === staffId;
    };
  }

  async list(staffId: string) {
    return (await repo.passkeys(this.deps.db, staffId)).map((k) => ({
      id: k.id,
      label: k.label,
      createdAt: new Date(k.created_at).toISOString(),
      lastUsedAt: k.last_used_at ? new Date(k.last_used_at).toISOString() : null,
    }));
  }

  async registrationOptions(principal: StaffPrincipal) {
    const staff = await repo.byId(this.deps.db, principal.staffId);
    if (!staff) throw new AppError(P.notFound);
    const existing = await repo.passkeys(this.deps.db, staff.id);
    const options = await (await webauthn()).generateRegistrationOptions({
      rpName: '南通百通工作人员控制台',
      rpID: this.rpID,
      userName: staff.login_name,
      userDisplayName: staff.display_name,
      userID: new TextEncoder().encode(staff.id),
      attestationType: 'none',
      excludeCredentials: existing.map((k) => ({ id: k.credential_id, transports: k.transports })),
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    });
    await this.#challenge(options.challenge, 'register', staff.id);
    return options;
  }

  async register(principal: StaffPrincipal, response: RegistrationResponseJSON, label: string) {
    let result;
    try {
      result = await (await webauthn()).verifyRegistrationResponse({
        response,
        expectedChallenge: this.#consume('register', principal.staffId),
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        requireUserVerification: true,
      });
    } catch {
      throw new AppError(SP.passkeyFailed);
    }
    if (!result.verified) throw new AppError(SP.passkeyFailed);
    const { credential } = result.registrationInfo;
    const id = newId('pk', 20);
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (tx) => {
      await repo.insertPasskey(tx, {
        id,
        staff_id: principal.staffId,
        credential_id: credential.id,
        public_key: Buffer.from(credential.publicKey),
        sign_count: credential.counter,
        transports: credential.transports ?? [],
        label: label.trim() || '通行密钥',
        created_at: now,
        last_used_at: null,
      });
      await this.deps.audit.record(tx, {
        actor: { kind: 'staff', ref: principal.staffId },
        action: 'staff.register-passkey',
        subjectId: principal.staffId,
        elements: ['staff-credentials'],
        purposeId: 'staff-administration',
        legalBasis: 'contract',
        details: { passkeyId: id },
      });
    });
    return { id, label: label.trim() || '通行密钥', createdAt: now.toISOString(), lastUsedAt: null };
  }

  async remove(principal: StaffPrincipal, id: string) {
    await this.deps.db.transaction().execute(async (tx) => {
      const r = await repo.deletePasskey(tx, principal.staffId, id);
      if (Number(r.numDeletedRows) === 0) throw new AppError(P.notFound);
      await this.deps.audit.record(tx, {
        actor: { kind: 'staff', ref: principal.staffId },
        action: 'staff.remove-passkey',
        subjectId: principal.staffId,
        elements: ['staff-credentials'],
        purposeId: 'staff-administration',
        legalBasis: 'contract',
        details: { passkeyId: id },
      });
    });
  }

  /** Discoverable-credential sign-in: no account name needed, the authenticator offers its passkeys for this site. */
  async authenticationOptions() {
    const options = await (await webauthn()).generateAuthenticationOptions({ rpID: this.rpID, userVerification: 'required' });
    await this.#challenge(options.challenge, 'authenticate', null);
    return options;
  }

  async signIn(response: AuthenticationResponseJSON, device: string | null = null) {
    const key = await repo.passkeyByCredential(this.deps.db, response.id);
    const staff = key ? await repo.byId(this.deps.db, key.staff_id) : undefined;
    const fail = async (reason: string): Promise<never> => {
      await this.deps.db.transaction().execute((tx) =>
        this.deps.audit.record(tx, {
          actor: { kind: 'staff', ref: staff?.id ?? null },
          action: 'staff.sign-in-failed',
          subjectId: staff?.id ?? null,
          elements: staff ? ['staff-account'] : [],
          purposeId: 'staff-administration',
          legalBasis: 'contract',
          details: { reason, method: 'passkey' },
        }),
      );
      throw new AppError(SP.passkeyFailed);
    };
    if (!key || !staff) return fail('unknown-passkey');
    if (staff.disabled_at) return fail('disabled');
    let result;
    try {
      result = await (await webauthn()).verifyAuthenticationResponse({
        response,
        expectedChallenge: this.#consume('authenticate', null),
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        credential: { id: key.credential_id, publicKey: new Uint8Array(key.public_key), counter: Number(key.sign_count), transports: key.transports },
        requireUserVerification: true,
      });
    } catch {
      return fail('bad-assertion');
    }
    if (!result.verified) return fail('bad-assertion');
    return this.deps.db.transaction().execute(async (tx) => {
      await repo.usePasskey(tx, key.id, result.authenticationInfo.newCounter, this.deps.clock.now());
      return this.deps.sessions.createSession(tx, staff.id, 'passkey', device);
    });
  }
}
