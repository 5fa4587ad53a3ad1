// End to end in Chromium (PP-1.16 电子卡证): a signed-in citizen opens 我的 → 电子卡证, agrees to the ecard-reminders
// consent sheet, adds an 电子驾驶证 (number and validity only), sees the masked number and the counter QR code, reveals
// the full number through the SMS step-up sheet, and removes the card. The server runs in this process (main.ts
// start()) so the test can read the SMS sandbox and count card rows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { SKIP, launchChromium, assertChromium, withPage } from './support/browser.ts';
import { startPlatform, type StartedPlatform } from './support/platform.ts';
import { acceptPolicyIfAsked, codeFor, registerInApp } from './support/citizen.ts';
import { buildWeb } from '../scripts/build-web.ts';
import type { Platform } from '../server/src/main.ts';

describe('e-cards (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false, timeout: 600_000 }, () => {
  let server: StartedPlatform;
  let platform: Platform;
  let browser: Browser;
  let base = '';

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    server = await startPlatform('ecards');
    ({ platform, base } = server);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const cardRows = async () => Number((await sql<{ n: string }>`select count(*) as n from ecards`.execute(platform.database.db)).rows[0]!.n);
  const smsCount = async (mobile: string) => (await platform.database.db.selectFrom('sms_sandbox_messages').select('body').where('mobile', '=', mobile).execute()).length;

  // the browser also logs the expected 403 of the reveal (step-up required)
  const expected403 = {
    allowConsole: (text: string) => text.includes('status of 403'),
    allowHttp: (status: number, pathname: string) => status === 403 && pathname.endsWith('/reveal'),
  };
  const acceptPolicySheet = (page: Page) => acceptPolicyIfAsked(page, 5000);

  it('PP-1.16 a citizen adds an 电子驾驶证 after the consent sheet, shows its QR code, reveals the number after step-up and removes it', async () => {
    const mobile = '13951230116';
    await withPage(browser, 'ecards', async (page) => {
      await page.goto(`${base}/me`);
      await acceptPolicySheet(page);
      await registerInApp(page, platform, { accountName: 'e2e_cards', mobile, password: 'lang shan river cards' });

      // 我的 → 电子卡证
      await page.getByText('电子卡证').first().click();
      await page.waitForURL((u) => u.pathname === '/ecards');
      await acceptPolicySheet(page);
      await page.getByText('还没有添加电子卡证').waitFor();
      await page.getByTestId('ecards-add').click();
      const sheet = page.getByTestId('consent-sheet');
      await sheet.waitFor();
      assert.equal(await sheet.getAttribute('data-purpose'), 'ecard-reminders');
      await page.getByTestId('consent-agree').click();
      await page.waitForURL((u) => u.pathname === '/ecards/new');
      await page.getByText('电子驾驶证').click();
      await page.getByTestId('ecards-number').locator('input').fill('320600123456');
      await page.getByTestId('ecards-valid-until').locator('input').fill('2032-01-01');
      await page.getByTestId('ecards-save').click();
      await page.waitForURL((u) => /^\/ecards\/[0-9a-f-]{36}$/.test(u.pathname));
      assert.equal(await page.getByTestId('ecards-number-shown').textContent(), '320*******56');
      assert.equal(await cardRows(), 1);

      // the counter QR code
      await page.getByTestId('ecards-show-qr').click();
      await page.getByTestId('ecards-qr').locator('svg').waitFor();

      // the full number after step-up (SMS code to the bound mobile)
      const before = await smsCount(mobile);
      await page.getByTestId('ecards-reveal').click();
      const stepUp = page.getByTestId('step-up-sheet');
      await stepUp.waitFor();
      await stepUp.getByRole('button', { name: '获取验证码' }).click();
      const deadline = Date.now() + 60_000;
      while ((await smsCount(mobile)) <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 300));
      await stepUp.locator('input[aria-label="短信验证码"]').fill(await codeFor(platform, mobile, { seen: 1 }));
      await stepUp.getByRole('button', { name: '确定' }).click();
      await page.getByTestId('ecards-number-shown').filter({ hasText: '320600123456' }).waitFor();

      // remove
      await page.getByTestId('ecards-remove').click();
      // the confirm dialog's button — not the (hidden) step-up sheet's 确定, which may come later in the DOM
      await page.locator('.adm-dialog').getByRole('button', { name: '确定' }).click();
      await page.waitForURL((u) => u.pathname === '/ecards');
      await page.getByText('还没有添加电子卡证').waitFor();
      assert.equal(await cardRows(), 0);
    }, expected403);
  });
});
