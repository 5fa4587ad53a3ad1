// Minors (PP-5.1, PP-5.2, LAW-2; PIPL art. 31). The age comes from the birth date in the verified ID number.
//  - under 14: consent-based processing rests only on a consent a linked guardian gave (consent method 'guardian');
//    the child's own tap does not count. A guardian is a real-name-verified adult account that entered a one-time
//    code the child's account generated (the code proves both accounts are in the same hands at the same time).
//  - 14–17: the service tells them to use it with a guardian's consent (guardian notice); their own consent counts.
// A guardian sees and manages the child's consents through these functions.
import { randomInt } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import type { Principal } from '../../platform/http/access.ts';
import type { AuditService } from '../audit/index.ts';
import { purposeById, type PrivacyModule } from '../privacy/index.ts';
import { REALNAME_PROBLEMS } from './realname.problems.ts';
import { realnameRepository as repo, type GuardianLinkRow } from './realname.repository.ts';
import { ageBandOf, citizenOf, rankOf, type AgeBand } from './levels.ts';
import type { RealnameService } from './realname.service.ts';
import { ageOn, maskName } from './validation.ts';

export const INVITATION_MINUTES = 30;
const PURPOSE = 'minor-guardian';
export type Relation = 'parent' | 'guardian';

export interface MinorsDeps {
  database: Database;
  clock: Clock;
  audit: AuditService;
  blindIndex: (kind: string, value: string) => Buffer;
  privacy: Pick<PrivacyModule, 'consents'>;
  realname: () => RealnameService;
}

export function createMinorsService(deps: MinorsDeps) {
  const { database, clock, audit, privacy } = deps;
  const db = () => database.db;
  const codeHash = (code: string) => deps.blindIndex('guardian-invitation', code);
  const legalBasis = () => purposeById(PURPOSE)!.legalBasis;

  async function ageOf(accountId: string): Promise<number | null> {
    const who = await deps.realname().verifiedIdentity(accountId);
    return who ? ageOn(who.birthDate, clock.now()) : null;
  }

  // The privacy guard asks mayConsent on every consent-based call (PP-5.1), which would read and decrypt the identity
  // each time. An age only grows, so an account found 14 or older is remembered as such (bounded, oldest dropped) and
  // never asked again; an account without a verified age is asked every time, because another process may verify it
  // as a child under 14 at any moment. `forget` (a new verification here) starts over.
  const ADULTS_MAX = 50_000;
  const grownUp = new Set<string>();

  /** A linked guardian gave the current, effective consent to the purpose (LAW-2). */
  async function guardianConsented(accountId: string, purposeId: string): Promise<boolean> {
    const purpose = purposeById(purposeId);
    if (!purpose) return false;
    if ((await repo.activeLinksOfMinor(db(), accountId)).length === 0) return false;
    // listCurrent applies the consent service's own rule of what is in force (version, separateness).
    const { states } = await privacy.consents.listCurrent({ kind: 'account', ref: accountId });
    const state = states.find((s) => s.purpose.id === purposeId);
    if (!state?.effective || !state.latest) return false;
    // The record must have been made by a linked guardian here, not merely say method 'guardian' (LAW-2).
    return repo.isGuardianConsent(db(), state.latest.id, accountId);
  }

  async function guardedWard(principal: Principal | null, minorAccountId: string): Promise<{ guardianId: string; link: GuardianLinkRow }> {
    const guardianId = citizenOf(principal);
    const link = await repo.activeLink(db(), minorAccountId, guardianId);
    if (!link) throw new AppError(P.notFound); // someone else's child answers like a missing one
    return { guardianId, link };
  }

  const minors = {
    ageOf,

    async ageBand(accountId: string): Promise<AgeBand | 'unknown'> {
      const age = await ageOf(accountId);
      return age === null ? 'unknown' : ageBandOf(age);
    },

    /**
     * May consent-based processing for `purposeId` rest on this account's consent record? Always for adults, 14–17
     * year-olds and accounts without a verified age; for a child under 14 only when a linked guardian gave the consent.
     * Purposes that do not rest on consent always pass.
     */
    async mayConsent(accountId: string, purposeId: string): Promise<boolean> {
      const purpose = purposeById(purposeId);
      if (purpose && purpose.legalBasis !== 'consent' && purpose.legalBasis !== 'separate-consent') return true;
      if (grownUp.has(accountId)) return true;
      const age = await ageOf(accountId);
      if (age !== null && age >= 14) {
        grownUp.add(accountId);
        if (grownUp.size > ADULTS_MAX) grownUp.delete(grownUp.values().next().value!);
      }
      if (age === null || age >= 14) return true;
      return guardianConsented(accountId, purposeId);
    },

    /** The account's identity changed here (verified): ask for its age again on the next call. */
    forget(accountId: string): void {
      grownUp.delete(accountId);
    },

    /** Before verifying an identity whose ID number shows a child under 14: the guardian must have consented. */
    async requireGuardianConsent(accountId: string, birthDate: string, purposeId: string): Promise<void> {
      if (ageOn(birthDate, clock.now()) >= 14) return;
      if (!(await guardianConsented(accountId, purposeId))) {
        throw new AppError(REALNAME_PROBLEMS.guardianConsentRequired, { extensions: { purpose: purposeId, ageBand: 'under-14' } });
      }
    },

    /** The child's account issues a one-time code (valid 30 minutes) for the guardian to enter on their own account. */
    async invite(principal: Principal | null): Promise<{ code: string; expiresAt: string }> {
      const minorId = citizenOf(principal);
      const age = await ageOf(minorId);
      if (age !== null && age >= 18) throw new AppError(REALNAME_PROBLEMS.notAMinor);
      const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + INVITATION_MINUTES * 60_000);
      await db().transaction().execute(async (t) => {
        const id = await repo.createInvitation(t, { minor_account_id: minorId, code_hash: codeHash(code), expires_at: expiresAt, created_at: now });
        await audit.record(t, {
          actor: { kind: 'citizen', ref: minorId },
          action: 'realname.invite-guardian',
          subjectId: minorId,
          elements: ['guardian-relationship'],
          purposeId: PURPOSE,
          legalBasis: legalBasis(),
          details: { invitationId: id },
        });
      });
      return { code, expiresAt: expiresAt.toISOString() };
    },

    /** A real-name-verified adult enters the child's code and becomes their guardian. */
    async accept(principal: Principal | null, input: { code: string; relation: Relation }): Promise<{ minorAccountId: string; linkId: string }> {
      const guardianId = citizenOf(principal);
      const level = await deps.realname().levelOf(guardianId);
      const guardianAge = await ageOf(guardianId);
      if (rankOf(level) < rankOf('id-verified') || guardianAge === null || guardianAge < 18) throw new AppError(REALNAME_PROBLEMS.guardianNotEligible);
      const code = input.code.replace(/\s+/g, '');
      if (!/^\d{8}$/.test(code)) throw new AppError(REALNAME_PROBLEMS.invitationInvalid);
      // Ages are read before the transaction (PGlite: one connection; never the root db inside a transaction).
      return db().transaction().execute(async (t) => {
        const inv = await repo.claimInvitation(t, codeHash(code), clock.now());
        if (!inv) throw new AppError(REALNAME_PROBLEMS.invitationInvalid);
        if (inv.minor_account_id === guardianId) throw new AppError(REALNAME_PROBLEMS.ownAccount);
        const existing = await repo.activeLink(t, inv.minor_account_id, guardianId);
        const linkId =
          existing?.id ??
          (await repo.insertLink(t, { minor_account_id: inv.minor_account_id, guardian_account_id: guardianId, relation: input.relation, created_at: clock.now() }));
        await audit.record(t, {
          actor: { kind: 'citizen', ref: guardianId },
          action: 'realname.link-guardian',
          subjectId: inv.minor_account_id,
          elements: ['guardian-relationship', 'account-id'],
          purposeId: PURPOSE,
          legalBasis: legalBasis(),
          details: { linkId, invitationId: inv.id, relation: input.relation },
        });
        return { minorAccountId: inv.minor_account_id, linkId };
      });
    },

    /** The guardian's view: their wards, with masked name and age band. */
    async wards(principal: Principal | null) {
      const guardianId = citizenOf(principal);
      const links = await repo.activeLinksOfGuardian(db(), guardianId);
      return Promise.all(
        links.map(async (l) => {
          const who = await deps.realname().verifiedIdentity(l.minor_account_id);
          return {
            minorAccountId: l.minor_account_id,
            linkId: l.id,
            relation: l.relation,
            linkedAt: l.created_at.toISOString(),
            realNameMasked: who ? maskName(who.realName) : null,
            ageBand: who ? ageBandOf(ageOn(who.birthDate, clock.now())) : null,
          };
        }),
      );
    },

    /** The child's view: who their guardians are. */
    async guardians(principal: Principal | null) {
      const minorId = citizenOf(principal);
      const links = await repo.activeLinksOfMinor(db(), minorId);
      return Promise.all(
        links.map(async (l) => {
          const who = await deps.realname().verifiedIdentity(l.guardian_account_id);
          return { linkId: l.id, relation: l.relation, linkedAt: l.created_at.toISOString(), guardianNameMasked: who ? maskName(who.realName) : null };
        }),
      );
    },

    /** Either side ends the link. */
    async unlink(principal: Principal | null, linkId: string): Promise<void> {
      const me = citizenOf(principal);
      const links = [...(await repo.activeLinksOfMinor(db(), me)), ...(await repo.activeLinksOfGuardian(db(), me))];
      const link = links.find((l) => l.id === linkId);
      if (!link) throw new AppError(P.notFound);
      await db().transaction().execute(async (t) => {
        await repo.revokeLink(t, link.id, clock.now());
        await audit.record(t, {
          actor: { kind: 'citizen', ref: me },
          action: 'realname.unlink-guardian',
          subjectId: link.minor_account_id,
          elements: ['guardian-relationship'],
          purposeId: PURPOSE,
          legalBasis: legalBasis(),
          details: { linkId: link.id, by: me === link.guardian_account_id ? 'guardian' : 'minor' },
        });
      });
    },

    /** The ward's consents, as the ward would see them (LAW-2: the guardian manages them). */
    async wardConsents(principal: Principal | null, minorAccountId: string) {
      await guardedWard(principal, minorAccountId);
      return privacy.consents.listCurrent({ kind: 'account', ref: minorAccountId });
    },

    async grantForWard(principal: Principal | null, minorAccountId: string, purposeId: string) {
      const { guardianId, link } = await guardedWard(principal, minorAccountId);
      // A guardian's consent is given purpose by purpose, which makes it separate consent where the purpose needs it.
      const rec = await privacy.consents.grant({ kind: 'account', ref: minorAccountId }, purposeId, { method: 'guardian', separate: true });
      await recordWardChange(guardianId, link, 'realname.grant-ward-consent', purposeId, rec.id, true);
      return rec;
    },

    async withdrawForWard(principal: Principal | null, minorAccountId: string, purposeId: string) {
      const { guardianId, link } = await guardedWard(principal, minorAccountId);
      const rec = await privacy.consents.withdraw({ kind: 'account', ref: minorAccountId }, purposeId, { method: 'guardian' });
      await recordWardChange(guardianId, link, 'realname.withdraw-ward-consent', purposeId, rec.id);
      return rec;
    },
  };

  async function recordWardChange(guardianId: string, link: GuardianLinkRow, action: string, purposeId: string, consentRecordId: number, grant = false) {
    await db().transaction().execute(async (t) => {
      if (grant) await repo.recordGuardianConsent(t, { consent_record_id: consentRecordId, link_id: link.id, created_at: clock.now() });
      await audit.record(t, {
        actor: { kind: 'citizen', ref: guardianId },
        action,
        subjectId: link.minor_account_id,
        elements: ['guardian-relationship'],
        purposeId: PURPOSE,
        legalBasis: legalBasis(),
        details: { linkId: link.id, consentPurpose: purposeId, consentRecordId },
      });
    });
  }

  return minors;
}

export type MinorsService = ReturnType<typeof createMinorsService>;
