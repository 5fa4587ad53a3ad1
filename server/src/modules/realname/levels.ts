// Real-name levels and the presented state of a verified identity: the vocabulary other modules and the apps use.
import { AppError, P } from '../../platform/http/problem.ts';
import type { Principal } from '../../platform/http/access.ts';
import type { IdentityRow } from './realname.repository.ts';

export type RealnameLevel = 'none' | 'id-verified' | 'face-verified' | 'card-verified';
const RANK: Record<RealnameLevel, number> = { none: 0, 'id-verified': 1, 'face-verified': 2, 'card-verified': 2 };

export interface Verified {
  level: RealnameLevel;
  realNameMasked: string;
  idNumberMasked: string;
  idType: 'resident-id-card';
  idVerifiedAt: string;
  faceVerifiedAt: string | null;
  cardVerifiedAt: string | null;
  cardTail: string | null;
  faceLoginEnabled: boolean;
  /** PP-5.1: 'adult', '14-17' (guardian notice), 'under-14' (guardian consent required) */
  ageBand: AgeBand;
}
export type AgeBand = 'adult' | '14-17' | 'under-14';

export function ageBandOf(age: number): AgeBand {
  return age >= 18 ? 'adult' : age >= 14 ? '14-17' : 'under-14';
}

export function levelOfRow(row: IdentityRow | undefined): RealnameLevel {
  if (!row) return 'none';
  if (row.face_verified_at) return 'face-verified';
  if (row.card_verified_at) return 'card-verified';
  return 'id-verified';
}

export const rankOf = (l: RealnameLevel) => RANK[l];

export function citizenOf(principal: Principal | null | undefined): string {
  if (principal?.kind !== 'citizen') throw new AppError(P.unauthenticated);
  return principal.accountId;
}

