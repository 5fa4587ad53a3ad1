// End to end in Chromium (issue #4): register with an SMS code → sign out → sign in by password → change the password
// with SMS step-up (二次核身) → the new password works. The server runs in this process (main.ts start()) so the test
// can read what the SMS sandbox "sent" from its database; SMS delivery runs on the real job queue.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SKIP, launchChromium, assertChromium, withPage as withCheckedPage } from './support/browser.ts';
import { startPlatform, type StartedPlatform } from './support/platform.ts';
import { acceptPolicyIfAsked, codeFor, registerInApp } from './support/citizen.ts';
import { buildWeb } from '../scripts/build-web.ts';
import type { Platform } from '../server/src/main.ts';

describe('citizen accounts (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false, timeout: 600_000 }, () => {
  let server: StartedPlatform;
  let platform: Platform;
  let browser: Browser;
  let base = '';

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    server = await startPlatform('identity');
    ({ platform, base } = server);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // the one expected refusal: the password change answered step-up-required before the step-up
  const withPage = (name: string, body: (page: Page) => Promise<void>) =>
    withCheckedPage(browser, name, body, {
      allowConsole: (text) => /403/.test(text) && /(\/api\/v1\/identity\/password|status of 403)/.test(text),
      allowHttp: (status, pathname) => status === 403 && pathname.includes('/api/v1/identity/password'),
    });

  it('PP-1.2 registers, signs out, signs in by password, and changes the password after SMS step-up', async () => {
    const mobile = '13951234567';
    const name = 'e2e_citizen';
    const first = 'lang shan river wind';
    const second = 'hao river new password';
    await withPage('identity-flow', async (page) => {
      // register (the first-use privacy policy sheet, if it shows, is accepted first)
      await page.goto(`${base}/me`);
      await acceptPolicyIfAsked(page);
      await registerInApp(page, platform, { accountName: name, mobile, password: first });
      await page.getByText(`您好，${name}`).waitFor();
      // PP-0.1: this device accepted the policy in force a moment ago, so the new account is not asked again — the
      // acceptance was carried over to it at sign-in (no page reload: the privacy store re-reads on the change)
      await page.waitForFunction(async () => (await (await fetch('/api/v1/privacy/policy/status')).json()).accepted === true, null, { timeout: 10_000 });
      assert.equal(await page.getByTestId('policy-first-use').isVisible(), false, 'the first-use sheet is not shown to the account');

      // sign out, sign in by password
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByText('您尚未登录').waitFor();
      await page.getByRole('button', { name: '登录 / 注册' }).click();
      await page.locator('input[aria-label="帐号名或手机号"]').fill(name);
      await page.locator('input[aria-label="密码"]').fill(first);
      await page.getByTestId('login-submit').click();
      await page.getByText(`您好，${name}`).waitFor();
      await acceptPolicyIfAsked(page);

      // 账户与安全: sessions and history are there; change the password through the step-up sheet
      await page.getByText('账户与安全').click();
      await page.waitForURL((u) => u.pathname === '/me/security');
      await page.getByTestId('sessions').getByText('本机').waitFor();
      await page.getByTestId('login-history').getByText('注册 · 成功').waitFor();
      await page.locator('input[aria-label="新密码"]').fill(second);
      await page.getByTestId('change-password').click();
      const sheet = page.getByTestId('step-up-sheet');
      await sheet.waitFor();
      await sheet.getByRole('button', { name: '获取验证码' }).click();
      await sheet.locator('input[aria-label="短信验证码"]').fill(await codeFor(platform, mobile, { seen: 1 }));
      await sheet.getByRole('button', { name: '确定' }).click();
      await page.getByText('密码已修改，其他设备已下线').waitFor();

      // the new password signs in; the old one does not
      await page.goto(`${base}/me`);
      await acceptPolicyIfAsked(page);
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByRole('button', { name: '登录 / 注册' }).click();
      await page.locator('input[aria-label="帐号名或手机号"]').fill(mobile);
      await page.locator('input[aria-label="密码"]').fill(second);
      await page.getByTestId('login-submit').click();
      await page.getByText(`您好，${name}`).waitFor();
      await acceptPolicyIfAsked(page);
    });
  });
  it('PP-0.1 PP-4.4 signing in without a page reload: the consents shown and granted afterwards are the account\u2019s, not the device\u2019s', async () => {
    // an account registered through the API (not in this browser)
    const mobile = '13951234568';
    const password = 'yellow sea tide river';
    const post = async (url: string, body: unknown) => {
      const res = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.ok(res.ok, `${url}: ${res.status} ${await res.clone().text()}`);
      return (await res.json()) as any;
    };
    const issued = await post('/api/v1/identity/codes', { mobile, purpose: 'registration' });
    await post('/api/v1/identity/register', { mobile, accountName: 'e2e_switch', password, challengeId: issued.challengeId, code: await codeFor(platform, mobile), deviceConsent: false });
    const inApp = (page: Page, to: string) => page.evaluate((to) => {
      history.pushState(null, '', to);
      dispatchEvent(new PopStateEvent('popstate'));
    }, to);
    await withPage('identity-switch', async (page) => {
      // the guest accepts the policy on this device and opens 隐私设置: the device's consents are now in memory
      await page.goto(`${base}/me`);
      await acceptPolicyIfAsked(page);
      await inApp(page, '/privacy/settings');
      await page.getByTestId('privacy-settings').waitFor();
      // sign in inside the app (no reload)
      await inApp(page, '/login');
      await page.locator('input[aria-label="帐号名或手机号"]').fill(mobile);
      await page.locator('input[aria-label="密码"]').fill(password);
      await page.getByTestId('login-submit').click();
      await page.getByText('您好，e2e_switch').waitFor();
      // PP-0.1: the device's acceptance was carried over; the account is not asked
      await page.waitForFunction(async () => (await (await fetch('/api/v1/privacy/policy/status')).json()).accepted === true, null, { timeout: 10_000 });
      assert.equal(await page.getByTestId('policy-first-use').isVisible(), false);
      // grant a purpose from 隐私设置: it is recorded for the account
      await inApp(page, '/privacy/settings');
      await page.getByTestId('grant-search-history').click();
      const sheet = page.getByTestId('consent-sheet');
      await sheet.waitFor();
      if (await page.getByTestId('separate-check').isVisible()) await page.getByTestId('separate-check').click();
      await page.getByTestId('consent-agree').click();
      await page.getByTestId('withdraw-search-history').waitFor();
      const states = await page.evaluate(async () => {
        const device = localStorage.getItem('ntbt.device-id')!;
        const acc = await (await fetch('/api/v1/privacy/consents')).json();
        const dev = await (await fetch('/api/v1/privacy/device-consents', { headers: { 'x-device-id': device } })).json();
        const of = (l: any) => l.items.find((i: any) => i.purposeId === 'search-history')?.effective;
        return { account: of(acc), device: of(dev) };
      });
      assert.deepEqual(states, { account: true, device: false });
    });
  });
});
