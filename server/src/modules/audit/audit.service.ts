// Tamper-evident audit of operations on PI (LAW-9, PP-3.4). record() writes inside the caller's transaction, so the
// audit entry exists exactly when the operation it describes committed. Entries are hash-chained per chain; the chain
// is chosen by a hash of the subject (or actor), and only that chain's head row is locked, so writers on different
// chains never wait for each other. sealChains() signs every chain head with Ed25519 (audit_checkpoints).
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { Kysely, OperationNodeSource } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemClock } from '../../platform/clock.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { pseudonym } from '../../platform/crypto/blind-index.ts';
import { auditRepository as repo, type ActorKind, type AuditRecordRow } from './audit.repository.ts';
import { checkpointMessage, contentDigest } from './hash.ts';

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
  chain: number;
  seq: number;
  hash: Buffer;
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

  /** Appends one record inside `tx` (the caller's transaction). Pass a transaction, not the root Kysely: the head lock
   * is held until that transaction ends. `alongside`: the operation's own INSERT/UPDATE/DELETE queries, run in the
   * same statement as the record (data-modifying CTEs) — then the root Kysely is fine too, when that one statement is
   * the whole operation. */
  async record(tx: Executor, entry: AuditEntry, alongside: readonly OperationNodeSource[] = []): Promise<RecordedAudit> {
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
    const { seq, hash } = await repo.append(tx, row, contentDigest(row), alongside);
    return { id: row.id, chain, seq, hash };
  }

  /** Signs the head of every chain that moved since its last checkpoint. Returns how many checkpoints were written. */
  async sealChains(db: Executor): Promise<number> {
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
