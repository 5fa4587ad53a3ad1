// Partner api keys: issued (or rotated) and revoked by staff who manage connected applications (permission
// oidc.clients — the same people register OIDC relying parties), shown once, stored as a SHA-256 hash. Issuing and
// revoking are security events: each is audited in the same transaction (no personal information is involved).
import { randomBytes } from 'node:crypto';
import type { AuditService } from '../audit/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import { SUBMIT_SCOPE } from './open311.auth.ts';
import { hashKey, open311Repository as repo, type Open311ClientRow } from './open311.repository.ts';

export interface PartnerInput {
  clientId: string;
  name: string;
  organisation: string;
  scopes?: string[];
}

export interface PartnerView {
  clientId: string;
  name: string;
  organisation: string;
  keyPrefix: string;
  scopes: string[];
  createdAt: Date;
  revokedAt: Date | null;
}

const view = (r: Open311ClientRow): PartnerView => ({
  clientId: r.client_id,
  name: r.name,
  organisation: r.organisation,
  keyPrefix: r.key_prefix,
  scopes: r.scopes,
  createdAt: new Date(r.created_at),
  revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
});

export class PartnerKeys {
  readonly #deps: { database: Database; clock: Clock; audit?: AuditService };
  constructor(deps: { database: Database; clock: Clock; audit?: AuditService }) {
    this.#deps = deps;
  }

  async list(): Promise<PartnerView[]> {
    return (await this.#deps.database.db.selectFrom('open311_clients').selectAll().orderBy('client_id').execute()).map(view);
  }

  /** Registers a partner with a known key (the demo partner); replaces its key if it exists. */
  async register(c: PartnerInput & { key: string }, actor: { kind: 'staff' | 'system'; ref: string | null } = { kind: 'system', ref: null }): Promise<void> {
    const row: Open311ClientRow = {
      client_id: c.clientId,
      name: c.name,
      organisation: c.organisation,
      key_hash: hashKey(c.key),
      key_prefix: c.key.slice(0, 8),
      scopes: c.scopes ?? [SUBMIT_SCOPE],
      created_at: this.#deps.clock.now(),
      revoked_at: null,
    };
    await this.#deps.database.db.transaction().execute(async (tx) => {
      await repo.upsertClient(tx, row);
      await this.#deps.audit?.record(tx, { actor, action: 'open311.issue-key', details: { clientId: c.clientId, scopes: row.scopes } });
    });
  }

  /** A new random key (256 bits) for a partner, returned once; an existing partner's old key stops working. */
  async issue(c: PartnerInput, actor: { kind: 'staff' | 'system'; ref: string | null } = { kind: 'system', ref: null }): Promise<string> {
    const key = `o311_${randomBytes(32).toString('base64url')}`;
    await this.register({ ...c, key }, actor);
    return key;
  }

  /** Revokes a partner's key; false when there is no such partner. */
  async revoke(clientId: string, actor: { kind: 'staff' | 'system'; ref: string | null } = { kind: 'system', ref: null }): Promise<boolean> {
    return this.#deps.database.db.transaction().execute(async (tx) => {
      const r = await tx.updateTable('open311_clients').set({ revoked_at: this.#deps.clock.now() }).where('client_id', '=', clientId).where('revoked_at', 'is', null).returning('client_id').executeTakeFirst();
      if (!r) return false;
      await this.#deps.audit?.record(tx, { actor, action: 'open311.revoke-key', details: { clientId } });
      return true;
    });
  }
}
