// Signing keys of the identity provider (JWKS). Private keys are stored only wrapped under the platform's KEK (the same
// key-encryption key as the field cipher, so KEK rotation covers them; each row records its KEK version). Rotation adds a
// new key that signs from then on; the previous key is retired but stays in the JWKS until every token it signed has
// expired (verify_until), so relying parties can still verify them, and is deleted after that.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import type { Clock } from '../../platform/clock.ts';
import type { KeyWrapper } from '../../platform/crypto/index.ts';

type Executor = Kysely<Tables>;

const wrapContext = (kid: string) => `oidc-signing-key:${kid}`;

export interface KeyRing {
  /** private JWKs, the signing key first */
  keys: Record<string, unknown>[];
  signingKid: string;
}

function newRsaJwk(kid: string): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
}

export class SigningKeys {
  readonly #db: Executor;
  readonly #wrapper: KeyWrapper;
  readonly #clock: Clock;
  /** the longest lifetime of anything a key signs (ID tokens, JWT access tokens, logout tokens), seconds */
  readonly #maxTokenTtl: number;

  constructor(opts: { db: Executor; wrapper: KeyWrapper; clock: Clock; maxTokenTtlSeconds: number }) {
    this.#db = opts.db;
    this.#wrapper = opts.wrapper;
    this.#clock = opts.clock;
    this.#maxTokenTtl = opts.maxTokenTtlSeconds;
  }

  async #insert(db: Executor): Promise<string> {
    const kid = randomUUID();
    const jwk = newRsaJwk(kid);
    const { wrapped, version } = this.#wrapper.wrap(wrapContext(kid), Buffer.from(JSON.stringify(jwk), 'utf8'));
    await db
      .insertInto('oidc_signing_keys')
      .values({ kid, alg: 'RS256', private_wrapped: wrapped, kek_version: version, created_at: this.#clock.now(), retired_at: null, verify_until: null })
      .execute();
    return kid;
  }

  /** The key ring to give the provider; creates the first key on first start. */
  async load(): Promise<KeyRing> {
    const now = this.#clock.now();
    await this.#db.deleteFrom('oidc_signing_keys').where('verify_until', '<', now).execute();
    let rows = await this.#db.selectFrom('oidc_signing_keys').selectAll().orderBy('created_at', 'desc').execute();
    if (!rows.some((r) => r.retired_at === null)) {
      await this.#insert(this.#db);
      rows = await this.#db.selectFrom('oidc_signing_keys').selectAll().orderBy('created_at', 'desc').execute();
    }
    const active = rows.filter((r) => r.retired_at === null);
    const retired = rows.filter((r) => r.retired_at !== null);
    const ordered = [...active, ...retired];
    const keys = ordered.map((r) => JSON.parse(this.#wrapper.unwrap(wrapContext(r.kid), Buffer.from(r.private_wrapped), r.kek_version).toString('utf8')));
    return { keys, signingKid: active[0]!.kid };
  }

  /** Adds a new signing key and retires the others; returns the new kid. The retired keys stay for verification until
   * verify_until = now + the longest token lifetime. */
  async rotate(): Promise<{ kid: string; retired: string[] }> {
    return this.#db.transaction().execute(async (tx) => {
      const now = this.#clock.now();
      const verifyUntil = new Date(now.getTime() + this.#maxTokenTtl * 1000);
      const retired = await tx
        .updateTable('oidc_signing_keys')
        .set({ retired_at: now, verify_until: verifyUntil })
        .where('retired_at', 'is', null)
        .returning('kid')
        .execute();
      const kid = await this.#insert(tx);
      return { kid, retired: retired.map((r) => r.kid) };
    });
  }
}
