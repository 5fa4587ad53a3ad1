// End to end in Chromium (issue #8 "done when"): a citizen registers, files a 投诉 with a photo that carries GPS EXIF
// (the stored photo has none) → the dispatcher accepts and routes it → the department's handler signs, asks for an
// extension (the dispatcher approves), replies → the department head approves → the citizen sees the reply, rates
// 不满意 and asks for 重办 → second reply, approved → 满意. Staff sign in with the demo accounts (password + TOTP).
// The server runs in this process (main.ts start()) so the test can read the SMS sandbox and the stored photo.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT, SKIP, RESULTS, freePort, launchChromium, assertChromium } from './support/browser.ts';
import { generateSync } from 'otplib';
import sharp from 'sharp';
import { buildWeb } from '../scripts/build-web.ts';
import { start, type Platform } from '../server/src/main.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from '../server/src/modules/staff/index.ts';
import { jpegWithGps } from '../server/test/hotline/fixtures.ts';

const totp = (login: string) => generateSync({ secret: DEMO_STAFF.find((d) => d.loginName === login)!.totpSecret });
/** antd puts a space between two CJK characters in a button ("受 理"). */
const btn = (label: string) => new RegExp(`^${[...label].join('\\s*')}$`);

describe('12345 request, end to end', { skip: SKIP ? 'E2E_SKIP=1' : false, timeout: 900_000 }, () => {
  let platform: Platform;
  let browser: Browser;
  let base = '';
  let dataDir = '';
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dataDir = mkdtempSync(path.join(tmpdir(), 'ntbt-e2e-hotline-'));
    platform = await start({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'warn', PUBLIC_URL: base, SEED_DEMO_DATA: 'true' });
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await platform?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  async function newPage(mobile: boolean): Promise<Page> {
    const context = await browser.newContext({ viewport: mobile ? { width: 390, height: 844 } : { width: 1400, height: 900 }, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    if (process.env.E2E_DEBUG) page.on('response', async (r) => { if (r.status() >= 400) console.log('RESP', r.status(), r.url(), await r.text().catch(() => '')); });
    if (process.env.E2E_DEBUG) page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
    });
    return page;
  }

  async function shot(page: Page, name: string, err: unknown) {
    mkdirSync(RESULTS, { recursive: true });
    const file = path.join(RESULTS, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    if (err instanceof Error) err.message += `\n(screenshot: ${path.relative(ROOT, file)}; errors: ${JSON.stringify(errors)})`;
    return err;
  }

  /** The first-use privacy policy sheet (PP-0.1), if it shows, is accepted. */
  async function acceptPolicyIfAsked(page: Page) {
    const agree = page.getByTestId('policy-agree');
    if (await agree.waitFor({ timeout: 5000 }).then(() => true, () => false)) {
      await agree.click();
      await agree.waitFor({ state: 'detached' }).catch(() => undefined);
    }
  }

  async function codeFor(mobile: string, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const rows = await platform.database.db.selectFrom('sms_sandbox_messages').select('body').where('mobile', '=', mobile).orderBy('sent_at').execute();
      const code = rows.map((r) => r.body.match(/验证码是(\d{6})/)?.[1]).filter(Boolean).at(-1);
      if (code) return code;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('no registration code');
  }

  async function staff(login: string): Promise<Page> {
    const page = await newPage(false);
    try {
      await page.goto(`${base}/console/`);
      await page.getByLabel('账号').fill(login);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByLabel('动态验证码').fill(totp(login));
      await page.getByRole('button', { name: btn('登录') }).click();
      await page.getByTestId('staff-name').waitFor();
      return page;
    } catch (err) {
      throw await shot(page, `hotline-signin-${login}`, err);
    }
  }

  /** Opens the request in a console work page and takes one action (filling the action's form when it has one). */
  async function act(page: Page, view: string, trackingNo: string, action: string, fill?: (drawer: ReturnType<Page['getByRole']>) => Promise<void>) {
    await page.goto(`${base}/console/app/hotline/${view}`);
    await page.getByRole('cell', { name: trackingNo }).click();
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('button', { name: btn(action) }).first().click();
    if (fill) {
      await fill(drawer);
      await drawer.locator('form').getByRole('button', { name: btn(action) }).click();
    }
    await page.getByText('已完成').first().waitFor();
    await page.keyboard.press('Escape');
  }

  it('PP-1.13 PP-3.4 LAW-11 a 投诉 goes round the closed loop: routed, extended, answered, rated 不满意, 重办, 满意', async () => {
    const citizen = await newPage(true);
    const mobileNo = '13951230808';
    let trackingNo = '';
    try {
      // register
      await citizen.goto(`${base}/me`);
      await acceptPolicyIfAsked(citizen);
      await citizen.getByRole('button', { name: '登录 / 注册' }).click();
      await citizen.getByText('没有帐号？立即注册').click();
      await citizen.locator('input[aria-label="帐号名称"]').fill('e2e_hotline');
      await citizen.locator('input[aria-label="手机号码"]').fill(mobileNo);
      await citizen.getByTestId('send-code').click();
      await citizen.locator('input[aria-label="短信验证码"]').fill(await codeFor(mobileNo));
      await citizen.locator('input[aria-label="密码"]').fill('lang shan river wind');
      await citizen.getByTestId('register-submit').click();
      await citizen.waitForURL((u) => u.pathname === '/me');

      // submit a 投诉 with a photo carrying GPS EXIF (the album purpose's consent first)
      await citizen.goto(`${base}/hotline/new`);
      await acceptPolicyIfAsked(citizen); // asked again of the signed-in account
      await citizen.getByText('投诉', { exact: true }).click();
      await citizen.getByPlaceholder('标题').fill('小区物业不处理漏水');
      await citizen.getByPlaceholder('详细描述').fill('我家楼上漏水三个月，物业一直不处理，请住建部门督促。');
      await citizen.getByPlaceholder('联系电话').fill(mobileNo);
      await citizen.getByTestId('hotline-add-photo').click();
      await citizen.getByTestId('consent-sheet').waitFor();
      const chooser = citizen.waitForEvent('filechooser');
      await citizen.getByTestId('consent-agree').click();
      await (await chooser).setFiles({ name: 'leak.jpg', mimeType: 'image/jpeg', buffer: await jpegWithGps() });
      await citizen.getByTestId('hotline-photo').waitFor();
      await citizen.getByRole('button', { name: '提交' }).click();
      await citizen.getByTestId('hotline-detail').waitFor();
      const requestId = new URL(citizen.url()).pathname.split('/').at(-1)!;
      const row = await platform.database.db.selectFrom('hotline_requests').select(['tracking_no', 'account_id', 'suggested_org']).where('id', '=', requestId).executeTakeFirstOrThrow();
      trackingNo = row.tracking_no;
      assert.equal(row.suggested_org, 'housing');
      const photo = await platform.database.db.selectFrom('hotline_attachments').selectAll().where('request_id', '=', requestId).executeTakeFirstOrThrow();
      const stored = await platform.kernel.cipher.decryptFieldBytes(photo.account_id, photo.data_enc, `hotline_attachments.data_enc/${photo.id}`);
      assert.equal((await sharp(stored).metadata()).exif, undefined, 'the stored photo carries no EXIF, so no GPS');
    } catch (err) {
      throw await shot(citizen, 'hotline-citizen-submit', err);
    }

    const dispatcher = await staff('dispatcher');
    const handler = await staff('handler.housing');
    const head = await staff('head.housing');
    try {
      await act(dispatcher, 'dispatch', trackingNo, '受理');
      await act(dispatcher, 'dispatch', trackingNo, '派单', async () => undefined); // the suggestion (市住建局) is preselected
      await act(handler, 'handle', trackingNo, '签收');
      await act(handler, 'handle', trackingNo, '申请延期', async (d) => {
        await d.locator('textarea').fill('需要现场勘查并协调维修基金');
      });
      await act(dispatcher, 'dispatch', trackingNo, '批准延期');
      await act(handler, 'handle', trackingNo, '提交答复', async (d) => {
        await d.locator('textarea').fill('已约谈物业公司，三日内完成维修。');
      });
      await act(head, 'approve', trackingNo, '审核通过');
    } catch (err) {
      throw await shot(dispatcher, 'hotline-staff-first-round', err);
    }

    try {
      await citizen.reload();
      await citizen.getByTestId('hotline-reply').getByText('已约谈物业公司，三日内完成维修。').waitFor();
      await citizen.getByText('不满意', { exact: true }).click();
      await citizen.getByRole('button', { name: '评价' }).click();
      await citizen.getByRole('button', { name: '申请重办' }).click();
      await citizen.getByTestId('hotline-status').getByText('办理中').waitFor();
    } catch (err) {
      throw await shot(citizen, 'hotline-citizen-reopen', err);
    }

    try {
      await act(handler, 'handle', trackingNo, '提交答复', async (d) => {
        await d.locator('textarea').fill('维修已完成，经现场查看不再漏水。');
      });
      await act(head, 'approve', trackingNo, '审核通过');
    } catch (err) {
      throw await shot(handler, 'hotline-staff-second-round', err);
    }

    try {
      await citizen.reload();
      await citizen.getByTestId('hotline-reply').getByText('维修已完成，经现场查看不再漏水。').waitFor();
      await citizen.getByText('满意', { exact: true }).click();
      await citizen.getByRole('button', { name: '评价' }).click();
      await citizen.getByTestId('hotline-status').getByText('已评价').waitFor();
      assert.equal(await citizen.getByRole('button', { name: '申请重办' }).count(), 0, '重办 only once');
    } catch (err) {
      throw await shot(citizen, 'hotline-citizen-final', err);
    }
    assert.deepEqual(errors, [], 'no page errors and no refused calls');
  });
});
