// End to end: a real relying party (examples/city-app, openid-client v6) signs a citizen in through 南通市统一身份认证平台
// in Chromium — the provider's own zh-CN sign-in and consent screens (with the separate tick for a sensitive field,
// LAW-1), back to the app which shows exactly the claims of its sharing category (PP-2.3); cancelling the unified
// account (PP-4.5 b, through the rights centre after SMS step-up) signs the app out by back-channel logout. The whole
// platform runs in this process (main.ts start(), PGlite, real job queue) and the citizen is a REAL account registered
// through the identity API: the provider checks identity's own password (and lockout). Fails — not skips — when
// Chromium is missing, unless E2E_SKIP=1.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SKIP, RESULTS, assertChromium, freePort, launchChromium } from './support/browser.ts';
import { startPlatform, type StartedPlatform } from './support/platform.ts';
import { codeFor as sandboxCode } from './support/citizen.ts';
import type { Platform } from '../server/src/main.ts';
import { ClientService } from '../server/src/modules/oidc/oidc.clients.ts';
import { startCityApp } from '../examples/city-app/server.ts';

const citizen = { mobile: `137${String(process.pid % 100_000_000).padStart(8, '0')}`, accountName: `oidc_e2e_${process.pid}`, password: 'Nantong city app 2026', accountId: '', sid: '' };

describe('unified identity: a city app signs in through the provider (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false, timeout: 600_000 }, () => {
  let server: StartedPlatform;
  let platform: Platform;
  let base = '';
  let app: Awaited<ReturnType<typeof startCityApp>>;
  let browser: Browser;
  let page: Page;

  /** the SMS sandbox's newest code (any 6 digits) for the number once more than `seen` messages carried one */
  const codeFor = (mobile: string, seen: number) => sandboxCode(platform, mobile, { seen, timeoutMs: 150_000, pattern: /(\d{6})/ });

  const api = async (url: string, body: unknown, sid?: string) => {
    const res = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(sid ? { cookie: `ntbt_sid=${sid}`, 'x-ntbt-csrf': '1' } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.ok(res.ok, `${url}: ${res.status} ${text}`);
    return { json: JSON.parse(text) as any, cookies: res.headers.getSetCookie() };
  };

  before(async () => {
    assertChromium();
    server = await startPlatform('oidc');
    ({ platform, base } = server);
    // a real citizen account, registered through the identity API with the code the SMS sandbox "sent"
    const { json: issued } = await api('/api/v1/identity/codes', { mobile: citizen.mobile, purpose: 'registration' });
    const reg = await api('/api/v1/identity/register', { mobile: citizen.mobile, accountName: citizen.accountName, password: citizen.password, challengeId: issued.challengeId, code: await codeFor(citizen.mobile, 0), deviceConsent: false });
    citizen.accountId = reg.json.account.accountId;
    citizen.sid = /ntbt_sid=([^;]+)/.exec(reg.cookies.join('\n'))![1]!;
    // the relying party, registered as the console's client API does it
    const clients = new ClientService({ db: platform.database.db, wrapper: platform.kernel.cipher.wrapper, clock: platform.clock, audit: platform.kernel.audit, production: false });
    const appPort = await freePort();
    const { client, clientSecret } = await clients.register(
      {
        name: '一键召车', organisation: '出租汽车/网约车服务提供方(演示)', categories: ['transport'],
        redirectUris: [`http://localhost:${appPort}/callback`], postLogoutRedirectUris: [`http://localhost:${appPort}/`],
        backchannelLogoutUri: `http://localhost:${appPort}/backchannel-logout`, contact: 'taxi@partners.example',
      },
      { kind: 'system', ref: 'e2e' },
    );
    app = await startCityApp({ issuer: platform.config.oidcIssuer, clientId: client.client_id, clientSecret, port: appPort, scope: 'openid nt:transport', title: '一键召车' });
    browser = await launchChromium();
    page = await browser.newPage({ locale: 'zh-CN' });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await server?.close();
  });

  it('PP-2.3 LAW-1 signs in with code + PKCE through the zh-CN screens and the app shows exactly its category\u2019s fields', async (t) => {
    try {
      await page.goto(`${app.url}/`);
      await page.click('#login');
      await page.waitForSelector('text=登录以继续使用「一键召车」');
      await page.fill('#login', citizen.mobile);
      await page.fill('#password', citizen.password);
      await page.click('button:has-text("登录")');
      await page.waitForSelector('text=申请获取您的信息');
      for (const name of ['手机号码', '真实姓名', '证件类型', '实名状态', '用途：完成您发起的召车、订票或移车请求']) assert.ok(await page.isVisible(`text=${name}`), name);
      await page.check('input[value="id_number"]'); // LAW-1: the sensitive field only with its own tick
      await page.click('button:has-text("同意并继续")');
      await page.waitForSelector('#welcome');
      assert.equal(await page.textContent('#acr'), 'urn:nt:loa:1');
      const shown = await page.$$eval('#claims td', (tds) => Object.fromEntries(tds.map((td) => [td.getAttribute('data-claim'), td.textContent])));
      assert.equal(shown.phone_number, citizen.mobile, 'the mobile bound at registration');
      assert.equal(shown.id_number, undefined, 'no real-name verification yet: no identity is invented');
      assert.ok(shown.sub && !shown.sub.includes(citizen.accountId), 'a pairwise subject');
      const provisions = await platform.kernel.sharing.provisionsOf(platform.database.db, citizen.accountId);
      assert.equal(provisions.length, 1, 'the release is in the sharing ledger');
    } catch (err) {
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS, `oidc-${t.name.slice(0, 40).replace(/\W+/g, '-')}.png`) }).catch(() => {});
      throw err;
    }
  });

  it('PP-4.5 cancelling the unified account (rights centre, after SMS step-up) signs the app out by back-channel logout', async () => {
    const seen = (await platform.database.db.selectFrom('sms_sandbox_messages').select('id').where('mobile', '=', citizen.mobile).execute()).length;
    const { json: issued } = await api('/api/v1/identity/step-up/code', {}, citizen.sid);
    await api('/api/v1/identity/step-up', { method: 'sms', challengeId: issued.challengeId, code: await codeFor(citizen.mobile, seen) }, citizen.sid);
    await api('/api/v1/rights/cancellation', { mode: 'identity', confirm: true }, citizen.sid);
    assert.equal(app.loggedOut.length, 1);
    await page.goto(`${app.url}/`);
    assert.ok(await page.isVisible('text=您尚未登录'));
  });
});
