// The oidc-provider instance: authorization code + PKCE (required), refresh-token rotation, RP-initiated and
// back-channel logout, PAR, DPoP, revocation, pairwise subjects per client, claims only from the client's sharing
// categories, each release of PI written to the sharing ledger (LAW-4).
import { createHmac } from 'node:crypto';
import type { Database } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Logger } from '../../platform/logger.ts';
import type { SharingService } from '../sharing/index.ts';
import { ELEMENT_CLAIMS, categoryById, planRelease, scopeClaims } from './oidc.claims.ts';
import type { ClientService } from './oidc.clients.ts';
import { adapterFactory } from './oidc.repository.ts';
import type { KeyRing } from './oidc.keys.ts';
import { ACR, type OidcAccountsPort } from './oidc.ports.ts';
import { esc, messagePage, page } from './oidc.pages.ts';

export const OIDC_MOUNT = '/oidc';

export const TTL = {
  AccessToken: 10 * 60,
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  RefreshToken: 14 * 24 * 60 * 60,
  Interaction: 10 * 60,
  Session: 24 * 60 * 60,
  Grant: 180 * 24 * 60 * 60,
  PushedAuthorizationRequest: 60,
} as const;
/** The longest a signed artefact lives: a retired signing key is published this long after rotation. */
export const MAX_SIGNED_TTL = TTL.IdToken + 15 * 60;

export interface ProviderDeps {
  issuer: string;
  database: Database;
  clock: Clock;
  logger: Logger;
  keys: KeyRing;
  cookieKeys: string[];
  pairwiseKey: Buffer;
  clients: ClientService;
  accounts: OidcAccountsPort;
  sharing: SharingService;
  production: boolean;
}

/** PP-2.3: a pairwise subject per client (not per sector), so no two relying parties can correlate a person. */
export function pairwiseSub(key: Buffer, clientId: string, accountId: string): string {
  return createHmac('sha256', key).update(`oidc-sub\0${clientId}\0${accountId}`).digest('base64url');
}

/** Imports oidc-provider (with koa, jose and its ~40 MB of code and data, issue #2) only when the provider is built. */
export async function createProvider(deps: ProviderDeps): Promise<any> {
  const { Provider, interactionPolicy } = await import('oidc-provider');
  const { database, clock, accounts, sharing, clients } = deps;
  const db = database.db;
  const Adapter = adapterFactory(db, clock, (id) => clients.metadata(id));

  const { Check, base } = interactionPolicy;
  const policy = base();
  // acr_values: a session below the requested level must authenticate again (step-up), unless it just did.
  policy.get('login').checks.add(
    new Check('acr_values', '需要更高等级的身份认证', (ctx: any) => {
      const wanted = String(ctx.oidc.params.acr_values ?? '').split(' ').filter(Boolean);
      if (wanted.length === 0 || ctx.oidc.result?.login) return Check.NO_NEED_TO_PROMPT;
      return wanted.includes(ctx.oidc.session.acr) ? Check.NO_NEED_TO_PROMPT : Check.REQUEST_PROMPT;
    }),
  );

  const configuration = {
    adapter: Adapter,
    clients: [],
    jwks: { keys: deps.keys.keys },
    cookies: { keys: deps.cookieKeys, long: { signed: true, httpOnly: true, sameSite: 'lax' }, short: { signed: true, httpOnly: true, sameSite: 'lax' } },
    // acr, amr and auth_time always travel in the ID token so relying parties see how the person was authenticated
    claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], sid: null, ...scopeClaims() },
    scopes: ['openid', 'offline_access'],
    responseTypes: ['code'],
    acrValues: [ACR.password, ACR.stepUp],
    subjectTypes: ['pairwise'],
    pairwiseIdentifier: async (_ctx: unknown, accountId: string, client: { clientId: string }) => pairwiseSub(deps.pairwiseKey, client.clientId, accountId),
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'RS256',
      subject_type: 'pairwise',
    },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx: unknown, client: any) => client.grantTypeAllowed('refresh_token'),
    conformIdTokenClaims: true,
    ttl: { ...TTL },
    interactions: { policy, url: (_ctx: unknown, interaction: { uid: string }) => `${OIDC_MOUNT}/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
      backchannelLogout: { enabled: true },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      dPoP: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: any, form: string) => {
          ctx.body = page(
            '退出登录',
            `<div class="card"><h1>退出南通市统一身份认证平台？</h1><p>退出后，通过统一身份认证登录的应用需要重新登录。</p>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">退出登录</button>
<button class="secondary" type="submit" form="op.logoutForm">保持登录</button></div>`,
          );
        },
        postLogoutSuccessSource: async (ctx: any) => {
          ctx.body = messagePage('已退出登录', '您已退出南通市统一身份认证平台。');
        },
      },
    },
    // oidc-provider refuses outgoing requests (back-channel logout) to loopback/private addresses (SSRF protection);
    // development and tests run their relying parties on localhost, production keeps the protection
    fetch: (url: URL | string, options: RequestInit & { dispatcher?: unknown }) => {
      if (!deps.production) delete options.dispatcher;
      return globalThis.fetch(url, options);
    },
    renderError: async (ctx: any, out: { error: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = page('出错了', `<div class="card"><h1>无法完成登录</h1><p>${esc(out.error_description ?? '请求无效')}</p><p class="muted">错误代码：${esc(out.error)}</p></div>`);
    },
    findAccount: async (ctx: any, sub: string) => {
      const claims = await accounts.claimsOf(sub);
      if (!claims) return undefined; // a cancelled account: tokens and sessions stop working
      return {
        accountId: sub,
        claims: async (use: 'id_token' | 'userinfo', scope: string, requested: Record<string, unknown> | undefined, rejected: string[] | undefined) => {
          const client = ctx?.oidc?.client;
          if (!client) return {};
          // the client's categories are its registered scope metadata (built from oidc_clients.categories)
          const categories = String(client.scope ?? '').split(' ').flatMap((s: string) => (s.startsWith('nt:') ? [s.slice(3)] : []));
          return releaseClaims({ db, sharing, categories, accountId: sub, clientId: client.clientId, use, scope, requested: Object.keys(requested ?? {}), rejected: rejected ?? [], values: claims });
        },
      };
    },
  };

  const provider = new Provider(deps.issuer, configuration);
  provider.proxy = true; // behind the platform's reverse proxy (Fastify trustProxy)
  provider.on('server_error', (_ctx: unknown, err: Error) => deps.logger.error({ err }, 'oidc provider error'));
  provider.on('backchannel.error', (_ctx: unknown, err: Error, client: any) => deps.logger.warn({ err: err.message, clientId: client?.clientId }, 'back-channel logout failed'));
  return provider;
}

/** LAW-4, PP-2.3: the claims one response releases, each category's share written as one sharing-ledger provision in
 * one transaction; only what the ledger accepted leaves. */
export async function releaseClaims(o: {
  db: Database['db'];
  sharing: SharingService;
  /** the client's sharing categories */
  categories: readonly string[];
  accountId: string;
  clientId: string;
  use: 'id_token' | 'userinfo';
  scope: string;
  requested: string[];
  rejected: string[];
  values: import('./oidc.claims.ts').AccountClaims;
}): Promise<Record<string, unknown>> {
  const plan = planRelease({ use: o.use, clientCategories: o.categories, grantedScope: o.scope, requestedClaims: o.requested, rejectedClaims: o.rejected });
  if (plan.byCategory.size === 0) return {};
  const out: Record<string, unknown> = {};
  await o.db.transaction().execute(async (tx) => {
    for (const [categoryId, elements] of plan.byCategory) {
      const data: Record<string, unknown> = {};
      for (const el of elements) {
        const v = o.values[ELEMENT_CLAIMS[el]!.value];
        if (v !== undefined && v !== null && v !== '') data[el] = v;
      }
      if (Object.keys(data).length === 0) continue;
      const category = categoryById(categoryId)!;
      const provision = await o.sharing.provide(tx, {
        recipientId: categoryId,
        purposeId: category.purposeId,
        subjectId: o.accountId,
        elements: Object.keys(data),
        data,
        basis: 'consent', // the user consented on the provider's consent screen (LAW-4 separate consent)
        actor: { kind: 'partner', ref: o.clientId },
      });
      for (const [el, v] of Object.entries(provision.data)) out[ELEMENT_CLAIMS[el]!.claim] = v;
    }
  });
  return out;
}
