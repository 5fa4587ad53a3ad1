// The link of the chain: hash = SHA-256(prev_hash ‖ SHA-256(canonical encoding of the record's content) ‖ seq).
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

/** SHA-256 of a record's content — every column but the chain links (seq, prev_hash, hash). Computed by the writer in
 * JS; the database links it (see linkHash), so one statement can append a record and advance its chain head. */
export function contentDigest(r: Omit<AuditRecordRow, 'hash' | 'seq' | 'prev_hash'>): Buffer {
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

/** hash = SHA-256(prev_hash ‖ contentDigest ‖ seq as 8 bytes big-endian) — the same expression the append statement
 * evaluates in SQL (`sha256(prev || digest || int8send(seq))`). */
export function linkHash(r: Omit<AuditRecordRow, 'hash'>): Buffer {
  const seq = Buffer.alloc(8);
  seq.writeBigInt64BE(BigInt(r.seq));
  return createHash('sha256').update(Buffer.from(r.prev_hash)).update(contentDigest(r)).update(seq).digest();
}

export function checkpointMessage(chain: number, seq: number, hash: Buffer): Buffer {
  return Buffer.from(`ntbt-audit-checkpoint-v1\0${chain}\0${seq}\0${Buffer.from(hash).toString('hex')}`, 'utf8');
}
