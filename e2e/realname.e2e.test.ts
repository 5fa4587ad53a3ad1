// End to end: real-name verification in a real Chromium with its fake camera (--use-fake-device-for-media-stream
// --use-fake-ui-for-media-stream). The server is composed in this process exactly as main.ts composes it, on an
// in-memory database, so that the test can read what the SMS sandbox "sent". Accounts are real identity accounts:
// registered through identity's API (SMS code from the sandbox), signed in by their session cookie (issue #4 §10:
// registration → sign-in → ID + face verification → step-up; bank card; guardian).
// Fails — not skips — when Chromium is missing, unless E2E_SKIP=1. On failure a screenshot goes to test-results/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SKIP, assertChromium, launchChromium, recordCameraStreams, withPage } from './support/browser.ts';
import { acceptPolicyIfAsked, deliverCode } from './support/citizen.ts';
import { buildWeb } from '../scripts/build-web.ts';
import type { Platform } from '../server/src/main.ts';
import { composePlatform, type StartedPlatform } from './support/platform.ts';
import { FixedClock } from '../server/src/platform/clock.ts';

const ZHANG = 'zhang';
const CHILD = 'child';

describe('real-name verification (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false }, () => {
  let platform: Platform;
  // Server time starts now and moves only by hand (lastCode, which also delivers the outbox by hand).
  const clock = new FixedClock(new Date());
  let browser: Browser;
  let base = '';
  let server: StartedPlatform | undefined;

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true }); // no-op when web/dist is fresh
    server = await composePlatform('rn', clock, { SEED_DEMO_DATA: 'false' });
    ({ platform, base } = server);
    // a synthetic camera (moving test pattern) and automatic permission grant: the page still has to ask
    browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const lastCode = (mobile: string) => deliverCode(platform, clock, mobile);

  // Accounts registered through identity's API: name → { mobile, sid }
  const accounts = new Map<string, { mobile: string; sid: string }>();
  let serial = 0;
  async function account(key: string) {
    const known = accounts.get(key);
    if (known) return known;
    serial += 1;
    const mobile = `1390${String(process.pid % 10000).padStart(4, '0')}${String(serial).padStart(3, '0')}`;
    const json = { 'content-type': 'application/json', 'x-ntbt-csrf': '1' };
    const issued = await fetch(`${base}/api/v1/identity/codes`, { method: 'POST', headers: json, body: JSON.stringify({ mobile, purpose: 'registration' }) });
    assert.equal(issued.status, 200, await issued.clone().text());
    const { challengeId } = (await issued.json()) as { challengeId: string };
    const res = await fetch(`${base}/api/v1/identity/register`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ accountName: `rn_${key}_${process.pid}`, mobile, password: 'correct horse battery 9', challengeId, code: await lastCode(mobile), deviceConsent: false }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const sid = /ntbt_sid=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
    assert.ok(sid, 'a session cookie');
    const created = { mobile, sid };
    accounts.set(key, created);
    return created;
  }

  /** A browser context signed in as the account `key` (its identity session cookie); page errors fail the test. */
  async function asCitizen(key: string, name: string, body: (page: Page) => Promise<void>, allowedHttpErrors: RegExp[] = []) {
    const { sid } = await account(key);
    await withPage(browser, name, body, {
      console: false,
      allowHttp: (status, pathname) => allowedHttpErrors.some((re) => re.test(`${status} ${pathname}`)),
      setup: async (context) => {
        await context.addCookies([{ name: 'ntbt_sid', value: sid, url: base }]);
        await recordCameraStreams(context); // to check the camera opens only after consent and closes afterwards
      },
    });
  }

  async function fillIdentity(page: Page, realName: string, idNumber: string) {
    await page.getByTestId('rn-name').locator('input').fill(realName);
    await page.getByTestId('rn-id').locator('input').fill(idNumber);
  }

  it('PP-1.5 LAW-1 LAW-10 a registered citizen: a wrong check character is refused in Chinese; face verification with the camera after separate consent; the full ID number after step-up', async () => {
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
      // the prompts follow the face service's action challenge, in its random order: each action shown once
      const shown = new Set<string>();
      for (let i = 0; i < 200 && shown.size < 3; i++) {
        const action = await page.getByTestId('rn-prompt').getAttribute('data-action', { timeout: 1000 }).catch(() => null);
        if (action) shown.add(action);
        await page.waitForTimeout(100);
      }
      assert.deepEqual([...shown].sort(), ['blink', 'mouth', 'shake']);
      await result.waitFor();
      assert.equal(await result.getAttribute('data-ok'), 'true', (await result.textContent()) ?? '');
      await result.getByText('已实名(扫脸认证)').waitFor();
      const camera = await page.evaluate(() => (window as any).__cameraTracks?.map((t: MediaStreamTrack) => t.readyState));
      assert.deepEqual(camera, ['ended'], 'the camera was opened once, and closed after the capture');

      await page.getByText('返回实名认证').click();
      await page.getByTestId('rn-level').getByText('已实名(扫脸认证)').waitFor();
      await page.getByTestId('rn-id-shown').getByText('3206**********123X').waitFor();
      assert.equal(await page.getByTestId('rn-face-login-switch').getAttribute('aria-checked'), 'true', 'face login on');

      // the full ID number: 二次核身 by an SMS code to the bound mobile (identity's step-up sheet), then shown
      await page.getByText('查看完整身份证号').click();
      const stepUp = page.getByTestId('step-up-sheet');
      await stepUp.waitFor();
      const sent = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/identity/step-up/code');
      await stepUp.getByRole('button', { name: '获取验证码' }).click();
      assert.equal((await sent).status(), 200);
      const code = await lastCode(accounts.get(ZHANG)!.mobile);
      await stepUp.locator('input').fill(code);
      await stepUp.getByRole('button', { name: /^确\s*定$/ }).click();
      await page.getByTestId('rn-id-shown').getByText('32060219900101123X').waitFor();
    }, [/^422 \/api\/v1\/realname\/id-check$/, /^403 \/api\/v1\/realname\/me\/id-number$/]);
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
