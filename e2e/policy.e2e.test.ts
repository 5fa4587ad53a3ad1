// End to end (issue #5): the real server and built apps in Chromium. A first visit shows the policy sheet; 不同意 keeps
// browsing and creates nothing; 同意 records the device's consent; a location feature asks its purpose consent (with the
// separate consent for sensitive PI) and only then the browser's location permission; the privacy officer publishes a
// major change in the console; the citizen sees the pop-up listing the changes and a red dot; the changed purpose is
// refused until consent is given again while an unchanged one keeps working; withdrawing in 隐私设置 stops it.
// The citizen is an anonymous device (consents per x-device-id): citizen sign-in is covered by the identity tests.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SKIP, DESKTOP, PHONE, launchChromium, assertChromium, checkPage, watchErrors } from './support/browser.ts';
import { spawnServer, type ServerProcess } from './support/platform.ts';
import { staffSignIn } from './support/staff.ts';
import { buildWeb } from '../scripts/build-web.ts';

describe('privacy policy lifecycle (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false }, () => {
  let server: ServerProcess;
  let browser: Browser;
  let citizen: BrowserContext;
  let base = '';

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    server = await spawnServer('policy', { host: 'localhost', env: { SEED_DEMO_DATA: 'true' } });
    ({ base } = server);
    browser = await launchChromium();
    // One citizen browser for the whole story; the location permission is granted by the "user" when the page asks.
    citizen = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', geolocation: { latitude: 32.0, longitude: 120.86 }, permissions: ['geolocation'] });
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
    await server?.close();
  });

  /** One step of the story in a new page of `context` (the citizen keeps one browser throughout). */
  async function step(name: string, context: BrowserContext, body: (page: Page) => Promise<void>) {
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    try {
      await checkPage(page, name, watchErrors(page, { console: false }), body);
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
    const staff = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    try {
      await step('policy-console-publish', staff, async (page) => {
        await staffSignIn(page, base, 'privacy');
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
        // The confirmation pops up with an animation, and while the page settles it can be seen and then gone before
        // its 确定 is clicked (seen here and on CI: no publish request, the pop-up open again 20 s later). So: open it
        // if it is not open, click its own 确定, and go round until the publish request has been answered.
        const confirm = page.locator('.ant-popconfirm').getByRole('button', { name: /^(确\s*定|OK)$/ });
        let answered = false;
        const publishing = page
          .waitForResponse((r) => r.url().endsWith('/api/v1/privacy/policy/publish') && r.request().method() === 'POST', { timeout: 30_000 })
          .finally(() => (answered = true));
        for (let i = 0; i < 5 && !answered; i++) {
          if (!(await confirm.isVisible())) await page.getByTestId('publish').click();
          await confirm.click({ timeout: 5000 }).catch(() => undefined);
          await Promise.race([publishing.catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
        }
        assert.equal((await publishing).status(), 201);
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
