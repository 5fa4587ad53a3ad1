// 我的 → 已授权应用: the applications a citizen granted, with the fields each receives and those declined (PP-4.4).
import type { Database } from '../../platform/db/database.ts';
import { categoryOfScope, claimToElement, describeElement, planRelease } from './oidc.claims.ts';
import type { ClientService } from './oidc.clients.ts';

export class AuthorizationsService {
  readonly #database: Database;
  readonly #clients: ClientService;
  constructor(opts: { database: Database; clients: ClientService }) {
    this.#database = opts.database;
    this.#clients = opts.clients;
  }

  async list(accountId: string) {
    const rows = await this.#database.db
      .selectFrom('oidc_payloads')
      .select(['client_id', 'payload'])
      .where('model', '=', 'Grant')
      .where('account_id', '=', accountId)
      .execute();
    const byClient = new Map<string, { scope: Set<string>; claims: Set<string>; rejected: Set<string>; iat: number | null }>();
    for (const r of rows) {
      if (!r.client_id) continue;
      const p = (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as any;
      const e = byClient.get(r.client_id) ?? { scope: new Set(), claims: new Set(), rejected: new Set(), iat: null };
      for (const s of String(p.openid?.scope ?? '').split(' ').filter(Boolean)) e.scope.add(s);
      for (const c of p.openid?.claims ?? []) e.claims.add(c);
      for (const c of p.rejected?.openid?.claims ?? []) e.rejected.add(c);
      e.iat = Math.max(e.iat ?? 0, p.iat ?? 0) || null;
      byClient.set(r.client_id, e);
    }
    const out = [];
    for (const [clientId, g] of byClient) {
      const client = await this.#clients.get(clientId);
      if (!client) continue;
      const plan = planRelease({ use: 'userinfo', clientCategories: client.categories, grantedScope: [...g.scope].join(' '), requestedClaims: [...g.claims], rejectedClaims: [...g.rejected] });
      out.push({
        clientId,
        name: client.name,
        organisation: client.organisation,
        categoriesZh: [...g.scope].flatMap((s) => {
          const c = categoryOfScope(s);
          return c && client.categories.includes(c.id) ? [c.nameZh] : [];
        }),
        fieldsZh: [...plan.byCategory.values()].flat().map((e) => describeElement(e).nameZh),
        declinedZh: [...g.rejected].map((c) => describeElement(claimToElement(c) ?? c).nameZh),
        grantedAt: g.iat ? new Date(g.iat * 1000).toISOString() : null,
      });
    }
    return out;
  }
}
