// The link of the chain: hash = SHA-256(canonical encoding of every column but the hash itself, including prev_hash).
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

export function linkHash(r: Omit<AuditRecordRow, 'hash'>): Buffer {
  const body = canonicalJson([
    'ntbt-audit-v1',
    r.id,
    r.chain,
    Number(r.seq),
    new Date(r.occurred_at).toISOString(),
    r.actor_kind,
    r.actor_ref,
    r.action,
    r.subject_pseudonym,
    [...r.elements],
    r.purpose_id,
    r.legal_basis,
    r.details,
    Buffer.from(r.prev_hash).toString('hex'),
  ]);
  return createHash('sha256').update(body, 'utf8').digest();
}

export function checkpointMessage(chain: number, seq: number, hash: Buffer): Buffer {
  return Buffer.from(`ntbt-audit-checkpoint-v1\0${chain}\0${seq}\0${Buffer.from(hash).toString('hex')}`, 'utf8');
}
