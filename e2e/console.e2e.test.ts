// End to end: the staff console against the real server (demo data seeded) in Chromium. A demo staff member signs
// in with the documented password and a TOTP code computed by otplib from the documented demo secret, and sees only
// the pages their permissions allow; the demo administrator creates a staff member, who signs in with the one-time
// password and the TOTP secret from the enrolment URI, must change the password first, registers a passkey (Chromium's
// virtual WebAuthn authenticator) and signs in with it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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

const secretOf = (login: string) => DEMO_STAFF.find((d) => d.loginName === login)!.totpSecret;
const totp = (secret: string) => generateSync({ secret });

describe('staff console (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false }, () => {
  let server: ChildProcess;
  let browser: Browser;
  let base = '';
  let dataDir = '';
  let serverOutput = '';

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    const port = await freePort();
    // WebAuthn needs the page's host to be the relying party (PUBLIC_URL's host): use localhost for both.
    base = `http://localhost:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'ntbt-e2e-console-'));
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
  });

  after(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function withPage(name: string, body: (page: Page) => Promise<void>) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
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
      await context.close();
    }
  }

  async function signIn(page: Page, login: string, password: string, code: string) {
    await page.goto(`${base}/console/`);
    await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
    await page.getByLabel('账号').fill(login);
    await page.getByLabel('密码').fill(password);
    await page.getByLabel('动态验证码').fill(code);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.getByTestId('staff-name').waitFor();
  }

  const menuItems = async (page: Page) => (await page.getByRole('menuitem').allInnerTexts()).map((s) => s.trim());

  it('a demo dispatcher signs in with password + TOTP and the menu shows only what the dispatcher may use', async () => {
    await withPage('console-dispatcher', async (page) => {
      await signIn(page, 'dispatcher', DEMO_PASSWORD, totp(secretOf('dispatcher')));
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
      await signIn(page, 'admin', DEMO_PASSWORD, totp(secretOf('admin')));
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
      await signIn(page, 'e2e.handler', oneTimePassword, totp(secret));
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
