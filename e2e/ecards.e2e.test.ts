// End to end in Chromium (PP-1.16 电子卡证): a signed-in citizen opens 我的 → 电子卡证, agrees to the ecard-reminders
// consent sheet, adds an 电子驾驶证 (number and validity only), sees the masked number and the counter QR code, reveals
// the full number through the SMS step-up sheet, and removes the card. The server runs in this process (main.ts
// start()) so the test can read the SMS sandbox and count card rows.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { ROOT, SKIP, RESULTS, freePort, launchChromium, assertChromium } from './support/browser.ts';
import { buildWeb } from '../scripts/build-web.ts';
import { start, type Platform } from '../server/src/main.ts';

describe('e-cards (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false, timeout: 600_000 }, () => {
  let platform: Platform;
  let browser: Browser;
  let base = '';
  let dataDir = '';

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'ntbt-e2e-ecards-'));
    platform = await start({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn', PUBLIC_URL: base });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const cardRows = async () => Number((await sql<{ n: string }>`select count(*) as n from ecards`.execute(platform.database.db)).rows[0]!.n);
  const smsCount = async (mobile: string) => (await platform.database.db.selectFrom('sms_sandbox_messages').select('body').where('mobile', '=', mobile).execute()).length;

  async function codeFor(mobile: string, timeoutMs = 150_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const rows = await platform.database.db.selectFrom('sms_sandbox_messages').select('body').where('mobile', '=', mobile).orderBy('sent_at').execute();
      const codes = rows.map((r) => r.body.match(/验证码是(\d{6})/)?.[1]).filter((c): c is string => !!c);
      if (codes.length) return codes.at(-1)!;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`no code reached ${mobile.slice(0, 3)}… within ${timeoutMs} ms`);
  }

  async function withPage(name: string, body: (page: Page) => Promise<void>) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      // the browser also logs the expected 403 of the reveal; unexpected 403s are caught by the response listener
      if (m.type() === 'error' && !m.text().includes('status of 403')) errors.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      if (r.status() === 403 && new URL(r.url()).pathname.endsWith('/reveal')) return;
      if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
    });
    try {
      await body(page);
      assert.deepEqual(errors, [], 'the page logged errors');
    } catch (err) {
      mkdirSync(RESULTS, { recursive: true });
      const file = path.join(RESULTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
      if (err instanceof Error) err.message += `\n(screenshot: ${path.relative(ROOT, file)}; page errors: ${JSON.stringify(errors)})`;
      throw err;
    } finally {
      await context.close();
    }
  }

  async function acceptPolicySheet(page: Page) {
    const agree = page.getByTestId('policy-agree');
    if (await agree.waitFor({ timeout: 5000 }).then(() => true, () => false)) await agree.click();
  }

  it('PP-1.16 a citizen adds an 电子驾驶证 after the consent sheet, shows its QR code, reveals the number after step-up and removes it', async () => {
    const mobile = '13951230116';
    await withPage('ecards', async (page) => {
      await page.goto(`${base}/me`);
      await acceptPolicySheet(page);
      await page.getByRole('button', { name: '登录 / 注册' }).click();
      await page.getByText('没有帐号？立即注册').click();
      await page.waitForURL((u) => u.pathname === '/register');
      await page.locator('input[aria-label="帐号名称"]').fill('e2e_cards');
      await page.locator('input[aria-label="手机号码"]').fill(mobile);
      await page.getByTestId('send-code').click();
      await page.locator('input[aria-label="短信验证码"]').fill(await codeFor(mobile));
      const registeredSmsAt = Date.now();
      await page.locator('input[aria-label="密码"]').fill('lang shan river cards');
      await page.getByTestId('register-submit').click();
      await page.waitForURL((u) => u.pathname === '/me');

      // 我的 → 电子卡证
      await page.getByText('电子卡证').first().click();
      await page.waitForURL((u) => u.pathname === '/ecards');
      await acceptPolicySheet(page);
      await page.getByText('还没有添加电子卡证').waitFor();
      await page.getByTestId('ecards-add').click();
      const sheet = page.getByTestId('consent-sheet');
      await sheet.waitFor();
      assert.equal(await sheet.getAttribute('data-purpose'), 'ecard-reminders');
      await page.getByTestId('consent-agree').click();
      await page.waitForURL((u) => u.pathname === '/ecards/new');
      await page.getByText('电子驾驶证').click();
      await page.getByTestId('ecards-number').locator('input').fill('320600123456');
      await page.getByTestId('ecards-valid-until').locator('input').fill('2032-01-01');
      await page.getByTestId('ecards-save').click();
      await page.waitForURL((u) => /^\/ecards\/[0-9a-f-]{36}$/.test(u.pathname));
      assert.equal(await page.getByTestId('ecards-number-shown').textContent(), '320*******56');
      assert.equal(await cardRows(), 1);

      // the counter QR code
      await page.getByTestId('ecards-show-qr').click();
      await page.getByTestId('ecards-qr').locator('svg').waitFor();

      // the full number after step-up (SMS code to the bound mobile)
      const before = await smsCount(mobile);
      await page.getByTestId('ecards-reveal').click();
      const stepUp = page.getByTestId('step-up-sheet');
      await stepUp.waitFor();
      // the sandbox, like a carrier, takes one SMS a minute per number: wait a minute after the registration code
      await new Promise((r) => setTimeout(r, Math.max(0, 62_000 - (Date.now() - registeredSmsAt))));
      await stepUp.getByRole('button', { name: '获取验证码' }).click();
      const deadline = Date.now() + 60_000;
      while ((await smsCount(mobile)) <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
      await stepUp.locator('input[aria-label="短信验证码"]').fill(await codeFor(mobile));
      await stepUp.getByRole('button', { name: '确定' }).click();
      await page.getByTestId('ecards-number-shown').filter({ hasText: '320600123456' }).waitFor();

      // remove
      await page.getByTestId('ecards-remove').click();
      // the confirm dialog's button — not the (hidden) step-up sheet's 确定, which may come later in the DOM
      await page.locator('.adm-dialog').getByRole('button', { name: '确定' }).click();
      await page.waitForURL((u) => u.pathname === '/ecards');
      await page.getByText('还没有添加电子卡证').waitFor();
      assert.equal(await cardRows(), 0);
    });
  });
});
