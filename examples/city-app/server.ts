// A demo city app (relying party) of 南通市统一身份认证平台: signs a visitor in with authorization code + PKCE through
// openid-client v6, shows the claims it received (userinfo), accepts back-channel logout and does RP-initiated logout.
//   node examples/city-app/server.ts                  # uses var/oidc-demo-clients.json (demo-taxi) from `npm start`
//   ISSUER=… CLIENT_ID=… CLIENT_SECRET=… PORT=3101 node examples/city-app/server.ts
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import * as jose from 'jose';

export interface CityAppOptions {
  issuer: string;
  clientId: string;
  clientSecret: string;
  port?: number;
  /** e.g. 'openid nt:transport' */
  scope?: string;
  title?: string;
}

interface Session {
  state?: string;
  verifier?: string;
  sub?: string;
  sid?: string;
  idToken?: string;
  claims?: Record<string, unknown>;
  userinfo?: Record<string, unknown>;
}

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export async function startCityApp(o: CityAppOptions): Promise<{ url: string; server: Server; loggedOut: string[]; close(): Promise<void> }> {
  const sessions = new Map<string, Session>();
  const loggedOut: string[] = [];
  let base = '';
  let config: client.Configuration | undefined;
  const discover = async () => {
    if (config) return config;
    const insecure = new URL(o.issuer).protocol === 'http:';
    config = await client.discovery(new URL(o.issuer), o.clientId, o.clientSecret, undefined, insecure ? { execute: [client.allowInsecureRequests] } : undefined);
    return config;
  };

  const sessionOf = (req: IncomingMessage, res: ServerResponse): Session => {
    const id = /(?:^|;\s*)city_sid=([\w-]+)/.exec(req.headers.cookie ?? '')?.[1];
    if (id && sessions.has(id)) return sessions.get(id)!;
    const fresh = randomBytes(16).toString('base64url');
    const s: Session = {};
    sessions.set(fresh, s);
    res.setHeader('set-cookie', `city_sid=${fresh}; HttpOnly; SameSite=Lax; Path=/`);
    return s;
  };
  const html = (res: ServerResponse, body: string, status = 200) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(o.title ?? '城市应用演示')}</title></head><body><h1>${esc(o.title ?? '城市应用演示')}</h1>${body}</body></html>`);
  };

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', base);
      if (req.method === 'POST' && url.pathname === '/backchannel-logout') {
        // OIDC Back-Channel Logout 1.0: verify the logout token, then end every local session of that subject
        let body = '';
        for await (const chunk of req) body += chunk;
        const token = new URLSearchParams(body).get('logout_token') ?? '';
        const c = await discover();
        const { payload } = await jose.jwtVerify(token, jose.createRemoteJWKSet(new URL(c.serverMetadata().jwks_uri!)), { issuer: c.serverMetadata().issuer, audience: o.clientId });
        if (!(payload.events as Record<string, unknown> | undefined)?.['http://schemas.openid.net/event/backchannel-logout']) throw new Error('not a logout token');
        for (const [id, s] of sessions) if (s.sub === payload.sub) sessions.delete(id);
        loggedOut.push(String(payload.sub));
        res.writeHead(200).end();
        return;
      }
      const s = sessionOf(req, res);
      const c = await discover();
      if (url.pathname === '/login') {
        s.verifier = client.randomPKCECodeVerifier();
        s.state = client.randomState();
        const to = client.buildAuthorizationUrl(c, {
          redirect_uri: `${base}/callback`,
          scope: o.scope ?? 'openid',
          code_challenge: await client.calculatePKCECodeChallenge(s.verifier),
          code_challenge_method: 'S256',
          state: s.state,
        });
        res.writeHead(302, { location: to.href }).end();
        return;
      }
      if (url.pathname === '/callback') {
        const tokens = await client.authorizationCodeGrant(c, url, { pkceCodeVerifier: s.verifier, expectedState: s.state });
        const claims = tokens.claims()!;
        s.sub = claims.sub;
        s.sid = claims.sid as string | undefined;
        s.idToken = tokens.id_token;
        s.claims = { ...claims };
        s.userinfo = { ...(await client.fetchUserInfo(c, tokens.access_token, claims.sub)) };
        res.writeHead(302, { location: '/' }).end();
        return;
      }
      if (url.pathname === '/logout') {
        const to = client.buildEndSessionUrl(c, { id_token_hint: s.idToken ?? '', post_logout_redirect_uri: `${base}/` });
        for (const k of Object.keys(s)) delete (s as Record<string, unknown>)[k];
        res.writeHead(302, { location: to.href }).end();
        return;
      }
      if (url.pathname === '/') {
        if (!s.sub) return html(res, '<p>您尚未登录。</p><p><a id="login" href="/login">使用南通市统一身份认证登录</a></p>');
        const rows = Object.entries(s.userinfo ?? {}).map(([k, v]) => `<tr><th>${esc(k)}</th><td data-claim="${esc(k)}">${esc(v)}</td></tr>`).join('');
        return html(res, `<p id="welcome">已登录</p><p>认证等级 acr: <code id="acr">${esc(s.claims?.acr)}</code>，方式 amr: <code id="amr">${esc(JSON.stringify(s.claims?.amr))}</code></p>
<h2>本应用收到的信息</h2><table id="claims">${rows}</table><p><a id="logout" href="/logout">退出登录</a></p>`);
      }
      res.writeHead(404).end();
    } catch (err) {
      html(res, `<p id="error">登录失败：${esc((err as Error).message)}</p><p><a href="/">返回</a></p>`, 400);
    }
  });
  await new Promise<void>((r) => server.listen(o.port ?? 0, '127.0.0.1', r));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
  return { url: base, server, loggedOut, close: () => new Promise((r) => server.close(() => r())) };
}

if (import.meta.main) {
  let opts: CityAppOptions;
  if (process.env.CLIENT_ID) {
    opts = { issuer: process.env.ISSUER ?? 'http://localhost:8080/oidc', clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET ?? '', port: Number(process.env.PORT ?? 3101), scope: process.env.SCOPE };
  } else {
    // the demo clients `npm start` seeds (non-production) with their secrets in DATA_DIR
    const demo = JSON.parse(readFileSync(`${process.env.DATA_DIR ?? 'var'}/oidc-demo-clients.json`, 'utf8'))['demo-taxi'];
    opts = { issuer: demo.issuer, clientId: 'demo-taxi', clientSecret: demo.clientSecret, port: 3101, scope: 'openid nt:transport', title: '一键召车(演示)' };
  }
  const app = await startCityApp(opts);
  console.log(`city app at ${app.url} (client ${opts.clientId}, issuer ${opts.issuer})`);
}
