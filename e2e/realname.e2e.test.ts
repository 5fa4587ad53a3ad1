// End to end: real-name verification in a real Chromium with its fake camera (--use-fake-device-for-media-stream
// --use-fake-ui-for-media-stream). The server is composed in this process exactly as main.ts composes it, on an
// in-memory database, with the test authenticator: the browser context carries `x-test-citizen`, so the flow is
// covered independently of the identity module's sign-in (issue #4 §10: ID + face verification, bank card, guardian).
// Fails — not skips — when Chromium is missing, unless E2E_SKIP=1. On failure a screenshot goes to test-results/.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb } from '../scripts/build-web.ts';
import { compose, type Platform } from '../server/src/main.ts';
import { loadConfig } from '../server/src/platform/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { createLogger } from '../server/src/platform/logger.ts';
import { testAuthenticator } from '../server/test/support/auth.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SKIP = process.env.E2E_SKIP === '1';
const RESULTS = path.join(ROOT, 'test-results');
// Account ids are uuids, as identity issues them.
const ZHANG = randomUUID();
const CHILD = randomUUID();

describe('real-name verification (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false }, () => {
  let platform: Platform;
  let browser: Browser;
  let base = '';
  let dataDir = '';

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set E2E_SKIP=1`);
    await buildWeb({ quiet: true }); // no-op when web/dist is fresh
    dataDir = mkdtempSync(path.join(tmpdir(), 'ntbt-e2e-rn-'));
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false' }, dataDir);
    const database = await openDatabase({});
    await migrate(database);
    platform = await compose({
      config,
      database,
      logger: createLogger({ level: 'warn' }),
      jobs: { start: true, work: false },
      webRoot: path.join(ROOT, 'web', 'dist'),
      authenticator: testAuthenticator,
    });
    base = await platform.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        // a synthetic camera (moving test pattern) and automatic permission grant: the page still has to ask
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await platform?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** A browser context signed in as `accountId` (test authenticator header); page errors fail the test. */
  async function asCitizen(accountId: string, name: string, body: (page: Page) => Promise<void>, allowedHttpErrors: RegExp[] = []) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', extraHTTPHeaders: { 'x-test-citizen': accountId } });
    // Records every camera stream the page opens, to check it is opened only after consent and closed afterwards.
    await context.addInitScript(() => {
      const original = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
      if (!original) return;
      (window as any).__cameraTracks = [];
      navigator.mediaDevices.getUserMedia = async (c) => {
        const stream = await original(c);
        (window as any).__cameraTracks.push(...stream.getTracks());
        return stream;
      };
    });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      const p = new URL(r.url()).pathname;
      // identity's own session endpoint knows nothing of the test authenticator: its 401 is expected here
      const allowed = [/^401 \/api\/v1\/identity\//, ...allowedHttpErrors];
      if (r.status() >= 400 && !allowed.some((re) => re.test(`${r.status()} ${p}`))) errors.push(`HTTP ${r.status()} ${p}`);
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

  /** The first-use privacy policy sheet (PP-0.1), if it shows, is accepted so that it does not cover the page. */
  async function acceptPolicyIfAsked(page: Page) {
    const agree = page.getByTestId('policy-agree');
    const shown = await agree.waitFor({ timeout: 3000 }).then(() => true, () => false);
    if (shown) await agree.click();
  }

  async function fillIdentity(page: Page, realName: string, idNumber: string) {
    await page.getByTestId('rn-name').locator('input').fill(realName);
    await page.getByTestId('rn-id').locator('input').fill(idNumber);
  }

  it('PP-1.5 LAW-1 LAW-10 我的 → 实名认证: a wrong check character is refused in Chinese; then face verification with the camera after separate consent', async () => {
    await asCitizen(ZHANG, 'realname-face', async (page) => {
      await page.goto(`${base}/me`);
      await acceptPolicyIfAsked(page);
      await page.getByText('实名认证', { exact: true }).first().click();
      assert.equal(new URL(page.url()).pathname, '/me/realname');
      await page.getByTestId('rn-level').getByText('未实名').waitFor();

      // ID check with a mistyped last character: the consent sheet comes first (separate consent, LAW-1) …
      await page.getByTestId('rn-route-id').click();
      await fillIdentity(page, '张三', '320602199001011234');
      await page.getByTestId('rn-submit').click();
      const sheet = page.getByTestId('realname-consent');
      await sheet.waitFor();
      assert.equal(await sheet.getAttribute('data-purpose'), 'real-name-face');
      await sheet.getByText('人脸照片核验后立即删除').waitFor();
      assert.ok(await page.getByTestId('realname-agree').isDisabled(), '同意 needs the separate tick first');
      assert.deepEqual(await page.evaluate(() => (window as any).__cameraTracks.length), 0, 'no camera before consent');
      await page.getByTestId('realname-separate').click();
      await page.getByTestId('realname-agree').click();
      // … and the server's local validation answers with the precise reason
      const result = page.getByTestId('rn-result');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-problem'), 'id-number-invalid');
      await result.getByText('校验位不正确').waitFor();

      // Face: no second consent sheet (already consented), camera only now, three prompted actions
      await page.goto(`${base}/me/realname/face`);
      await fillIdentity(page, '张三', '32060219900101123X');
      await page.getByTestId('rn-next').click();
      await page.getByTestId('rn-start-camera').click();
      await page.getByTestId('rn-prompt').getByText('请眨眨眼').waitFor();
      await page.getByTestId('rn-prompt').getByText('请张张嘴').waitFor();
      await page.getByTestId('rn-prompt').getByText('请缓慢摇头').waitFor();
      await result.waitFor();
      assert.equal(await result.getAttribute('data-ok'), 'true', (await result.textContent()) ?? '');
      await result.getByText('已实名(扫脸认证)').waitFor();
      const camera = await page.evaluate(() => (window as any).__cameraTracks?.map((t: MediaStreamTrack) => t.readyState));
      assert.deepEqual(camera, ['ended'], 'the camera was opened once, and closed after the capture');

      await page.getByText('返回实名认证').click();
      await page.getByTestId('rn-level').getByText('已实名(扫脸认证)').waitFor();
      await page.getByTestId('rn-id-shown').getByText('3206**********123X').waitFor();
      assert.equal(await page.getByTestId('rn-face-login-switch').getAttribute('aria-checked'), 'true', 'face login on');
    }, [/^422 \/api\/v1\/realname\/id-check$/]);
  });

  it('PP-1.6 LAW-1 the bank-card route asks for its own separate consent and keeps only the last four digits', async () => {
    await asCitizen(ZHANG, 'realname-card', async (page) => {
      await page.goto(`${base}/me/realname/card`);
      await acceptPolicyIfAsked(page);
      await fillIdentity(page, '张三', '32060219900101123X');
      await page.getByTestId('rn-card').locator('input').fill('6222 0212 3456 7890 128');
      await page.getByTestId('rn-mobile').locator('input').fill('13812340001');
      await page.getByTestId('rn-submit').click();
      const sheet = page.getByTestId('realname-consent');
      await sheet.waitFor();
      assert.equal(await sheet.getAttribute('data-purpose'), 'real-name-bank-card');
      await page.getByTestId('realname-separate').click();
      await page.getByTestId('realname-agree').click();
      const result = page.getByTestId('rn-result');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-ok'), 'true', (await result.textContent()) ?? '');
      await page.getByText('返回实名认证').click();
      await page.getByText('已认证银行卡：尾号0128').waitFor();
    });
  });

  it('PP-5.1 LAW-2 a child creates a code, a verified adult links as guardian and sees the child\u2019s consents', async () => {
    let code = '';
    await asCitizen(CHILD, 'realname-child', async (page) => {
      await page.goto(`${base}/me/guardian`);
      await acceptPolicyIfAsked(page);
      await page.getByTestId('guardian-make-code').click();
      code = ((await page.getByTestId('guardian-code').textContent()) ?? '').slice(0, 8);
      assert.match(code, /^\d{8}$/);
    });
    await asCitizen(ZHANG, 'realname-guardian', async (page) => {
      await page.goto(`${base}/me/guardian`);
      await acceptPolicyIfAsked(page);
      await page.getByTestId('guardian-code-input').locator('input').fill(code);
      const linked = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/realname/wards' && r.request().method() === 'POST');
      await page.getByTestId('guardian-link').click();
      const res = await linked;
      assert.equal(res.status(), 201, await res.text());
      await page.getByText('(尚未实名)').click();
      await page.getByTestId('ward-consent-real-name-face').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="ward-consent-real-name-face"]')?.getAttribute('aria-checked') === 'true');
    });
    await asCitizen(CHILD, 'realname-child-verified', async (page) => {
      await page.goto(`${base}/me/realname/id`);
      await fillIdentity(page, '周小红', '320602201406010024');
      await page.getByTestId('rn-submit').click();
      const result = page.getByTestId('rn-result');
      await result.waitFor();
      assert.equal(await result.getAttribute('data-ok'), 'true', (await result.textContent()) ?? '');
      await result.getByText('您未满14周岁').waitFor();
    });
  });
});
