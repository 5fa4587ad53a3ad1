// Storage of the OpenID Connect provider: one table for every oidc-provider artefact (with an account index), the
// registered clients and the signing keys. The adapter class is what oidc-provider calls (`adapter` configuration).
import type { Kysely } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import type { Clock } from '../../platform/clock.ts';

declare module '../../platform/db/tables.ts' {
  interface Tables {
    oidc_payloads: {
      model: string;
      id: string;
      payload: unknown;
      account_id: string | null;
      client_id: string | null;
      grant_id: string | null;
      uid: string | null;
      user_code: string | null;
      expires_at: Date | null;
      consumed_at: Date | null;
    };
    oidc_clients: {
      client_id: string;
      name: string;
      organisation: string;
      categories: string[];
      redirect_uris: string[];
      post_logout_redirect_uris: string[];
      backchannel_logout_uri: string | null;
      contact: string;
      secret_wrapped: Buffer;
      secret_kek_version: number;
      secret_rotated_at: Date;
      disabled_at: Date | null;
      created_at: Date;
    };
    oidc_signing_keys: {
      kid: string;
      alg: string;
      private_wrapped: Buffer;
      kek_version: number;
      created_at: Date;
      retired_at: Date | null;
      verify_until: Date | null;
    };
  }
}

type Executor = Kysely<Tables>;
export type ClientRow = Tables['oidc_clients'];
export type PayloadRow = Tables['oidc_payloads'];

/** Models whose artefacts belong to one account (the account index); revocation deletes them. */
export const ACCOUNT_MODELS = ['Session', 'Grant', 'AccessToken', 'RefreshToken', 'AuthorizationCode', 'Interaction', 'PushedAuthorizationRequest'] as const;

/** The oidc-provider adapter over oidc_payloads (one instance per model). Clients are read from oidc_clients by the
 * provider configuration, not through here. */
export function adapterFactory(db: Executor, clock: Clock, clientMetadata: (id: string) => Promise<Record<string, unknown> | undefined>) {
  return class PgAdapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: Record<string, any>, expiresIn?: number) {
      const expiresAt = expiresIn ? new Date(clock.now().getTime() + expiresIn * 1000) : null;
      // A relying party may put a mobile number in login_hint; the screens do not use it, so it is not stored (PP-2.1).
      if (payload.params?.login_hint !== undefined) payload = { ...payload, params: { ...payload.params, login_hint: undefined } };
      // Sessions carry the account id at top level; grants and tokens too; an Interaction carries it under result/session.
      const accountId = payload.accountId ?? payload.session?.accountId ?? null;
      const row = {
        model: this.model,
        id,
        payload: JSON.stringify(payload),
        account_id: accountId,
        client_id: payload.clientId ?? null,
        grant_id: payload.grantId ?? null,
        uid: payload.uid ?? null,
        user_code: payload.userCode ?? null,
        expires_at: expiresAt,
        consumed_at: null,
      };
      await db
        .insertInto('oidc_payloads')
        .values(row as any)
        .onConflict((oc) =>
          oc.columns(['model', 'id']).doUpdateSet({
            payload: row.payload as any,
            account_id: row.account_id,
            client_id: row.client_id,
            grant_id: row.grant_id,
            uid: row.uid,
            user_code: row.user_code,
            expires_at: row.expires_at,
          }),
        )
        .execute();
    }

    async #findWhere(column: 'id' | 'uid' | 'user_code', value: string) {
      const row = await db
        .selectFrom('oidc_payloads')
        .select(['payload', 'expires_at', 'consumed_at'])
        .where('model', '=', this.model)
        .where(column, '=', value)
        .executeTakeFirst();
      if (!row) return undefined;
      if (row.expires_at && row.expires_at.getTime() <= clock.now().getTime()) return undefined;
      const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>;
      return row.consumed_at ? { ...payload, consumed: Math.floor(row.consumed_at.getTime() / 1000) } : payload;
    }

    find(id: string) {
      if (this.model === 'Client') return clientMetadata(id);
      return this.#findWhere('id', id);
    }
    findByUid(uid: string) {
      return this.#findWhere('uid', uid);
    }
    findByUserCode(userCode: string) {
      return this.#findWhere('user_code', userCode);
    }

    async consume(id: string) {
      await db.updateTable('oidc_payloads').set({ consumed_at: clock.now() }).where('model', '=', this.model).where('id', '=', id).execute();
    }

    async destroy(id: string) {
      await db.deleteFrom('oidc_payloads').where('model', '=', this.model).where('id', '=', id).execute();
    }

    async revokeByGrantId(grantId: string) {
      await db.deleteFrom('oidc_payloads').where('grant_id', '=', grantId).execute();
    }
  };
}

export const oidcRepository = {
  /** Every live artefact of one account (optionally only at one client), for listing and revocation. */
  async artefactsOf(db: Executor, accountId: string, clientId?: string) {
    let q = db.selectFrom('oidc_payloads').select(['model', 'id', 'client_id', 'grant_id', 'payload']).where('account_id', '=', accountId);
    if (clientId) q = q.where('client_id', '=', clientId);
    return q.execute();
  },
  async sessionsOf(db: Executor, accountId: string) {
    const rows = await db.selectFrom('oidc_payloads').select(['id', 'payload']).where('model', '=', 'Session').where('account_id', '=', accountId).execute();
    return rows.map((r) => ({ id: r.id, payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, any> }));
  },
  async deleteOf(db: Executor, accountId: string, clientId?: string): Promise<number> {
    let q = db.deleteFrom('oidc_payloads').where('account_id', '=', accountId);
    if (clientId) q = q.where('client_id', '=', clientId);
    const r = await q.executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  },
  async deleteExpired(db: Executor, now: Date): Promise<number> {
    const r = await db.deleteFrom('oidc_payloads').where('expires_at', '<', now).executeTakeFirst();
    return Number(r.numDeletedRows ?? 0);
  },
  getClient(db: Executor, clientId: string) {
    return db.selectFrom('oidc_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  },
  listClients(db: Executor) {
    return db.selectFrom('oidc_clients').selectAll().orderBy('created_at').execute();
  },
  async insertClient(db: Executor, row: ClientRow) {
    await db.insertInto('oidc_clients').values(row).execute();
  },
  async updateClient(db: Executor, clientId: string, set: Partial<ClientRow>) {
    return db.updateTable('oidc_clients').set(set).where('client_id', '=', clientId).returningAll().executeTakeFirst();
  },
};
