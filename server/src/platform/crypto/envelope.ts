// Envelope encryption of fields with per-subject data keys (PP-3.4) and crypto-shredding (PP-4.3, LAW-6).
// Each subject has one random 256-bit data key, stored only wrapped (AES-256-GCM) under a versioned key-encryption key
// (KEK). A field is encrypted with the subject's data key: format byte || iv(12) || tag(16) || ciphertext. Destroying
// the wrapped key makes every ciphertext of that subject unreadable — also in backups taken before — without having to
// find and rewrite each copy.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.ts';
import { keyObjectOf } from './blind-index.ts';

declare module '../db/tables.ts' {
  interface Tables {
    subject_keys: {
      subject_id: string;
      wrapped_key: Buffer | null;
      kek_version: number;
      created_at: Date;
      destroyed_at: Date | null;
    };
  }
}

type Executor = Kysely<Tables>;

export interface KekSecrets {
  kek: Buffer;
  kekVersion: number;
  previousKeks: Map<number, Buffer>;
}

export const FIELD_FORMAT_V1 = 1;
const IV = 12;
const TAG = 16;

export class SubjectKeyDestroyedError extends Error {
  readonly subjectId: string;
  constructor(subjectId: string) {
    super('The data key of this subject was destroyed; its encrypted data can no longer be read');
    this.name = 'SubjectKeyDestroyedError';
    this.subjectId = subjectId;
  }
}

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV);
  const c = createCipheriv('aes-256-gcm', keyObjectOf(key), iv);
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]);
}

function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < IV + TAG) throw new DecryptionError('ciphertext too short');
  const d = createDecipheriv('aes-256-gcm', keyObjectOf(key), sealed.subarray(0, IV));
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(IV, IV + TAG));
  try {
    return Buffer.concat([d.update(sealed.subarray(IV + TAG)), d.final()]);
  } catch {
    throw new DecryptionError('authentication failed (wrong key, subject or context, or altered data)');
  }
}

const wrapAad = (subjectId: string, version: number) => Buffer.from(`subject-key\0${subjectId}\0${version}`, 'utf8');
const fieldAad = (subjectId: string, aad: string) => Buffer.from(`field\0${subjectId}\0${aad}`, 'utf8');

/** Wraps/unwraps data keys under the KEK of a given version (current or one of the previous ones). */
export class KeyWrapper {
  readonly #secrets: KekSecrets;
  constructor(secrets: KekSecrets) {
    if (secrets.kek.length !== 32) throw new Error('KEK must be 32 bytes');
    this.#secrets = secrets;
  }
  get currentVersion() {
    return this.#secrets.kekVersion;
  }
  #kek(version: number): Buffer {
    if (version === this.#secrets.kekVersion) return this.#secrets.kek;
    const k = this.#secrets.previousKeks.get(version);
    if (!k) throw new Error(`KEK version ${version} is not configured (KEK_PREVIOUS)`);
    return k;
  }
  wrap(subjectId: string, dataKey: Buffer): { wrapped: Buffer; version: number } {
    const version = this.#secrets.kekVersion;
    return { wrapped: seal(this.#kek(version), dataKey, wrapAad(subjectId, version)), version };
  }
  unwrap(subjectId: string, wrapped: Buffer, version: number): Buffer {
    return open(this.#kek(version), wrapped, wrapAad(subjectId, version));
  }
}

export interface FieldCipherOptions {
  secrets: KekSecrets;
  /** unwrapped keys kept in memory (default 1000) */
  cacheSize?: number;
  /** how long an unwrapped key may be used without looking at the database again (default 60 s) — bounds how long
   * another process keeps decrypting after a key was destroyed elsewhere */
  cacheTtlMs?: number;
}

export class FieldCipher {
  readonly wrapper: KeyWrapper;
  readonly #db: Executor;
  // `createdIn`: the transaction that created the key. Until another caller has seen the row, the key may vanish with a
  // rollback — so a hit from a different executor reads the row once before trusting the cached key.
  readonly #cache = new Map<string, { key: Buffer; at: number; createdIn: Executor | null }>();
  readonly #cacheSize: number;
  readonly #ttl: number;

  constructor(db: Executor, opts: FieldCipherOptions) {
    this.#db = db;
    this.wrapper = new KeyWrapper(opts.secrets);
    this.#cacheSize = opts.cacheSize ?? 1000;
    this.#ttl = opts.cacheTtlMs ?? 60_000;
  }

  #cached(subjectId: string, db: Executor): Buffer | undefined {
    const hit = this.#cache.get(subjectId);
    if (!hit) return undefined;
    if (hit.createdIn && hit.createdIn !== db) return undefined; // created by a transaction that may have rolled back
    if (Date.now() - hit.at > this.#ttl) {
      this.#cache.delete(subjectId);
      return undefined;
    }
    this.#cache.delete(subjectId); // LRU: move to the end
    this.#cache.set(subjectId, hit);
    return hit.key;
  }

  #remember(subjectId: string, key: Buffer, createdIn: Executor | null = null) {
    this.#cache.set(subjectId, { key, at: Date.now(), createdIn });
    while (this.#cache.size > this.#cacheSize) this.#cache.delete(this.#cache.keys().next().value!);
  }

  async #load(subjectId: string, db: Executor): Promise<Buffer | undefined> {
    const row = await db.selectFrom('subject_keys').select(['wrapped_key', 'kek_version']).where('subject_id', '=', subjectId).executeTakeFirst();
    if (!row) return undefined;
    if (!row.wrapped_key) throw new SubjectKeyDestroyedError(subjectId);
    const key = this.wrapper.unwrap(subjectId, Buffer.from(row.wrapped_key), row.kek_version);
    this.#remember(subjectId, key);
    return key;
  }

  /** The subject's data key, created on first use. Refuses a subject whose key was destroyed (no silent re-keying). */
  async #keyFor(subjectId: string, db: Executor): Promise<Buffer> {
    const cached = this.#cached(subjectId, db);
    if (cached) return cached;
    const existing = await this.#load(subjectId, db);
    if (existing) return existing;
    const dataKey = randomBytes(32);
    const { wrapped, version } = this.wrapper.wrap(subjectId, dataKey);
    const inserted = await db
      .insertInto('subject_keys')
      .values({ subject_id: subjectId, wrapped_key: wrapped, kek_version: version, created_at: new Date(), destroyed_at: null })
      .onConflict((oc) => oc.column('subject_id').doNothing())
      .returning('subject_id')
      .executeTakeFirst();
    if (inserted) {
      this.#remember(subjectId, dataKey, db); // ours is the stored key: no need to read it back (until commit is known)
      return dataKey;
    }
    const stored = await this.#load(subjectId, db); // a concurrent writer won; use what is stored
    if (!stored) throw new Error('subject key vanished while being created');
    return stored;
  }

  /** Encrypts one field of a subject. `aad` binds the ciphertext to its place (e.g. "accounts.mobile"). Pass the
   * caller's transaction as `db` so a newly created key commits (or not) with the data. */
  async encryptField(subjectId: string, plaintext: string | Uint8Array, aad: string, db: Executor = this.#db): Promise<Buffer> {
    const key = await this.#keyFor(subjectId, db);
    const pt = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : Buffer.from(plaintext);
    return Buffer.concat([Buffer.of(FIELD_FORMAT_V1), seal(key, pt, fieldAad(subjectId, aad))]);
  }

  async decryptFieldBytes(subjectId: string, ciphertext: Uint8Array, aad: string, db: Executor = this.#db): Promise<Buffer> {
    const ct = Buffer.from(ciphertext);
    if (ct[0] !== FIELD_FORMAT_V1) throw new DecryptionError(`unknown field format ${ct[0]}`);
    const key = this.#cached(subjectId, db) ?? (await this.#load(subjectId, db));
    if (!key) throw new SubjectKeyDestroyedError(subjectId); // no key at all: nothing was ever readable, or it was purged
    return open(key, ct.subarray(1), fieldAad(subjectId, aad));
  }

  async decryptField(subjectId: string, ciphertext: Uint8Array, aad: string, db: Executor = this.#db): Promise<string> {
    return (await this.decryptFieldBytes(subjectId, ciphertext, aad, db)).toString('utf8');
  }

  /** Crypto-shredding: deletes the wrapped key, keeping a tombstone. Returns whether a live key was destroyed. */
  async destroySubjectKey(subjectId: string, db: Executor = this.#db): Promise<boolean> {
    this.#cache.delete(subjectId);
    const r = await db
      .updateTable('subject_keys')
      .set({ wrapped_key: null, destroyed_at: new Date() })
      .where('subject_id', '=', subjectId)
      .where('wrapped_key', 'is not', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows ?? 0) === 0) {
      // never had a key: leave a tombstone anyway so none is created later for an erased subject
      await db
        .insertInto('subject_keys')
        .values({ subject_id: subjectId, wrapped_key: null, kek_version: this.wrapper.currentVersion, created_at: new Date(), destroyed_at: new Date() })
        .onConflict((oc) => oc.column('subject_id').doNothing())
        .execute();
      this.#cache.delete(subjectId);
      return false;
    }
    this.#cache.delete(subjectId);
    return true;
  }

  /** Forgets every unwrapped key held in memory (after rotation, or on demand). */
  clearCache() {
    this.#cache.clear();
  }
}
