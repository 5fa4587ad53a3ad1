// Tamper-evident audit of operations on PI (LAW-9, PP-3.4). record() writes inside the caller's transaction, so the
// audit entry exists exactly when the operation it describes committed — one plain insert, no lock. linkChains() (run
// by the sealing job) links the records of finished transactions into hash chains, in batches; the chain is chosen by a
// hash of the subject (or actor), so one subject's records stay in order on one chain. sealChains() links, then signs
// every chain head that moved with Ed25519 (audit_checkpoints). ADR 0002.
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { Kysely, OperationNodeSource, RawBuilder } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemClock } from '../../platform/clock.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { pseudonym } from '../../platform/crypto/blind-index.ts';
import { auditRepository as repo, linkedBelow, type ActorKind, type AuditRecordRow } from './audit.repository.ts';
import { checkpointMessage, linkHash } from './hash.ts';

type Executor = Kysely<Tables>;

/** Must match the rows seeded in audit_chain_heads by migration 0003. */
export const AUDIT_CHAINS = 8;

export interface AuditEntry {
  actor: { kind: ActorKind; ref?: string | null };
  /** module.verb-object, e.g. "sharing.provide" */
  action: string;
  /** raw internal subject id; only its pseudonym is stored */
  subjectId?: string | null;
  /** PI elements touched (names from the inventory, never values) */
  elements?: string[];
  purposeId?: string | null;
  legalBasis?: string | null;
  /** ids and codes only — never PI */
  details?: Record<string, unknown>;
}

export interface RecordedAudit {
  id: string;
  /** the chain the linker will put the record on */
  chain: number;
}

export interface AuditServiceOptions {
  /** key for subject pseudonyms (config.secrets.blindIndexKey) */
  pseudonymKey: Buffer;
  /** Ed25519 private key, PKCS#8 PEM (config.secrets.auditSigningKey) */
  signingKey: string | KeyObject;
  clock?: Clock;
}

const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
// Values that look like PI: mainland mobile numbers, citizen ID numbers, e-mail addresses, bank card numbers.
const PI_VALUE = /(^|\D)1[3-9]\d{9}(\D|$)|\d{17}[\dXx]|[^\s@]+@[^\s@]+\.[^\s@]+|\d{16,19}/;
// Ids are what audit details are for; a random UUID's last group (e.g. "a13912345678") can look like a mobile number,
// so UUIDs are taken out before the PI heuristics run.
const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export function assertNoPI(details: unknown, path = 'details'): void {
  if (typeof details === 'string') {
    if (PI_VALUE.test(details.replace(UUIDS, ''))) throw new Error(`Audit ${path} looks like personal information; record ids and codes only`);
  } else if (Array.isArray(details)) {
    details.forEach((v, i) => assertNoPI(v, `${path}[${i}]`));
  } else if (details && typeof details === 'object') {
    for (const [k, v] of Object.entries(details)) assertNoPI(v, `${path}.${k}`);
  }
}

export class AuditService {
  readonly #pseudonymKey: Buffer;
  readonly #signingKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly #clock: Clock;

  constructor(opts: AuditServiceOptions) {
    this.#pseudonymKey = opts.pseudonymKey;
    this.#signingKey = typeof opts.signingKey === 'string' ? createPrivateKey(opts.signingKey) : opts.signingKey;
    if (this.#signingKey.asymmetricKeyType !== 'ed25519') throw new Error('audit signing key must be Ed25519');
    this.publicKey = createPublicKey(this.#signingKey);
    this.#clock = opts.clock ?? systemClock;
  }

  /** The pseudonym under which a subject's audit records and provisions are stored. */
  subjectPseudonym(subjectId: string): string {
    return pseudonym(this.#pseudonymKey, subjectId);
  }

  chainOf(key: string): number {
    return createHash('sha256').update(key, 'utf8').digest().readUInt32BE(0) % AUDIT_CHAINS;
  }

  /** Appends one record inside `tx`, the caller's transaction, so that it commits or rolls back with the operation.
   * `alongside`: the operation's own INSERT/UPDATE/DELETE queries, run in the same statement as the record
   * (data-modifying CTEs) — then the root Kysely is fine too, when that one statement is the whole operation.
   * `requires`: a condition the statement must meet or be undone — the privacy guard's in-statement consent test
   * (`guard.within`). */
  async record(tx: Executor, entry: AuditEntry, alongside: readonly OperationNodeSource[] = [], opts: { requires?: RawBuilder<boolean> } = {}): Promise<RecordedAudit> {
    if (!ACTION.test(entry.action)) throw new Error(`Audit action "${entry.action}" must look like module.verb-object`);
    const details = entry.details ?? {};
    assertNoPI(details);
    const subject = entry.subjectId ? this.subjectPseudonym(entry.subjectId) : null;
    const chain = this.chainOf(subject ?? `${entry.actor.kind}:${entry.actor.ref ?? ''}`);
    const row = {
      id: randomUUID(),
      chain,
      occurred_at: new Date(this.#clock.now().getTime()),
      actor_kind: entry.actor.kind,
      actor_ref: entry.actor.ref ?? null,
      action: entry.action,
      subject_pseudonym: subject,
      elements: [...(entry.elements ?? [])],
      purpose_id: entry.purposeId ?? null,
      legal_basis: entry.legalBasis ?? null,
      details: JSON.parse(JSON.stringify(details)),
    };
    await repo.append(tx, row, alongside, opts.requires);
    return { id: row.id, chain };
  }

  /**
   * Links every record of a finished transaction not linked yet into its chain: seq = head + 1, hash = SHA-256(prev ‖
   * content digest ‖ seq), in (txid, id) order, and advances the heads. One linker at a time (it locks the heads;
   * writers never do). Records of transactions still running stay for the next run: the horizon is the oldest running
   * transaction, so no record can commit later below it. Returns how many records were linked.
   */
  async linkChains(db: Executor, pageSize = 1000): Promise<number> {
    return db.transaction().execute(async (tx) => {
      const heads = await repo.lockHeads(tx);
      if (heads.length !== AUDIT_CHAINS) throw new Error(`audit_chain_heads holds ${heads.length} chains, expected ${AUDIT_CHAINS}`);
      const from = linkedBelow(heads);
      const below = await repo.horizon(tx);
      if (BigInt(below) <= BigInt(from)) return 0;
      const state = new Map(heads.map((h) => [h.chain, { seq: Number(h.seq), hash: Buffer.from(h.hash) as Buffer }]));
      let after: { txid: string; id: string } | null = null;
      let n = 0;
      for (;;) {
        const page = await repo.unlinked(tx, from, below, after, pageSize);
        if (page.length === 0) break;
        const links = page.map((r) => {
          const head = state.get(r.chain);
          if (!head) throw new Error(`audit record ${r.id} names chain ${r.chain}, which has no head`);
          const seq = head.seq + 1;
          const { txid: _txid, ...content } = r;
          const hash = linkHash({ ...content, elements: r.elements ?? [] }, head.hash, seq);
          const link = { chain: r.chain, seq, record_id: r.id, prev_hash: head.hash, hash };
          head.seq = seq;
          head.hash = hash;
          return link;
        });
        await repo.insertLinks(tx, links);
        n += page.length;
        const last = page[page.length - 1]!;
        after = { txid: last.txid, id: last.id };
        if (page.length < pageSize) break;
      }
      for (const h of heads) {
        const s = state.get(h.chain)!;
        await repo.advanceHead(tx, h.chain, s.seq, s.hash, below);
      }
      return n;
    });
  }

  /** Links what is waiting (linkChains), then signs the head of every chain that moved since its last checkpoint.
   * Returns how many checkpoints were written. */
  async sealChains(db: Executor): Promise<number> {
    await this.linkChains(db);
    let n = 0;
    for (const head of await repo.heads(db)) {
      const seq = Number(head.seq);
      if (seq === 0) continue;
      const last = await repo.lastCheckpoint(db, head.chain);
      if (last && Number(last.seq) >= seq) continue;
      const hash = Buffer.from(head.hash);
      const signature = sign(null, checkpointMessage(head.chain, seq, hash), this.#signingKey);
      await repo.insertCheckpoint(db, { chain: head.chain, seq, hash, signed_at: this.#clock.now(), signature });
      n++;
    }
    return n;
  }

  /** The recurring job that seals the chains (register it in the JobRegistry). */
  sealJob(db: Executor, schedule = '*/5 * * * *'): JobDefinition {
    return {
      name: 'audit.seal-chains',
      schedule,
      retryLimit: 2,
      handler: async () => {
        await this.sealChains(db);
      },
    };
  }
}
