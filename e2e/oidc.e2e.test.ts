// End to end: a real relying party (examples/city-app, openid-client v6) signs a citizen in through 南通市统一身份认证平台
// in Chromium — the provider's own zh-CN sign-in and consent screens (with the separate tick for a sensitive field,
// LAW-1), back to the app which shows exactly the claims of its sharing category (PP-2.3); cancelling the unified
// account (PP-4.5 b) signs the app out by back-channel logout. The provider runs in-process on PGlite with a stand-in
// accounts port (the identity module's password check is not exposed to the provider yet). Fails — not skips — when
// Chromium is missing, unless E2E_SKIP=1.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openDatabase, type Database } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { fakeAccounts, freePort, startProvider, type RunningProvider } from '../server/test/oidc/support.ts';
import { startCityApp } from '../examples/city-app/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SKIP = process.env.E2E_SKIP === '1';
const RESULTS = path.join(ROOT, 'test-results');

const citizen = {
  accountId: randomUUID(),
  login: '13800138000',
  password: 'Nantong-2026!',
  claims: { mobile: '13800138000', realName: '张三', idNumber: '320602199001011234', idType: '居民身份证', realNameStatus: 'L2' },
};

describe('unified identity: a city app signs in through the provider (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false }, () => {
  let database: Database;
  let provider: RunningProvider;
  let app: Awaited<ReturnType<typeof startCityApp>>;
  let browser: Browser;
  let page: Page;

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set E2E_SKIP=1`);
    database = await openDatabase({});
    await migrate(database);
    provider = await startProvider(database, fakeAccounts([citizen]));
    const port = await freePort();
    const { client, clientSecret } = await provider.oidcModule.clients.register(
      {
        name: '一键召车', organisation: '出租汽车/网约车服务提供方(演示)', categories: ['transport'],
        redirectUris: [`http://localhost:${port}/callback`], postLogoutRedirectUris: [`http://localhost:${port}/`],
        backchannelLogoutUri: `http://localhost:${port}/backchannel-logout`, contact: 'taxi@partners.example',
      },
      { kind: 'system', ref: 'e2e' },
    );
    app = await startCityApp({ issuer: provider.issuer, clientId: client.client_id, clientSecret, port, scope: 'openid nt:transport', title: '一键召车' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ locale: 'zh-CN' });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
    await provider?.close();
    await database?.close();
  });

  it('PP-2.3 LAW-1 signs in with code + PKCE through the zh-CN screens and the app shows exactly its category\u2019s fields', async (t) => {
    try {
      await page.goto(`${app.url}/`);
      await page.click('#login');
      await page.waitForSelector('text=登录以继续使用「一键召车」');
      await page.fill('#login', citizen.login);
      await page.fill('#password', citizen.password);
      await page.click('button:has-text("登录")');
      await page.waitForSelector('text=申请获取您的信息');
      for (const name of ['手机号码', '真实姓名', '证件类型', '实名状态', '用途：完成您发起的召车、订票或移车请求']) assert.ok(await page.isVisible(`text=${name}`), name);
      await page.check('input[value="id_number"]'); // LAW-1: the sensitive field only with its own tick
      await page.click('button:has-text("同意并继续")');
      await page.waitForSelector('#welcome');
      assert.equal(await page.textContent('#acr'), 'urn:nt:loa:1');
      const shown = await page.$$eval('#claims td', (tds) => Object.fromEntries(tds.map((td) => [td.getAttribute('data-claim'), td.textContent])));
      assert.equal(shown.phone_number, '13800138000');
      assert.equal(shown.name, '张三');
      assert.equal(shown.id_number, '320602199001011234');
      assert.equal(shown.real_name_status, 'L2');
      assert.ok(shown.sub && !shown.sub.includes(citizen.accountId), 'a pairwise subject');
      const provisions = await provider.sharing.provisionsOf(database.db, citizen.accountId);
      assert.equal(provisions.length, 1, 'the release is in the sharing ledger');
    } catch (err) {
      mkdirSync(RESULTS, { recursive: true });
      await page.screenshot({ path: path.join(RESULTS, `oidc-${t.name.slice(0, 40).replace(/\W+/g, '-')}.png`) }).catch(() => {});
      throw err;
    }
  });

  it('PP-4.5 cancelling the unified account signs the app out by back-channel logout', async () => {
    const result = await provider.oidcModule.revokeAccount(citizen.accountId);
    assert.deepEqual(result.clients.map((c) => c.backchannel), ['delivered']);
    assert.equal(app.loggedOut.length, 1);
    await page.goto(`${app.url}/`);
    assert.ok(await page.isVisible('text=您尚未登录'));
  });
});
