// End to end in Chromium (issue #8 "done when"): a citizen registers, files a 投诉 with a photo that carries GPS EXIF
// (the stored photo has none) → the dispatcher accepts and routes it → the department's handler signs, asks for an
// extension (the dispatcher approves), replies → the department head approves → the citizen sees the reply, rates
// 不满意 and asks for 重办 → second reply, approved → 满意. Staff sign in with the demo accounts (password + TOTP).
// The server runs in this process (main.ts start()) so the test can read the SMS sandbox and the stored photo.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { SKIP, DESKTOP, PHONE, launchChromium, assertChromium, screenshotFailure, watchErrors } from './support/browser.ts';
import { startPlatform, type StartedPlatform } from './support/platform.ts';
import { acceptPolicyIfAsked, registerInApp } from './support/citizen.ts';
import { btn, staffSignIn } from './support/staff.ts';
import { buildWeb } from '../scripts/build-web.ts';
import type { Platform } from '../server/src/main.ts';
import { jpegWithGps } from '../server/test/hotline/fixtures.ts';

describe('12345 request, end to end', { skip: SKIP ? 'E2E_SKIP=1' : false, timeout: 900_000 }, () => {
  let server: StartedPlatform;
  let platform: Platform;
  let browser: Browser;
  let base = '';
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    server = await startPlatform('hotline', { SEED_DEMO_DATA: 'true' });
    ({ platform, base } = server);
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  /** A page whose uncaught exceptions and refused calls go into `errors` (checked at the end of the story). */
  async function newPage(mobile: boolean): Promise<Page> {
    const context = await browser.newContext({ viewport: mobile ? PHONE : { ...DESKTOP, width: 1400 }, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    if (process.env.E2E_DEBUG) page.on('response', async (r) => { if (r.status() >= 400) console.log('RESP', r.status(), r.url(), await r.text().catch(() => '')); });
    if (process.env.E2E_DEBUG) page.on('console', (m) => console.log('CONSOLE', m.type(), m.text()));
    watchErrors(page, { console: false, into: errors });
    return page;
  }

  const shot = (page: Page, name: string, err: unknown) => screenshotFailure(page, name, err, errors);

  async function staff(login: string): Promise<Page> {
    const page = await newPage(false);
    try {
      await staffSignIn(page, base, login);
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
      await acceptPolicyIfAsked(citizen, 5000);
      await registerInApp(citizen, platform, { accountName: 'e2e_hotline', mobile: mobileNo, password: 'lang shan river wind' });

      // submit a 投诉 with a photo carrying GPS EXIF (the album purpose's consent first)
      await citizen.goto(`${base}/hotline/new`);
      await acceptPolicyIfAsked(citizen, 5000); // asked again of the signed-in account
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
