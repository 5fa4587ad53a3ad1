// The link of the chain: hash = SHA-256(prev_hash ‖ SHA-256(canonical encoding of the record's content) ‖ seq).
// Computed by the linker (AuditService.linkChains) when it links records, and again by verify.
import { createHash } from 'node:crypto';
import type { AuditRecordRow } from './audit.repository.ts';

export const GENESIS = Buffer.alloc(32);

/** JSON with object keys sorted, so that jsonb's own key order does not matter. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** SHA-256 of a record's content — every column but the transaction id (the links live in audit_links). The format
 * tag stays 'ntbt-audit-v2': records written before batched linking (migration 0163) keep verifying. */
export function contentDigest(r: Omit<AuditRecordRow, 'txid'>): Buffer {
  const body = canonicalJson([
    'ntbt-audit-v2',
    r.id,
    r.chain,
    new Date(r.occurred_at).toISOString(),
    r.actor_kind,
    r.actor_ref,
    r.action,
    r.subject_pseudonym,
    [...r.elements],
    r.purpose_id,
    r.legal_basis,
    r.details,
  ]);
  return createHash('sha256').update(body, 'utf8').digest();
}

/** hash = SHA-256(prev_hash ‖ contentDigest ‖ seq as 8 bytes big-endian): the record's link at `seq` in its chain. */
export function linkHash(r: Omit<AuditRecordRow, 'txid'>, prevHash: Uint8Array, seq: number): Buffer {
  const s = Buffer.alloc(8);
  s.writeBigInt64BE(BigInt(seq));
  return createHash('sha256').update(prevHash).update(contentDigest(r)).update(s).digest();
}

export function checkpointMessage(chain: number, seq: number, hash: Buffer): Buffer {
  return Buffer.from(`ntbt-audit-checkpoint-v1\0${chain}\0${seq}\0${Buffer.from(hash).toString('hex')}`, 'utf8');
}
