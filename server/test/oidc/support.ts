// A running identity provider for tests: the oidc module on the platform's app (buildApp, exactly as compose() mounts
// it) listening on a random port, with a fake accounts port, a back-channel logout receiver, and an HTTP driver that
// walks the interaction screens with cookies like a browser.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { buildApp } from '../../src/app.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { FieldCipher } from '../../src/platform/crypto/index.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { AuditService } from '../../src/modules/audit/index.ts';
import { SharingService } from '../../src/modules/sharing/index.ts';
import { sharingDeclarations } from '../../src/modules/privacy/index.ts';
import { createOidcModule, type AccountClaims, type Amr, type OidcAccountsPort, type OidcModule } from '../../src/modules/oidc/index.ts';
import { testAuthenticator } from '../support/auth.ts';
import { LogCapture, testConfig } from '../support/platform.ts';

export interface FakeAccount {
  accountId: string;
  login: string;
  password: string;
  claims: AccountClaims;
}

export function fakeAccounts(list: FakeAccount[], opts: { session?: { accountId: string; amr: Amr[] } | null; stepUpCode?: string } = {}) {
  const sent: string[] = [];
  const port: OidcAccountsPort & { sent: string[]; session: { accountId: string; amr: Amr[] } | null } = {
    sent,
    session: opts.session ?? null,
    async authenticate() {
      return port.session;
    },
    async verifyPassword(login, password) {
      const a = list.find((x) => x.login === login && x.password === password);
      return a ? { accountId: a.accountId } : null;
    },
    async claimsOf(accountId) {
      return list.find((x) => x.accountId === accountId)?.claims ?? null;
    },
    async labelOf() {
      return '138****0000';
    },
    ...(opts.stepUpCode
      ? {
          async sendStepUpCode(accountId: string) {
            sent.push(accountId);
          },
          async verifyStepUpCode(_accountId: string, code: string) {
            return code === opts.stepUpCode;
          },
        }
      : {}),
  };
  return port;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

/** Receives back-channel logout tokens. */
export async function backchannelReceiver() {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const token = new URLSearchParams(body).get('logout_token');
      if (token) received.push(token);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/backchannel-logout`;
  return { url, received, close: () => new Promise((r) => server.close(r)) };
}

export interface RunningProvider {
  base: string;
  issuer: string;
  oidcModule: OidcModule;
  audit: AuditService;
  sharing: SharingService;
  logs: LogCapture;
  close(): Promise<void>;
}

export async function startProvider(database: Database, accounts: OidcAccountsPort): Promise<RunningProvider> {
  const port = await freePort();
  const config = testConfig({ PUBLIC_URL: `http://127.0.0.1:${port}` });
  const logs = new LogCapture();
  const logger = createLogger({ level: 'info', destination: logs });
  const clock = systemClock; // oidc-provider keeps wall-clock time itself
  const cipher = new FieldCipher(database.db, { secrets: config.secrets });
  const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const audit = new AuditService({ pseudonymKey: randomBytes(32), signingKey, clock });
  const sharing = new SharingService({ declared: sharingDeclarations(), audit, clock });
  const oidcModule = await createOidcModule({ config, database, clock, logger, cipher, audit, sharing, accounts });
  const app = await buildApp({ config, database, logger, modules: [oidcModule.module], authenticator: testAuthenticator });
  await app.listen({ port, host: '127.0.0.1' });
  return { base: `http://127.0.0.1:${port}`, issuer: oidcModule.issuer, oidcModule, audit, sharing, logs, close: () => app.close() };
}

/** A tiny cookie jar + manual redirects: what a browser does between the RP and the provider's screens. */
export class Browser {
  cookies = new Map<string, string>();
  #store(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i).trim();
      const value = pair!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  async request(url: string, init: { method?: string; form?: Record<string, string | string[]> } = {}) {
    const headers: Record<string, string> = { accept: 'text/html' };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (init.form) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const one of [v].flat()) p.append(k, one);
      body = p.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.#store(res);
    return res;
  }
  /** follows redirects on the provider until one leaves it (the RP callback) or a page is shown */
  async follow(url: string, base: string, init: { method?: string; form?: Record<string, string | string[]> } = {}): Promise<{ url: string; res: Response; html: string }> {
    let res = await this.request(url, init);
    let current = url;
    for (let i = 0; i < 10 && res.status >= 300 && res.status < 400; i++) {
      const next = new URL(res.headers.get('location')!, current).href;
      if (!next.startsWith(base)) return { url: next, res, html: '' };
      current = next;
      res = await this.request(next);
    }
    return { url: current, res, html: await res.text() };
  }
}

export interface Rp {
  config: oidc.Configuration;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
}

export async function registerRp(p: RunningProvider, input: { categories: string[]; backchannelLogoutUri?: string; name?: string }): Promise<Rp> {
  const redirectUri = `http://127.0.0.1:9/cb/${randomUUID().slice(0, 6)}`;
  const { client, clientSecret } = await p.oidcModule.clients.register(
    {
      name: input.name ?? '测试应用',
      organisation: '测试单位',
      categories: input.categories,
      redirectUris: [redirectUri],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: input.backchannelLogoutUri ?? null,
      contact: 'rp@example.test',
    },
    { kind: 'system', ref: 'test' },
  );
  const config = await oidc.discovery(new URL(p.issuer), client.client_id, clientSecret, undefined, { execute: [oidc.allowInsecureRequests] });
  return { config, clientId: client.client_id, clientSecret, redirectUri };
}

export interface LoginOptions {
  scope: string;
  login?: string;
  password?: string;
  /** claims of the sensitive boxes to tick on the consent screen */
  tick?: string[];
  /** the SMS code for the step-up screen */
  code?: string;
  /** continue with the citizen-app session instead of typing the password */
  useSession?: boolean;
  extra?: Record<string, string>;
  browser?: Browser;
  expectConsent?: boolean;
  /** push the request first (PAR, RFC 9126) */
  par?: boolean;
  /** bind the tokens to a DPoP key (RFC 9449) */
  dpop?: oidc.DPoPHandle;
}

/** Code + PKCE through the screens; returns the token response and what the screens showed. */
export async function login(p: RunningProvider, rp: Rp, o: LoginOptions) {
  const browser = o.browser ?? new Browser();
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const params = {
    redirect_uri: rp.redirectUri,
    scope: o.scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...o.extra,
  };
  const url = o.par ? await oidc.buildAuthorizationUrlWithPAR(rp.config, params, o.dpop ? { DPoP: o.dpop } : undefined) : oidc.buildAuthorizationUrl(rp.config, params);
  const pages: string[] = [];
  let step = await browser.follow(url.href, p.base);
  for (let i = 0; i < 5 && step.url.startsWith(p.base); i++) {
    pages.push(step.html);
    const uid = step.url.match(/\/interaction\/([^/?]+)/)?.[1];
    if (!uid) throw new Error(`unexpected page ${step.url} ${step.res.status}: ${step.html.slice(0, 300)}`);
    if (o.useSession && step.html.includes(`/interaction/${uid}/continue"`)) {
      step = await browser.follow(`${p.base}/oidc/interaction/${uid}/continue`, p.base, { form: {} });
    } else if (step.html.includes(`/interaction/${uid}/login"`)) {
      step = await browser.follow(`${p.base}/oidc/interaction/${uid}/login`, p.base, { form: { login: o.login ?? 'zhang', password: o.password ?? 'secret-pass' } });
    } else if (step.html.includes(`/interaction/${uid}/step-up"`)) {
      step = await browser.follow(`${p.base}/oidc/interaction/${uid}/step-up`, p.base, { form: { code: o.code ?? '' } });
    } else if (step.html.includes(`/interaction/${uid}/confirm"`)) {
      step = await browser.follow(`${p.base}/oidc/interaction/${uid}/confirm`, p.base, { form: { sensitive: o.tick ?? [] } });
    } else {
      throw new Error(`no form on ${step.url}: ${step.html.slice(0, 300)}`);
    }
  }
  const callback = new URL(step.url);
  const tokens = await oidc.authorizationCodeGrant(rp.config, callback, { pkceCodeVerifier: verifier, expectedState: state }, undefined, o.dpop ? { DPoP: o.dpop } : undefined);
  return { tokens, pages, browser };
}
