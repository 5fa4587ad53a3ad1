// PP-1.17: the issuing departments' card systems (人社 电子社保卡, 医保 电子凭证, 公安 电子驾驶证/居住证), from which a
// citizen may have a card fetched instead of typing it in — only with their authorisation to that department on record
// (checked by the sharing service before the department is asked, and again when the data is received).
// A partner answers in element terms: { 'ecard-number': string, 'ecard-validity': { from, until } } and nothing else.
import { createHash } from 'node:crypto';
import type { CardKind } from './ecards.kinds.ts';

export interface EcardIssuers {
  /** the card the department holds for this account, as the department sent it; null when it has issued none */
  fetch(kind: CardKind, accountId: string): Promise<Record<string, unknown> | null>;
}

/** The inbound source (inventory/inbound.ts) for a kind of card: its issuing department's system. */
export const sourceOf = (kind: CardKind) => `ecard-issuer-${kind.issuer}`;

/**
 * Development and test stand-in for the departments' systems (never wired in production): a deterministic card per
 * account and kind, shaped like the real numbers (ecards.kinds.ts patterns), valid for years from 2024.
 */
export function sandboxEcardIssuers(): EcardIssuers {
  return {
    async fetch(kind, accountId) {
      const h = createHash('sha256').update(`${kind.id}:${accountId}`).digest();
      const digits = (n: number) => Array.from(h.subarray(0, n), (b) => String(b % 10)).join('');
      const number = kind.id === 'social-security' ? `A${digits(8)}` : kind.id === 'medical-insurance' ? `YB${digits(12)}` : kind.id === 'driving-licence' ? `3206${digits(8)}` : `JS${digits(10)}`;
      return { 'ecard-number': number, 'ecard-validity': { from: '2024-01-01', until: kind.mayBeLongTerm ? null : '2034-01-01' } };
    },
  };
}
