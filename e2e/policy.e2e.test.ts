// End to end (issue #5): the real server and built apps in Chromium. A first visit shows the policy sheet; 不同意 keeps
// browsing and creates nothing; 同意 records the device's consent; a location feature asks its purpose consent (with the
// separate consent for sensitive PI) and only then the browser's location permission; the privacy officer publishes a
// major change in the console; the citizen sees the pop-up listing the changes and a red dot; the changed purpose is
// refused until consent is given again while an unchanged one keeps working; withdrawing in 隐私设置 stops it.
// The citizen is an anonymous device (consents per x-device-id): citizen sign-in is covered by the identity tests.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, SKIP, RESULTS, freePort, launchChromium, assertChromium } from './support/browser.ts';
import { generateSync } from 'otplib';
import { buildWeb } from '../scripts/build-web.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from '../server/src/modules/staff/index.ts';

async function waitForHealth(url: string, server: ChildProcess, output: () => string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode} before becoming healthy:\n${output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not healthy within ${timeoutMs} ms:\n${output()}`);
}

describe('privacy policy lifecycle (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false }, () => {
  let server: ChildProcess;
  let browser: Browser;
  let citizen: BrowserContext;
  let base = '';
  let dataDir = '';
  let serverOutput = '';

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    const port = await freePort();
    base = `http://localhost:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'ntbt-e2e-policy-'));
    server = spawn(process.execPath, [path.join(ROOT, 'server/src/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, DATA_DIR: dataDir, NODE_ENV: 'test', SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (b: Buffer) => {
      serverOutput = (serverOutput + b.toString('utf8')).slice(-20_000);
    };
    server.stdout!.on('data', collect);
    server.stderr!.on('data', collect);
    await waitForHealth(`http://127.0.0.1:${port}`, server, () => serverOutput);
    browser = await launchChromium();
    // One citizen browser for the whole story; the location permission is granted by the "user" when the page asks.
    citizen = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', geolocation: { latitude: 32.0, longitude: 120.86 }, permissions: ['geolocation'] });
    // Record when the page asks the browser for the location, to prove it is only after the purpose consent.
    await citizen.addInitScript(() => {
      const w = window as unknown as { __geoCalls: number };
      w.__geoCalls = Number(sessionStorage.getItem('__geoCalls') ?? 0);
      const orig = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
      navigator.geolocation.getCurrentPosition = (ok, err, opts) => {
        w.__geoCalls++;
        sessionStorage.setItem('__geoCalls', String(w.__geoCalls));
        return orig(ok, err, opts);
      };
    });
  });

  after(async () => {
    await citizen?.close();
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function step(name: string, context: BrowserContext, body: (page: Page) => Promise<void>) {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
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
      await page.close();
    }
  }

  const deviceId = (page: Page) => page.evaluate(() => localStorage.getItem('ntbt.device-id'));
  const status = (page: Page) =>
    page.evaluate(async () => {
      const id = localStorage.getItem('ntbt.device-id');
      const r = await fetch('/api/v1/privacy/policy/status', { headers: id ? { 'x-device-id': id } : {} });
      return r.json();
    });
  const purposeItem = (page: Page, id: string) => page.locator(`[data-testid="privacy-settings"] [data-purpose="${id}"]`);
  const effective = (page: Page, id: string) => purposeItem(page, id).getAttribute('data-effective');
  async function waitEffective(page: Page, id: string, want: 'yes' | 'no') {
    await page.waitForFunction(([sel, v]) => document.querySelector(sel!)?.getAttribute('data-effective') === v, [`[data-testid="privacy-settings"] [data-purpose="${id}"]`, want] as const);
  }

  it('PP-0.1 PP-1.1 first visit: the policy sheet with the version in force; 不同意 still browses and nothing is collected; the next visit asks again and 同意 records the device consent', async () => {
    await step('policy-first-visit', citizen, async (page) => {
      await page.goto(`${base}/`);
      await page.getByTestId('policy-first-use').waitFor();
      assert.match(await page.getByTestId('policy-first-version').innerText(), /第1版/);
      await page.getByTestId('policy-decline').click();
      await page.getByTestId('policy-first-use').waitFor({ state: 'detached' });
      await page.getByText('办事', { exact: true }).click(); // PP-1.1: browsing goes on
      assert.equal(new URL(page.url()).pathname, '/services');
      assert.equal(await deviceId(page), null, 'no device id before 同意');
    });
    await step('policy-first-agree', citizen, async (page) => {
      await page.goto(`${base}/`);
      await page.getByTestId('policy-first-use').waitFor();
      await page.getByTestId('policy-agree').click();
      await page.getByTestId('policy-first-use').waitFor({ state: 'detached' });
      assert.match((await deviceId(page)) ?? '', /^d-[0-9a-f]{36}$/);
      const s = await status(page);
      assert.equal(s.accepted, true);
      assert.equal(s.version, 1);
    });
  });

  it('PP-1.4 PP-1.12 LAW-1 a location feature asks its purpose consent with the separate consent first, and the browser permission only after 同意', async () => {
    await step('policy-location-consent', citizen, async (page) => {
      await page.goto(`${base}/privacy/settings`);
      await purposeItem(page, 'location-services').waitFor();
      assert.equal(await effective(page, 'location-services'), 'no');
      await page.getByTestId('grant-location-services').click();
      const sheet = page.getByTestId('consent-sheet');
      await sheet.waitFor();
      assert.equal(await sheet.getAttribute('data-purpose'), 'location-services');
      await sheet.getByText('精确位置信息').first().waitFor();
      await page.getByTestId('separate-consent').waitFor();
      assert.ok(await page.getByTestId('consent-agree').isDisabled(), 'separate consent must be ticked first');
      assert.equal(await page.evaluate(() => (window as any).__geoCalls), 0, 'no location request before consent');
      await page.getByTestId('separate-check').click();
      await page.getByTestId('consent-agree').click();
      await waitEffective(page, 'location-services', 'yes');
      assert.equal(await page.evaluate(() => (window as any).__geoCalls), 1, 'the location permission is asked right after the consent');
      // an unchanged purpose, to show it keeps working after the policy change
      await page.getByTestId('grant-usage-statistics').click();
      await page.getByTestId('consent-agree').click();
      await waitEffective(page, 'usage-statistics', 'yes');
    });
  });

  it('PP-6.2 the privacy officer previews a major change with its diff and publishes it in the console', async () => {
    const staff = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    try {
      await step('policy-console-publish', staff, async (page) => {
        await page.goto(`${base}/console/`);
        await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
        await page.getByLabel('账号').fill('privacy');
        await page.getByLabel('密码').fill(DEMO_PASSWORD);
        await page.getByLabel('动态验证码').fill(generateSync({ secret: DEMO_STAFF.find((d) => d.loginName === 'privacy')!.totpSecret }));
        await page.getByRole('button', { name: /^登\s*录$/ }).click();
        await page.getByTestId('staff-name').waitFor();
        // PP-6.2 item 1: the manner of use of location changed — declared by the publisher (the inventory cannot show it)
        const saved = await page.evaluate(async () =>
          (await fetch('/api/v1/privacy/policy/draft', { method: 'PUT', headers: { 'content-type': 'application/json', 'x-ntbt-csrf': '1' }, body: JSON.stringify({ declaredPurposes: ['location-services'] }) })).status,
        );
        assert.equal(saved, 200);
        await page.goto(`${base}/console/app/privacy/policy`);
        const card = page.getByTestId('policy-classification');
        await card.waitFor();
        assert.equal(await card.getAttribute('data-classification'), 'major');
        await card.getByText('定位服务(天气、周边地图、区县专区、一键召车)”的个人信息使用方式发生变化').waitFor();
        await page.getByTestId('policy-preview').getByText('南通百通隐私政策').first().waitFor();
        await page.getByTestId('publish').click();
        await page.getByRole('button', { name: /^(确\s*定|OK)$/ }).click();
        await page.getByText('已发布第2版').waitFor();
      });
    } finally {
      await staff.close();
    }
  });

  it('PP-6.1 the citizen sees the pop-up with the changes and a red dot; the changed purpose is refused until re-consent, the unchanged one works; withdrawal stops it (PP-4.4)', async () => {
    await step('policy-reconsent', citizen, async (page) => {
      await page.goto(`${base}/`);
      const popup = page.getByTestId('policy-update');
      await popup.waitFor();
      assert.equal(await popup.getAttribute('data-kind'), 'major');
      await popup.getByText('个人信息使用方式发生变化').waitFor();
      await page.getByTestId('policy-reconsent').getByText('定位服务').waitFor();
      await page.getByTestId('policy-decline').click(); // 暂不同意: browsing goes on
      await popup.waitFor({ state: 'detached' });
      await page.getByText('我的', { exact: true }).click();
      await page.locator('.adm-list-item', { hasText: '隐私政策' }).locator('.adm-badge-dot').waitFor(); // the red dot

      const s = await status(page);
      assert.equal(s.version, 2);
      assert.equal(s.read, false);
      assert.deepEqual(s.reconsent, ['location-services']);

      await page.goto(`${base}/privacy/settings`);
      await waitEffective(page, 'usage-statistics', 'yes'); // unchanged terms: still effective
      await waitEffective(page, 'location-services', 'no'); // changed terms: refused until re-consent
      await purposeItem(page, 'location-services').getByText('需重新授权').waitFor();
    });
    await step('policy-reconsent-agree', citizen, async (page) => {
      await page.goto(`${base}/`);
      await page.getByTestId('policy-update').waitFor();
      await page.getByTestId('policy-agree').click();
      await page.getByTestId('policy-update').waitFor({ state: 'detached' });
      await page.getByText('我的', { exact: true }).click();
      await page.locator('.adm-list-item', { hasText: '隐私政策' }).waitFor();
      assert.equal(await page.locator('.adm-list-item', { hasText: '隐私政策' }).locator('.adm-badge-dot').count(), 0, 'the red dot is gone once agreed');

      await page.goto(`${base}/privacy/settings`);
      await page.getByTestId('grant-location-services').click();
      await page.getByTestId('separate-check').click();
      await page.getByTestId('consent-agree').click();
      await waitEffective(page, 'location-services', 'yes');

      await page.getByTestId('withdraw-location-services').click();
      await page.getByTestId('withdraw-effect').getByText('将立即停止处理您的精确位置信息').waitFor(); // PP-4.4: effect before confirming
      await page.getByRole('button', { name: '确认撤回' }).click();
      await waitEffective(page, 'location-services', 'no');
      const consents = await page.evaluate(async () => {
        const r = await fetch('/api/v1/privacy/device-consents', { headers: { 'x-device-id': localStorage.getItem('ntbt.device-id')! } });
        return (await r.json()).items as { purposeId: string; effective: boolean; latest: { granted: boolean } | null }[];
      });
      const loc = consents.find((c) => c.purposeId === 'location-services')!;
      assert.equal(loc.effective, false);
      assert.equal(loc.latest?.granted, false);
    });
  });

  it('issue #3 item 7: 我的 offers the collection, sharing and SDK lists, generated from the inventory', async () => {
    await step('policy-lists', citizen, async (page) => {
      await page.goto(`${base}/privacy/collection-list`);
      await page.getByTestId('collection-list').getByText('实名认证·扫脸').waitFor();
      await page.goto(`${base}/privacy/sharing-list`);
      await page.getByTestId('sharing-list').getByText('政务办事类').waitFor();
      await page.goto(`${base}/privacy/sdk-list`);
      await page.getByTestId('sdk-list').getByText('高德地图SDK').waitFor();
      await page.goto(`${base}/privacy/versions/1`);
      assert.equal(await page.getByTestId('policy-version').getAttribute('data-version'), '1');
    });
  });
});
