// End to end: the real server (node server/src/main.ts on a fresh data directory) serving the built web apps to a
// real Chromium. Covers the citizen home in Chinese and English (persisted choice), the typed API call behind the
// service-status line, and the staff console's sign-in page and layout. Fails — not skips — when Chromium is
// missing, unless E2E_SKIP=1. On failure a screenshot goes to test-results/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SKIP, launchChromium, assertChromium, withPage as withCheckedPage } from './support/browser.ts';
import { spawnServer, type ServerProcess } from './support/platform.ts';
import { acceptPolicyIfAsked } from './support/citizen.ts';
import { buildWeb } from '../scripts/build-web.ts';

describe('web shells (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false }, () => {
  let server: ServerProcess;
  let browser: Browser;
  let base = '';

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true }); // no-op when web/dist is fresh
    // no PUBLIC_URL: the server's own default
    server = await spawnServer('shell', { publicUrl: false });
    ({ base } = server);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh browser context (own localStorage); screenshot to test-results/ if the body throws. Page errors and
   *  console errors (CSP violations show up there) fail the test. */
  const withPage = (name: string, body: (page: Page) => Promise<void>) => withCheckedPage(browser, name, body, { timeoutMs: 15_000 });

  it('citizen home shows 南通百通 and the service categories in Chinese, switches to English and remembers it', async () => {
    await withPage('citizen-home', async (page) => {
      await page.goto(`${base}/`);
      await page.getByRole('heading', { name: '南通百通', exact: true }).waitFor();
      // the first-use privacy policy sheet (PP-0.1) comes first; browsing works either way
      const agree = page.getByTestId('policy-agree');
      if (await agree.waitFor({ timeout: 5000 }).then(() => true, () => false)) await agree.click();
      for (const name of ['政务办事', '社会保障', '住房保障']) await page.getByText(name, { exact: true }).first().waitFor();
      await page.getByRole('link', { name: '隐私政策', exact: true }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');

      await page.getByTestId('lang-switch').click();
      await page.getByRole('heading', { name: 'Nantong Baitong', exact: true }).waitFor();
      await page.getByText('Government affairs', { exact: true }).waitFor();
      assert.equal(await page.getByText('政务办事', { exact: true }).count(), 0);

      await page.reload();
      await page.getByRole('heading', { name: 'Nantong Baitong', exact: true }).waitFor();
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    });
  });

  it('citizen 我的 page offers sign-in to a guest and reports service status from /readyz', async () => {
    await withPage('citizen-me', async (page) => {
      await page.goto(`${base}/`);
      // the first-use privacy policy sheet (PP-0.1) covers the tabs until answered
      await acceptPolicyIfAsked(page, 5000);
      await page.getByText('我的', { exact: true }).click();
      assert.equal(new URL(page.url()).pathname, '/me');
      await page.getByText('您尚未登录').waitFor();
      await page.getByText('服务状态：正常').waitFor();
      assert.ok(await page.getByRole('button', { name: '登录 / 注册' }).isEnabled(), 'sign-in works now (issue #4)');
    });
  });

  // The refused sign-in answers 401 by design: that one answer is not a page error (nor the browser's console line for it).
  it('staff console sign-in refuses a wrong account, password or code with the server\u2019s message and stays on the sign-in page', async () => {
    await withCheckedPage(browser, 'console-signin', async (page) => {
      await page.goto(`${base}/console/`);
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
      await page.getByLabel('账号').fill('staff01');
      await page.getByLabel('密码').fill('not-a-real-password');
      await page.getByLabel('动态验证码').fill('123456');
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/staff/session' && r.request().method() === 'POST');
      await page.getByRole('button', { name: /^登\s*录$/ }).click();
      assert.equal((await answered).status(), 401);
      await page.getByTestId('signin-error').getByText('账号、密码或动态验证码不正确').waitFor();
      assert.equal(new URL(page.url()).pathname, '/console/');
      assert.equal(await page.getByLabel('动态验证码').inputValue(), '', 'the used code is cleared');
      await page.getByRole('button', { name: '使用通行密钥登录' }).waitFor();

      await page.getByTestId('lang-switch').click();
      await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor();
    }, { timeoutMs: 15_000, console: false, allowHttp: (status, pathname) => status === 401 && pathname === '/api/v1/staff/session' });
  });

  it('staff console layout at /console/app is not shown without a staff session', async () => {
    await withPage('console-layout', async (page) => {
      await page.goto(`${base}/console/app`);
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
      assert.equal(new URL(page.url()).pathname, '/console/');
    });
  });
});
