// Step-up (二次核身, issue #4 §7): sensitive operations — change mobile, change password, view one's full ID number,
// cancel the account, rights requests — need a proof made on THIS session within the last 5 minutes: an SMS code
// to the bound mobile, or face for face-verified accounts (the FaceProof port the realname module implements).
// Other modules call `stepUp.require(principal)` first; the apps answer the step-up-required problem with the
// step-up sheet and retry.
import type { Clock } from '../../platform/clock.ts';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { IDENTITY_PROBLEMS } from './identity.problems.ts';
import type { Executor, IdentityRepository } from './identity.repository.ts';

export const STEP_UP_FRESH_MS = 5 * 60_000;

/** Face verification as the realname module provides it (optional: without it, face is simply not offered). */
export interface FaceProof {
  /** liveness (the frames answer the face service's action challenge) and comparison with the account's verified
   * identity, exactly as real-name face verification; the frames are not kept */
  verify(accountId: string, capture: { challengeId: string; frames: string[] }): Promise<{ ok: boolean; providerRef?: string; reason?: string }>;
  /** whether the account completed face verification and consented to face sign-in / step-up */
  enabled(accountId: string): Promise<boolean>;  /** calls `listener` after an account's face proof changed (verified, face login switched, erased) */
  onChanged?(listener: (accountId: string) => void): void;
}

export type StepUpMethod = 'sms' | 'face';

export interface StepUp {
  /** Throws step-up-required (403) unless this session proved who it is within the last 5 minutes. */
  require(principal: Principal | null): Promise<void>;
  /** Whether a fresh proof exists (for UIs that want to ask up front). */
  isFresh(principal: Principal | null): Promise<boolean>;
  /** Records a proof for the principal's session (identity's own SMS/face flows; realname after a face check). */
  record(tx: Executor, principal: Principal, proof: { method: StepUpMethod; providerRef?: string | null }): Promise<void>;
  /** The proofs this account can give. */
  methods(accountId: string): Promise<StepUpMethod[]>;
}

function subjectOf(p: Principal | null): { sessionRef: string; accountId: string } | null {
  if (!p) return null;
  if (p.kind === 'citizen') return { sessionRef: p.sessionId, accountId: p.accountId };
  if (p.kind === 'staff') return { sessionRef: p.sessionId, accountId: p.staffId };
  return null;
}

export function createStepUp(deps: { repo: IdentityRepository; clock: Clock; face: () => FaceProof | undefined }): StepUp {
  const { repo, clock } = deps;
  const methods = async (accountId: string): Promise<StepUpMethod[]> => {
    const face = deps.face();
    return face && (await face.enabled(accountId).catch(() => false)) ? ['sms', 'face'] : ['sms'];
  };
  const isFresh = async (principal: Principal | null) => {
    const s = subjectOf(principal);
    if (!s) return false;
    const since = new Date(clock.now().getTime() - STEP_UP_FRESH_MS);
    const row = await repo.db
      .selectFrom('step_up_proofs')
      .select('id')
      .where('session_ref', '=', s.sessionRef)
      .where('account_id', '=', s.accountId)
      .where('proved_at', '>=', since)
      .limit(1)
      .executeTakeFirst();
    return !!row;
  };
  return {
    isFresh,
    methods,
    async require(principal) {
      const s = subjectOf(principal);
      if (!s) throw new AppError(P.unauthenticated);
      if (await isFresh(principal)) return;
      throw new AppError(IDENTITY_PROBLEMS.stepUpRequired, { extensions: { methods: await methods(s.accountId), freshForSeconds: STEP_UP_FRESH_MS / 1000 } });
    },
    async record(tx, principal, proof) {
      const s = subjectOf(principal);
      if (!s) throw new Error('step-up needs a signed-in principal');
      await tx
        .insertInto('step_up_proofs')
        .values({ session_ref: s.sessionRef, account_id: s.accountId, method: proof.method, provider_ref: proof.providerRef ?? null, proved_at: clock.now() })
        .execute();
    },
  };
}
