// End to end: the staff console against the real server (demo data seeded) in Chromium. A demo staff member signs
// in with the documented password and a TOTP code computed by otplib from the documented demo secret, and sees only
// the pages their permissions allow; the demo administrator creates a staff member, who signs in with the one-time
// password and the TOTP secret from the enrolment URI, must change the password first, registers a passkey (Chromium's
// virtual WebAuthn authenticator) and signs in with it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SKIP, DESKTOP, launchChromium, assertChromium, withPage as withCheckedPage } from './support/browser.ts';
import { spawnServer, type ServerProcess } from './support/platform.ts';
import { staffSignIn, totp } from './support/staff.ts';
import { buildWeb } from '../scripts/build-web.ts';

describe('staff console (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false }, () => {
  let server: ServerProcess;
  let browser: Browser;
  let base = '';

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    // WebAuthn needs the page's host to be the relying party (PUBLIC_URL's host): use localhost for both.
    server = await spawnServer('console', { host: 'localhost', env: { SEED_DEMO_DATA: 'true' } });
    ({ base } = server);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const withPage = (name: string, body: (page: Page) => Promise<void>) => withCheckedPage(browser, name, body, { viewport: DESKTOP });

  const menuItems = async (page: Page) => (await page.getByRole('menuitem').allInnerTexts()).map((s) => s.trim());

  it('a demo dispatcher signs in with password + TOTP and the menu shows only what the dispatcher may use', async () => {
    await withPage('console-dispatcher', async (page) => {
      await staffSignIn(page, base, 'dispatcher');
      assert.equal(new URL(page.url()).pathname, '/console/app');
      await page.getByRole('menuitem', { name: '我的安全设置' }).waitFor();
      const items = await menuItems(page);
      for (const hidden of ['工作人员', '角色与权限', '短信沙箱']) assert.ok(!items.includes(hidden), `${hidden} is not offered to a dispatcher (menu: ${items.join(', ')})`);
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
      await page.goto(`${base}/console/app`);
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
    });
  });

  it('the demo administrator creates a staff member, who signs in with the one-time password and TOTP, changes the password, adds a passkey and signs in with it', async () => {
    let oneTimePassword = '';
    let otpauth = '';
    await withPage('console-admin-creates', async (page) => {
      await staffSignIn(page, base, 'admin');
      for (const item of ['工作人员', '角色与权限', '短信沙箱', '我的安全设置']) await page.getByRole('menuitem', { name: item }).waitFor();
      await page.getByRole('menuitem', { name: '工作人员' }).click();
      await page.getByRole('cell', { name: 'handler.housing' }).waitFor();

      await page.getByRole('button', { name: '新建工作人员' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('账号').fill('e2e.handler');
      await dialog.getByLabel('姓名').fill('端到端承办人');
      await dialog.getByLabel('角色').click();
      await page.locator('.ant-select-item-option', { hasText: '部门承办人' }).click();
      await dialog.getByLabel('姓名').click(); // closes the multiple-choice dropdown
      await dialog.getByLabel('所属部门').click();
      await dialog.getByLabel('所属部门').fill('市住建局');
      await page.locator('.ant-select-item-option', { hasText: '市住建局' }).click();
      await dialog.getByRole('button', { name: /保\s*存/ }).click();

      oneTimePassword = (await page.getByTestId('one-time-password').innerText()).trim();
      otpauth = (await page.getByTestId('otpauth-uri').innerText()).trim();
      assert.match(oneTimePassword, /^[A-Za-z2-9]{12}$/);
      assert.match(otpauth, /^otpauth:\/\/totp\/.*e2e\.handler\?secret=/);
      await page.getByRole('button', { name: '我已交付' }).click();
      await page.getByRole('cell', { name: 'e2e.handler' }).waitFor();
      await page.getByRole('row', { name: /e2e\.handler/ }).getByText('待修改初始密码').waitFor();
    });

    await withPage('console-new-member', async (page) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
      });
      const secret = new URL(otpauth).searchParams.get('secret')!;
      await staffSignIn(page, base, 'e2e.handler', { password: oneTimePassword, code: totp(secret) });
      await page.waitForURL(`${base}/console/app/security`);
      await page.getByText('您正在使用一次性密码登录').waitFor();
      await page.getByLabel('当前密码').fill(oneTimePassword);
      await page.getByLabel('新密码').fill('a long new passphrase');
      await page.getByRole('button', { name: /修改密码/ }).click();
      await page.getByText('密码已修改').waitFor();
      await page.getByText('您正在使用一次性密码登录').waitFor({ state: 'detached' });

      await page.getByPlaceholder('名称').fill('测试电脑');
      await page.getByRole('button', { name: '添加通行密钥' }).click();
      await page.getByText('已添加通行密钥').waitFor();
      await page.getByRole('cell', { name: '测试电脑' }).waitFor();

      await page.getByRole('button', { name: '退出登录' }).click();
      await page.getByRole('button', { name: '使用通行密钥登录' }).click();
      await page.getByTestId('staff-name').waitFor();
      assert.equal(await page.getByTestId('staff-name').innerText(), '端到端承办人');
    });
  });
});
