// Walks every chain and reports the first broken link (LAW-9): an altered row (hash mismatch), a removed row (gap in
// seq, or head ahead of the last row), an inserted row (prev_hash no longer matches), or a checkpoint whose signature
// is bad or whose hash differs from the row it sealed.
import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { Database } from '../../platform/db/database.ts';
import { auditRepository as repo } from './audit.repository.ts';
import { GENESIS, checkpointMessage, linkHash } from './hash.ts';

export type BreakReason =
  | 'hash-mismatch'
  | 'prev-hash-mismatch'
  | 'sequence-gap'
  | 'head-mismatch'
  | 'checkpoint-signature'
  | 'checkpoint-mismatch';

export interface ChainBreak {
  chain: number;
  seq: number;
  id?: string;
  reason: BreakReason;
  detail: string;
}

export type VerifyResult =
  | { ok: true; chains: number; records: number; checkpoints: number }
  | { ok: false; records: number; break: ChainBreak };

export async function verify(database: Database, publicKey: KeyObject | string, pageSize = 1000): Promise<VerifyResult> {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const { db } = database;
  let records = 0;
  let checkpoints = 0;
  const heads = await repo.heads(db);
  for (const head of heads) {
    const chain = head.chain;
    const cps = await repo.checkpoints(db, chain);
    for (const cp of cps) {
      if (!verifySignature(null, checkpointMessage(chain, Number(cp.seq), Buffer.from(cp.hash)), key, Buffer.from(cp.signature))) {
        return { ok: false, records, break: { chain, seq: Number(cp.seq), reason: 'checkpoint-signature', detail: 'checkpoint signature does not verify' } };
      }
    }
    const sealed = new Map(cps.map((c) => [Number(c.seq), Buffer.from(c.hash)]));
    let expectedSeq = 1;
    let prev: Buffer = GENESIS;
    for (;;) {
      const page = await repo.page(db, chain, expectedSeq - 1, pageSize);
      if (page.length === 0) break;
      for (const row of page) {
        const seq = Number(row.seq);
        const id = row.id;
        if (seq !== expectedSeq) {
          return { ok: false, records, break: { chain, seq: expectedSeq, reason: 'sequence-gap', detail: `record ${expectedSeq} is missing (next is ${seq})` } };
        }
        if (!Buffer.from(row.prev_hash).equals(prev)) {
          return { ok: false, records, break: { chain, seq, id, reason: 'prev-hash-mismatch', detail: 'record does not link to the one before it' } };
        }
        const { hash: stored, ...rest } = row;
        const computed = linkHash({ ...rest, prev_hash: Buffer.from(row.prev_hash), elements: row.elements ?? [] });
        if (!computed.equals(Buffer.from(stored))) {
          return { ok: false, records, break: { chain, seq, id, reason: 'hash-mismatch', detail: 'record content differs from what was written' } };
        }
        const cp = sealed.get(seq);
        if (cp && !cp.equals(computed)) {
          return { ok: false, records, break: { chain, seq, id, reason: 'checkpoint-mismatch', detail: 'record differs from the signed checkpoint' } };
        }
        prev = computed;
        expectedSeq++;
        records++;
      }
    }
    const last = expectedSeq - 1;
    if (Number(head.seq) !== last || !Buffer.from(head.hash).equals(prev)) {
      return { ok: false, records, break: { chain, seq: Math.min(Number(head.seq), last + 1), reason: 'head-mismatch', detail: `chain head is at ${head.seq}, records end at ${last}` } };
    }
    for (const s of sealed.keys()) {
      if (s > last) return { ok: false, records, break: { chain, seq: s, reason: 'checkpoint-mismatch', detail: `checkpoint at ${s} but records end at ${last}` } };
    }
    checkpoints += cps.length;
  }
  return { ok: true, chains: heads.length, records, checkpoints };
}
