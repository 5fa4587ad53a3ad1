// End to end in Chromium (issue #6): a citizen registers, sees 用户资料, exports a ZIP (opened, JSON checked), deletes
// one search entry, asks for deletion of everything; the privacy officer (demo staff `privacy`) fulfils it in the
// console; the citizen cancels mode (a) and still signs in, then mode (b): sign-in fails and the number registers anew.
// The server runs in this process (main.ts start()) so the test reads the SMS sandbox from its database.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ROOT, SKIP, RESULTS, freePort, launchChromium, assertChromium } from './support/browser.ts';
import { generateSync } from 'otplib';
import { strFromU8, unzipSync } from 'fflate';
import { buildWeb } from '../scripts/build-web.ts';
import { start, type Platform } from '../server/src/main.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from '../server/src/modules/staff/index.ts';

const CSRF = { 'x-ntbt-csrf': '1' };

describe('rights centre (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false, timeout: 600_000 }, () => {
  let platform: Platform;
  let browser: Browser;
  let base = '';
  let dataDir = '';

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'ntbt-e2e-rights-'));
    platform = await start({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn', PUBLIC_URL: base, SEED_DEMO_DATA: 'true' });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function codeFor(mobile: string, seen: number, timeoutMs = 90_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const rows = await platform.database.db.selectFrom('sms_sandbox_messages').select('body').where('mobile', '=', mobile).orderBy('sent_at').execute();
      const codes = rows.map((r) => r.body.match(/验证码是(\d{6})/)?.[1]).filter((c): c is string => !!c);
      if (codes.length > seen) return codes.at(-1)!;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`no code reached ${mobile.slice(0, 3)}… within ${timeoutMs} ms`);
  }

  async function acceptPolicyIfAsked(page: Page) {
    const agree = page.getByTestId('policy-agree');
    if (await agree.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
      await agree.click();
      await agree.waitFor({ state: 'hidden' });
    }
  }

  async function shot(page: Page, name: string, err: unknown) {
    mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    if (err instanceof Error) err.message += `\n(screenshot: ${path.relative(ROOT, file)})`;
    return err;
  }

  it('PP-4.1 LAW-5 PP-4.3 PP-4.5 用户资料 → export → delete one entry → request everything → officer fulfils → cancel (a) then (b)', async () => {
    const mobile = '13951236601';
    const name = 'e2e_rights';
    const password = 'lang shan river wind';
    const citizen = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', acceptDownloads: true });
    const page = await citizen.newPage();
    page.setDefaultTimeout(20_000);
    try {
      // register
      await page.goto(`${base}/me`);
      await acceptPolicyIfAsked(page);
      await page.getByRole('button', { name: '登录 / 注册' }).click();
      await page.getByText('没有帐号？立即注册').click();
      await page.locator('input[aria-label="帐号名称"]').fill(name);
      await page.locator('input[aria-label="手机号码"]').fill(mobile);
      await page.getByTestId('send-code').click();
      await page.locator('input[aria-label="短信验证码"]').fill(await codeFor(mobile, 0));
      const firstSmsAt = Date.now();
      await page.locator('input[aria-label="密码"]').fill(password);
      await page.getByTestId('register-submit').click();
      await page.waitForURL((u) => u.pathname === '/me');
      await acceptPolicyIfAsked(page);

      // two search entries under the search-history consent (through the same session)
      assert.equal((await page.request.post(`${base}/api/v1/privacy/consents`, { headers: CSRF, data: { purposeId: 'search-history' } })).status() < 300, true);
      for (const q of ['公积金', '社保']) assert.equal((await page.request.get(`${base}/api/v1/search?q=${encodeURIComponent(q)}`)).status(), 200);

      // 用户资料
      await page.goto(`${base}/me/data`);
      await acceptPolicyIfAsked(page);
      await page.getByTestId('rights-profile').waitFor();
      await page.getByTestId('rights-group-search-history').getByText('公积金').waitFor();

      // export: progress, then the link; the ZIP holds the JSON
      await page.getByTestId('rights-export-start').click();
      const link = page.getByTestId('rights-export-download');
      await link.waitFor({ timeout: 60_000 });
      const zip = await page.request.get(`${base}${await link.getAttribute('href')}`);
      assert.equal(zip.status(), 200);
      const files = unzipSync(new Uint8Array(await zip.body()));
      const data = JSON.parse(strFromU8(files['data.json']!));
      assert.equal(data.format, 'ntbt-pi-export/1');
      assert.ok(JSON.stringify(data).includes('公积金'));
      assert.ok(files['index.html']);

      // delete one search entry at once
      const before = await page.getByTestId('rights-delete-search_history').count();
      await page.getByTestId('rights-delete-search_history').first().click();
      await page.getByRole('button', { name: '确定' }).click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="rights-delete-search_history"]').length < n, before);

      // ask for deletion of everything: the live deadline shows
      await page.getByTestId('rights-request-all').click();
      await page.getByRole('button', { name: '确定' }).click();
      await page.getByTestId('rights-request').getByText(/办理期限/).waitFor();

      // the privacy officer fulfils it in the console
      const staff = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
      const console_ = await staff.newPage();
      console_.setDefaultTimeout(20_000);
      try {
        const secret = DEMO_STAFF.find((d) => d.loginName === 'privacy')!.totpSecret;
        await console_.goto(`${base}/console/`);
        await console_.getByLabel('账号').fill('privacy');
        await console_.getByLabel('密码').fill(DEMO_PASSWORD);
        await console_.getByLabel('动态验证码').fill(generateSync({ secret }));
        await console_.getByRole('button', { name: /^登\s*录$/ }).click();
        await console_.getByTestId('staff-name').waitFor();
        await console_.goto(`${base}/console/app/rights/queue`);
        await console_.getByTestId('rights-fulfil').first().click();
        await console_.getByTestId('rights-receipt').getByText('search_history').waitFor();
      } catch (err) {
        throw await shot(console_, 'rights-console', err);
      } finally {
        await staff.close();
      }
      await page.reload();
      await acceptPolicyIfAsked(page);
      await page.getByTestId('rights-request').getByText('已完成').waitFor();
      const notified = await platform.database.db.selectFrom('notification_outbox').select('template').where('template', '=', 'rights-request-handled').execute();
      assert.ok(notified.length >= 1, 'the citizen is told');

      // cancellation mode (a): step-up by SMS, then the identity account still signs in
      await page.goto(`${base}/me/security/cancel`);
      await acceptPolicyIfAsked(page); // deleting everything included the policy acceptance: the app asks again
      await page.getByTestId('rights-cancel').waitFor();
      await page.getByTestId('rights-cancel-confirm').click();
      await page.getByRole('button', { name: '确定' }).click();
      const sheet = page.getByTestId('step-up-sheet');
      await sheet.waitFor();
      // the sandbox, like a carrier, takes one SMS a minute per number: wait for the 删除申请已处理 SMS, then a minute
      let lastSms = firstSmsAt;
      for (let i = 0; i < 120; i++) {
        const told = await platform.database.db.selectFrom('sms_sandbox_messages').select('sent_at').where('mobile', '=', mobile).where('body', 'like', '%删除申请已处理%').executeTakeFirst();
        if (told) {
          lastSms = new Date(told.sent_at).getTime();
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, Math.max(0, 62_000 - (Date.now() - lastSms))));
      await sheet.getByRole('button', { name: '获取验证码' }).click();
      await sheet.locator('input[aria-label="短信验证码"]').fill(await codeFor(mobile, 1));
      await sheet.getByRole('button', { name: '确定' }).click();
      await page.getByTestId('rights-cancelled').waitFor();
      const loginA = await fetch(`${base}/api/v1/identity/login/password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: mobile, password }) });
      assert.equal(loginA.status, 200, 'mode (a): the unified identity account still signs in');
      const session = await (await page.request.get(`${base}/api/v1/identity/session`)).json();
      const left = await platform.database.db.selectFrom('search_history').select('id').where('account_id', '=', session.account.accountId).execute();
      assert.equal(left.length, 0, 'mode (a): the app data is gone');

      // mode (b): the same session's step-up is still fresh
      await page.goto(`${base}/me/security/cancel`);
      await acceptPolicyIfAsked(page);
      await page.getByTestId('rights-mode-identity').click();
      await page.getByTestId('rights-cancel-confirm').click();
      await page.getByRole('button', { name: '确定' }).click();
      await page.waitForURL((u) => u.pathname === '/me');
      const loginB = await fetch(`${base}/api/v1/identity/login/password`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: mobile, password }) });
      assert.notEqual(loginB.status, 200, 'mode (b): sign-in fails');
      const code = await fetch(`${base}/api/v1/identity/codes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mobile, purpose: 'registration' }) });
      assert.equal(code.status, 200, 'the number may register anew');
    } catch (err) {
      throw await shot(page, 'rights-citizen', err);
    } finally {
      await citizen.close();
    }
  });
});
