// Relying parties of the identity provider: registration, secret rotation (the secret is shown once and stored only
// wrapped under the KEK), disabling, and the demo partners of the policy seeded on non-production starts.
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import type { Clock } from '../../platform/clock.ts';
import type { KeyWrapper } from '../../platform/crypto/index.ts';
import { AppError, defineProblem } from '../../platform/http/problem.ts';
import type { AuditService } from '../audit/index.ts';
import { categoryById, scopeOf } from './oidc.claims.ts';
import { oidcRepository as repo, type ClientRow } from './oidc.repository.ts';

type Executor = Kysely<Tables>;

export const OIDC_PROBLEMS = {
  clientInvalid: defineProblem('oidc-client-invalid', { status: 422, title: '应用信息不符合接入要求，请检查回调地址和共享类别', titleEn: 'The client registration is invalid' }),
  clientNotFound: defineProblem('oidc-client-not-found', { status: 404, title: '该接入应用不存在', titleEn: 'No such client' }),
  authorizationNotFound: defineProblem('oidc-authorization-not-found', { status: 404, title: '您没有授权过该应用', titleEn: 'You have not authorised this application' }),
};

export interface ClientInput {
  name: string;
  organisation: string;
  categories: string[];
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  backchannelLogoutUri?: string | null;
  contact: string;
}

const secretContext = (clientId: string) => `oidc-client-secret:${clientId}`;

export class ClientService {
  readonly #db: Executor;
  readonly #wrapper: KeyWrapper;
  readonly #clock: Clock;
  readonly #audit: AuditService;
  readonly #production: boolean;

  constructor(opts: { db: Executor; wrapper: KeyWrapper; clock: Clock; audit: AuditService; production: boolean }) {
    this.#db = opts.db;
    this.#wrapper = opts.wrapper;
    this.#clock = opts.clock;
    this.#audit = opts.audit;
    this.#production = opts.production;
  }

  #validate(input: ClientInput) {
    const problems: string[] = [];
    for (const c of input.categories) if (!categoryById(c)) problems.push(`未公示的共享类别 ${c}`);
    const uris = [...input.redirectUris, ...input.postLogoutRedirectUris, ...(input.backchannelLogoutUri ? [input.backchannelLogoutUri] : [])];
    for (const u of uris) {
      let url: URL;
      try {
        url = new URL(u);
      } catch {
        problems.push(`地址无效 ${u}`);
        continue;
      }
      const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local && !this.#production)) problems.push(`必须使用 https: ${u}`);
      if (url.hash) problems.push(`地址不能含 # 片段: ${u}`);
    }
    // Pairwise subjects are per client, but the provider also requires one host per client without a sector document.
    if (new Set(input.redirectUris.map((u) => URL.canParse(u) ? new URL(u).host : u)).size > 1) problems.push('回调地址须在同一主机');
    if (input.redirectUris.length === 0) problems.push('至少需要一个回调地址');
    if (problems.length) throw new AppError(OIDC_PROBLEMS.clientInvalid, { detail: problems.join('；'), extensions: { problems } });
  }

  async register(input: ClientInput, actor: { kind: 'staff' | 'system'; ref?: string }, clientId = `nt-${randomUUID().slice(0, 8)}`): Promise<{ client: ClientRow; clientSecret: string }> {
    this.#validate(input);
    const clientSecret = randomBytes(32).toString('base64url');
    const { wrapped, version } = this.#wrapper.wrap(secretContext(clientId), Buffer.from(clientSecret));
    const now = this.#clock.now();
    const row: ClientRow = {
      client_id: clientId,
      name: input.name,
      organisation: input.organisation,
      categories: [...new Set(input.categories)],
      redirect_uris: input.redirectUris,
      post_logout_redirect_uris: input.postLogoutRedirectUris,
      backchannel_logout_uri: input.backchannelLogoutUri ?? null,
      contact: input.contact,
      secret_wrapped: wrapped,
      secret_kek_version: version,
      secret_rotated_at: now,
      disabled_at: null,
      created_at: now,
    };
    await this.#db.transaction().execute(async (tx) => {
      await repo.insertClient(tx, row);
      await this.#audit.record(tx, { actor, action: 'oidc.register-client', details: { clientId, categories: row.categories } });
    });
    return { client: row, clientSecret };
  }

  async rotateSecret(clientId: string, actor: { kind: 'staff'; ref: string }): Promise<{ client: ClientRow; clientSecret: string }> {
    const clientSecret = randomBytes(32).toString('base64url');
    const { wrapped, version } = this.#wrapper.wrap(secretContext(clientId), Buffer.from(clientSecret));
    const client = await this.#db.transaction().execute(async (tx) => {
      const row = await repo.updateClient(tx, clientId, { secret_wrapped: wrapped, secret_kek_version: version, secret_rotated_at: this.#clock.now() });
      if (!row) throw new AppError(OIDC_PROBLEMS.clientNotFound);
      await this.#audit.record(tx, { actor, action: 'oidc.rotate-client-secret', details: { clientId } });
      return row;
    });
    return { client, clientSecret };
  }

  async setDisabled(clientId: string, disabled: boolean, actor: { kind: 'staff'; ref: string }): Promise<ClientRow> {
    return this.#db.transaction().execute(async (tx) => {
      const row = await repo.updateClient(tx, clientId, { disabled_at: disabled ? this.#clock.now() : null });
      if (!row) throw new AppError(OIDC_PROBLEMS.clientNotFound);
      await this.#audit.record(tx, { actor, action: disabled ? 'oidc.disable-client' : 'oidc.enable-client', details: { clientId } });
      return row;
    });
  }

  list() {
    return repo.listClients(this.#db);
  }
  get(clientId: string) {
    return repo.getClient(this.#db, clientId);
  }

  /** The metadata oidc-provider validates and uses; undefined for a disabled or unknown client (→ invalid_client). */
  async metadata(clientId: string): Promise<Record<string, unknown> | undefined> {
    const row = await repo.getClient(this.#db, clientId);
    if (!row || row.disabled_at) return undefined;
    const secret = this.#wrapper.unwrap(secretContext(clientId), Buffer.from(row.secret_wrapped), row.secret_kek_version).toString('utf8');
    return {
      client_id: row.client_id,
      client_secret: secret,
      client_name: row.name,
      redirect_uris: row.redirect_uris,
      post_logout_redirect_uris: row.post_logout_redirect_uris,
      ...(row.backchannel_logout_uri ? { backchannel_logout_uri: row.backchannel_logout_uri, backchannel_logout_session_required: true } : {}),
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      subject_type: 'pairwise',
      // PP-2.3: the only scopes this client may ask for are its sharing categories
      scope: ['openid', 'offline_access', ...row.categories.map(scopeOf)].join(' '),
    };
  }

  /** Demo relying parties of the policy's partner services (non-production, first start). Their secrets go to
   * DATA_DIR/oidc-demo-clients.json (mode 0600) for examples/city-app — never to the log. */
  async seedDemo(dataDir: string, issuer: string): Promise<void> {
    const existing = await repo.listClients(this.#db);
    if (existing.some((c) => c.client_id.startsWith('demo-'))) return;
    const demo: (ClientInput & { id: string })[] = [
      { id: 'demo-taxi', name: '一键召车', organisation: '南通出租汽车/网约车服务提供方(演示)', categories: ['transport'], redirectUris: ['http://localhost:3101/callback'], postLogoutRedirectUris: ['http://localhost:3101/'], backchannelLogoutUri: 'http://localhost:3101/backchannel-logout', contact: 'taxi-demo@partners.nantong.example' },
      { id: 'demo-tickets', name: '景区门票', organisation: '南通市文化广电和旅游局 / 景区运营单位(演示)', categories: ['tourism'], redirectUris: ['http://localhost:3102/callback'], postLogoutRedirectUris: ['http://localhost:3102/'], backchannelLogoutUri: 'http://localhost:3102/backchannel-logout', contact: 'tickets-demo@partners.nantong.example' },
      { id: 'demo-sscard', name: '电子社保卡', organisation: '南通市人力资源和社会保障局', categories: ['social-security'], redirectUris: ['http://localhost:3103/callback'], postLogoutRedirectUris: ['http://localhost:3103/'], backchannelLogoutUri: 'http://localhost:3103/backchannel-logout', contact: 'rsj-demo@nantong.example' },
      { id: 'demo-city-website', name: '南通市人民政府门户网站', organisation: '南通市人民政府办公室', categories: [], redirectUris: ['http://localhost:3100/callback'], postLogoutRedirectUris: ['http://localhost:3100/'], backchannelLogoutUri: 'http://localhost:3100/backchannel-logout', contact: 'web-demo@nantong.example' },
    ];
    const secrets: Record<string, { clientSecret: string; redirectUri: string; issuer: string }> = {};
    for (const d of demo) {
      const { id, ...input } = d;
      const { clientSecret } = await this.register(input, { kind: 'system', ref: 'seed' }, id);
      secrets[id] = { clientSecret, redirectUri: d.redirectUris[0]!, issuer };
    }
    writeFileSync(path.join(dataDir, 'oidc-demo-clients.json'), JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
}
