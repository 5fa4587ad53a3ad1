// The provider's interaction screens under /oidc/interaction/:uid — sign-in with the citizen app's credentials (or the
// citizen's current session when no fresh authentication is demanded), SMS step-up for acr urn:nt:loa:2, and the
// consent screen (LAW-4: recipient, contact, purpose, each field by its Chinese name; LAW-1: a separate tick for each
// sensitive field; the user can decline).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { access } from '../../platform/http/access.ts';
import type { AuditService } from '../audit/index.ts';
import type { Logger } from '../../platform/logger.ts';
import { categoryById, categoryOfScope, claimToElement, describeElement, planRelease } from './oidc.claims.ts';
import type { ClientService } from './oidc.clients.ts';
import type { ClientRow } from './oidc.repository.ts';
import { consentPage, loginPage, messagePage, stepUpPage, type ConsentField } from './oidc.pages.ts';
import { ACR, type Amr, type OidcAccountsPort } from './oidc.ports.ts';
import type { Database } from '../../platform/db/database.ts';

export interface InteractionDeps {
  /** the oidc-provider instance, built on first use */
  provider: () => Promise<any>;
  clients: ClientService;
  accounts: OidcAccountsPort;
  audit: AuditService;
  database: Database;
  logger: Logger;
  production: boolean;
}

type Form = Record<string, string | string[]>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** CSP for the screens: no script at all; forms may post here and the redirect chain may end at the client. */
function csp(client: ClientRow | undefined) {
  const origins = new Set((client?.redirect_uris ?? []).flatMap((u) => (URL.canParse(u) ? [new URL(u).origin] : [])));
  return `default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self' ${[...origins].join(' ')}; frame-ancestors 'none'; base-uri 'none'`;
}

function send(reply: FastifyReply, html: string, client?: ClientRow, status = 200) {
  return reply
    .code(status)
    .header('content-security-policy', csp(client))
    .header('x-frame-options', 'DENY')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

/** The fields this authorization request would release, grouped by sharing category, for the consent screen. */
export function consentGroups(client: ClientRow, params: Record<string, any>) {
  let requested: string[] = [];
  try {
    const claims = params.claims ? JSON.parse(params.claims) : {};
    requested = [...Object.keys(claims.userinfo ?? {}), ...Object.keys(claims.id_token ?? {})];
  } catch {
    requested = [];
  }
  const plan = planRelease({ use: 'userinfo', clientCategories: client.categories, grantedScope: String(params.scope ?? ''), requestedClaims: requested, rejectedClaims: [] });
  return [...plan.byCategory].map(([categoryId, elements]) => {
    const c = categoryById(categoryId)!;
    return { categoryZh: c.nameZh, purposeZh: c.purposeZh, fields: elements.map((e) => describeElement(e) as ConsentField) };
  });
}

const stepUpWanted = (params: Record<string, any>) => String(params.acr_values ?? '').split(' ').includes(ACR.stepUp);
const acrOf = (amr: readonly Amr[]) => (new Set(amr).size >= 2 ? ACR.stepUp : ACR.password);

export function interactionRoutes(deps: InteractionDeps) {
  const { clients, accounts } = deps;
  return async (app: FastifyInstance) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
      const out: Form = {};
      for (const [k, v] of new URLSearchParams(String(body))) {
        const prev = out[k];
        out[k] = prev === undefined ? v : [...many(prev), v];
      }
      done(null, out);
    });

    const opts = { config: { access: access.public, securityHeaders: false as const }, schema: { hide: true } };

    async function load(request: FastifyRequest, reply: FastifyReply) {
      try {
        const details = await (await deps.provider()).interactionDetails(request.raw, reply.raw);
        const client = await clients.get(details.params.client_id);
        if (!client || client.disabled_at) return { error: send(reply, messagePage('应用不可用', '该应用已停用，请联系应用提供方。'), undefined, 400) };
        return { details, client };
      } catch {
        return { error: send(reply, messagePage('登录已过期', '本次登录请求已失效，请回到应用重新发起登录。'), undefined, 400) };
      }
    }

    async function finish(request: FastifyRequest, reply: FastifyReply, result: Record<string, unknown>) {
      const url = await (await deps.provider()).interactionResult(request.raw, reply.raw, result, { mergeWithLastSubmission: false });
      return reply.header('cache-control', 'no-store').redirect(url, 303);
    }

    async function renderLogin(request: FastifyRequest, reply: FastifyReply, details: any, client: ClientRow, error?: string) {
      const reasons: string[] = details.prompt.reasons ?? [];
      // max_age=0, prompt=login, acr_values or a different id_token_hint: the existing session does not count
      const reauth = reasons.some((r) => ['max_age', 'login_prompt', 'acr_values', 'id_token_hint'].includes(r));
      const current = reauth ? null : await accounts.authenticate(request);
      const label = current ? ((await accounts.labelOf?.(current.accountId)) ?? '当前帐号') : undefined;
      const stepUp = stepUpWanted(details.params) && !!accounts.verifyStepUpCode;
      return send(reply, loginPage({ uid: details.uid, clientName: client.name, organisation: client.organisation, error, continueAs: label, stepUp, reauth }), client, error ? 401 : 200);
    }

    app.get<{ Params: { uid: string } }>('/oidc/interaction/:uid', opts, async (request, reply) => {
      const loaded = await load(request, reply);
      if ('error' in loaded) return loaded.error;
      const { details, client } = loaded;
      if (details.prompt.name === 'login') return renderLogin(request, reply, details, client);
      if (details.result?.ntPendingStepUp) return send(reply, stepUpPage({ uid: details.uid }), client);
      return send(reply, consentPage({ uid: details.uid, clientName: client.name, organisation: client.organisation, contact: client.contact, groups: consentGroups(client, details.params) }), client);
    });

    app.post<{ Params: { uid: string }; Body: Form }>('/oidc/interaction/:uid/login', opts, async (request, reply) => {
      const loaded = await load(request, reply);
      if ('error' in loaded) return loaded.error;
      const { details, client } = loaded;
      const body = request.body ?? {};
      const found = await accounts.verifyPassword(one(body.login).trim(), one(body.password), request);
      if (!found) return renderLogin(request, reply, details, client, '帐号或密码不正确');
      if (stepUpWanted(details.params) && accounts.sendStepUpCode && accounts.verifyStepUpCode) {
        await accounts.sendStepUpCode(found.accountId);
        details.result = { ...(details.result ?? {}), ntPendingStepUp: { accountId: found.accountId } };
        // the interaction's expiry is the provider's own wall-clock epoch, so the remaining ttl is measured the same way
        await details.save(Math.max(1, details.exp - Math.floor(Date.now() / 1000)));
        return send(reply, stepUpPage({ uid: details.uid }), client);
      }
      return finish(request, reply, { login: { accountId: found.accountId, acr: ACR.password, amr: ['pwd'], remember: true } });
    });

    app.post<{ Params: { uid: string }; Body: Form }>('/oidc/interaction/:uid/step-up', opts, async (request, reply) => {
      const loaded = await load(request, reply);
      if ('error' in loaded) return loaded.error;
      const { details, client } = loaded;
      const pending = details.result?.ntPendingStepUp as { accountId: string } | undefined;
      if (!pending || !accounts.verifyStepUpCode) return renderLogin(request, reply, details, client);
      const ok = await accounts.verifyStepUpCode(pending.accountId, one(request.body?.code).trim());
      if (!ok) return send(reply, stepUpPage({ uid: details.uid, error: '验证码不正确或已过期' }), client, 401);
      return finish(request, reply, { login: { accountId: pending.accountId, acr: ACR.stepUp, amr: ['pwd', 'sms', 'mfa'], remember: true } });
    });

    app.post<{ Params: { uid: string } }>('/oidc/interaction/:uid/continue', opts, async (request, reply) => {
      const loaded = await load(request, reply);
      if ('error' in loaded) return loaded.error;
      const { details, client } = loaded;
      const reasons: string[] = details.prompt.reasons ?? [];
      const current = await accounts.authenticate(request);
      if (!current || reasons.some((r) => ['max_age', 'login_prompt', 'acr_values', 'id_token_hint'].includes(r))) return renderLogin(request, reply, details, client);
      // amr/acr/auth_time are those of the citizen-app sign-in, not upgraded (truthful)
      return finish(request, reply, {
        login: { accountId: current.accountId, acr: acrOf(current.amr), amr: current.amr, remember: true, ...(current.authTime ? { ts: Math.floor(current.authTime.getTime() / 1000) } : {}) },
      });
    });

    app.post<{ Params: { uid: string }; Body: Form }>('/oidc/interaction/:uid/confirm', opts, async (request, reply) => {
      const loaded = await load(request, reply);
      if ('error' in loaded) return loaded.error;
      const { details, client } = loaded;
      if (details.prompt.name !== 'consent') return send(reply, messagePage('请求无效', '请回到应用重新发起登录。'), client, 400);
      const provider = await deps.provider();
      const { accountId } = details.session;
      const pd = details.prompt.details ?? {};
      const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId, clientId: client.client_id });
      // only scopes of the client's own categories can be granted, whatever was asked (PP-2.3)
      const missingScopes: string[] = pd.missingOIDCScope ?? [];
      const scopes = missingScopes.filter((s) => s === 'openid' || s === 'offline_access' || (categoryOfScope(s) && client.categories.includes(categoryOfScope(s)!.id)));
      if (scopes.length) grant.addOIDCScope(scopes.join(' '));
      const refusedScopes = missingScopes.filter((s) => !scopes.includes(s));
      if (refusedScopes.length) grant.rejectOIDCScope(refusedScopes.join(' '));
      const offered = consentGroups(client, details.params).flatMap((g) => g.fields);
      const missingClaims: string[] = pd.missingOIDCClaims ?? [];
      const claims = missingClaims.filter((c) => offered.some((f) => f.claim === c) || ['sub', 'sid', 'acr', 'amr', 'auth_time'].includes(c));
      if (claims.length) grant.addOIDCClaims(claims);
      // claims outside the client's categories are recorded as refused, so they are never asked for again (PP-2.1)
      const refusedClaims = missingClaims.filter((c) => !claims.includes(c));
      if (refusedClaims.length) grant.rejectOIDCClaims(refusedClaims);
      // LAW-1: a sensitive field is provided only when its own box was ticked
      const ticked = new Set(many(request.body?.sensitive));
      const declined = offered.filter((f) => f.sensitive && !ticked.has(f.claim)).map((f) => f.claim);
      if (declined.length) grant.rejectOIDCClaims(declined);
      const granted = offered.filter((f) => !declined.includes(f.claim));
      // the adapter writes outside this transaction (PGlite: never use the pool inside a transaction), so save first
      const grantId: string = await grant.save();
      await deps.database.db.transaction().execute(async (tx) => {
        await deps.audit.record(tx, {
          actor: { kind: 'citizen', ref: accountId },
          action: 'oidc.grant-consent',
          subjectId: accountId,
          elements: granted.map((f) => f.id),
          purposeId: 'unified-identity',
          legalBasis: 'consent',
          details: { clientId: client.client_id, grantId, declined: declined.map((c) => claimToElement(c) ?? c) },
        });
      });
      return finish(request, reply, { consent: { grantId } });
    });

    app.post<{ Params: { uid: string } }>('/oidc/interaction/:uid/abort', opts, async (request, reply) => {
      const loaded = await load(request, reply);
      if ('error' in loaded) return loaded.error;
      return finish(request, reply, { error: 'access_denied', error_description: 'The user declined' });
    });
  };
}
