// Walks every chain and reports the first broken link (LAW-9): an altered record (its link's hash no longer matches
// its content), a removed record (a link points at nothing, or a gap in seq, or the head ahead of the last link), an
// inserted record (one below the linker's horizon that no link covers, or a link whose prev_hash no longer matches),
// or a checkpoint whose signature is bad or whose hash differs from the link it sealed. Records of the last few minutes
// that the sealing job has not linked yet are counted as pending, not judged.
import { createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';
import type { Database } from '../../platform/db/database.ts';
import { auditRepository as repo, linkedBelow } from './audit.repository.ts';
import { GENESIS, checkpointMessage, linkHash } from './hash.ts';

export type BreakReason =
  | 'hash-mismatch'
  | 'prev-hash-mismatch'
  | 'sequence-gap'
  | 'record-missing'
  | 'unlinked-record'
  | 'head-mismatch'
  | 'checkpoint-signature'
  | 'checkpoint-mismatch';

export interface ChainBreak {
  chain: number;
  /** the link where the chain breaks (0 for a record that no link covers) */
  seq: number;
  id?: string;
  reason: BreakReason;
  detail: string;
}

export type VerifyResult =
  | { ok: true; chains: number; records: number; checkpoints: number; pending: number }
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
      const page = await repo.linkedPage(db, chain, expectedSeq - 1, pageSize);
      if (page.length === 0) break;
      for (const link of page) {
        const seq = Number(link.seq);
        const id = link.record_id;
        if (seq !== expectedSeq) {
          return { ok: false, records, break: { chain, seq: expectedSeq, reason: 'sequence-gap', detail: `link ${expectedSeq} is missing (next is ${seq})` } };
        }
        if (!Buffer.from(link.prev_hash).equals(prev)) {
          return { ok: false, records, break: { chain, seq, id, reason: 'prev-hash-mismatch', detail: 'record does not link to the one before it' } };
        }
        if (link.id === null) {
          return { ok: false, records, break: { chain, seq, id, reason: 'record-missing', detail: 'the linked record is gone' } };
        }
        const computed = linkHash(
          {
            id: link.id, chain: link.record_chain!, occurred_at: link.occurred_at!, actor_kind: link.actor_kind!, actor_ref: link.actor_ref,
            action: link.action!, subject_pseudonym: link.subject_pseudonym, elements: link.elements ?? [], purpose_id: link.purpose_id,
            legal_basis: link.legal_basis, details: link.details ?? {},
          },
          prev,
          seq,
        );
        if (!computed.equals(Buffer.from(link.hash))) {
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
      return { ok: false, records, break: { chain, seq: Math.min(Number(head.seq), last + 1), reason: 'head-mismatch', detail: `chain head is at ${head.seq}, links end at ${last}` } };
    }
    for (const s of sealed.keys()) {
      if (s > last) return { ok: false, records, break: { chain, seq: s, reason: 'checkpoint-mismatch', detail: `checkpoint at ${s} but links end at ${last}` } };
    }
    checkpoints += cps.length;
  }
  // Every record below the horizon was linked when the linker passed it: one without a link was put there afterwards.
  const horizon = linkedBelow(heads);
  const stray = await repo.firstUnlinkedBelow(db, horizon);
  if (stray) {
    return { ok: false, records, break: { chain: stray.chain, seq: 0, id: stray.id, reason: 'unlinked-record', detail: 'a record older than the last linking is on no chain: inserted afterwards' } };
  }
  return { ok: true, chains: heads.length, records, checkpoints, pending: await repo.countUnlinkedFrom(db, horizon) };
}
