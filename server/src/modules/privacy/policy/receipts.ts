// Consent receipts (issue #5 §8, LAW-3, PP-4.4): a signed statement (JWS, EdDSA/Ed25519) of one consent or withdrawal
// record — purpose, elements, policy version and the hash of its text, time and method — that the citizen can keep and
// anyone can check against the published key; the console verifies a pasted receipt.
//
// Key: the platform's Ed25519 signing key (AUDIT_SIGNING_KEY) is reused. The two uses cannot be confused: audit
// checkpoints sign a fixed "ntbt-audit-checkpoint" message format, receipts sign a JWS signing input whose protected
// header carries typ "consent-receipt+jwt".
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { SignJWT, exportJWK, jwtVerify } from 'jose';
import { purposeById } from '../inventory/purposes.ts';
import type { ConsentRecord } from '../consent.service.ts';

export const RECEIPT_TYP = 'consent-receipt+jwt';
const ISSUER = 'nantong-baitong';

export interface ReceiptClaims {
  /** consent record id */
  rid: number;
  sub: string;
  subjectKind: 'account' | 'device';
  action: 'grant' | 'withdraw';
  purpose: { id: string; nameZh: string; legalBasis: string };
  elements: string[];
  separate: boolean;
  method: string;
  policy: { version: number; contentHash: string | null };
  /** ISO time of the record */
  time: string;
}

export type VerifyOutcome = { valid: true; claims: ReceiptClaims } | { valid: false; reason: string };

export function createReceipts(signingKeyPem?: string) {
  const privateKey: KeyObject = signingKeyPem ? createPrivateKey(signingKeyPem) : generateKeyPairSync('ed25519').privateKey;
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('receipt signing key must be Ed25519');
  const publicKey = createPublicKey(privateKey);

  return {
    claimsOf(rec: ConsentRecord, contentHash: string | null): ReceiptClaims {
      const p = purposeById(rec.purposeId);
      return {
        rid: rec.id,
        sub: rec.subjectRef,
        subjectKind: rec.subjectKind,
        action: rec.granted ? 'grant' : 'withdraw',
        purpose: { id: rec.purposeId, nameZh: p?.nameZh ?? rec.purposeId, legalBasis: p?.legalBasis ?? 'consent' },
        elements: p?.elements ?? [],
        separate: rec.separate,
        method: rec.method,
        policy: { version: rec.policyVersion, contentHash },
        time: rec.createdAt.toISOString(),
      };
    },

    async sign(claims: ReceiptClaims, issuedAt: Date): Promise<string> {
      const { sub, ...rest } = claims;
      return new SignJWT({ ...rest })
        .setProtectedHeader({ alg: 'EdDSA', typ: RECEIPT_TYP })
        .setIssuer(ISSUER)
        .setSubject(sub)
        .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
        .sign(privateKey);
    },

    /** Checks the signature, algorithm and type; a tampered or foreign receipt is invalid with a reason. */
    async verify(receipt: string): Promise<VerifyOutcome> {
      try {
        const { payload } = await jwtVerify(receipt.trim(), publicKey, { algorithms: ['EdDSA'], typ: RECEIPT_TYP, issuer: ISSUER });
        const { sub, iss: _i, iat: _t, ...rest } = payload as Record<string, unknown>;
        return { valid: true, claims: { ...(rest as Omit<ReceiptClaims, 'sub'>), sub: String(sub) } };
      } catch (e) {
        return { valid: false, reason: (e as { code?: string }).code ?? 'ERR_INVALID' };
      }
    },

    /** The public key as a JWK, so a receipt can be checked outside the platform. */
    publicJwk: async () => ({ ...(await exportJWK(publicKey)), alg: 'EdDSA', use: 'sig' }),
  };
}

export type Receipts = ReturnType<typeof createReceipts>;
