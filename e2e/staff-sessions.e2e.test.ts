// End to end: 我的登录会话 in the console (issue #4). A demo handler — no administrative permission — is signed in on
// another computer (through the API, with a Firefox-on-macOS User-Agent) and in this Chromium; 我的安全设置 lists both
// sessions with device, sign-in time and last activity, marks this one, and ending the other signs that computer out.
// Fails — not skips — when Chromium is missing, unless E2E_SKIP=1. On failure a screenshot goes to test-results/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { SKIP, assertChromium, launchChromium, screenshotFailure } from './support/browser.ts';
import { buildWeb } from '../scripts/build-web.ts';
import type { Platform } from '../server/src/main.ts';
import { composePlatform, type StartedPlatform } from './support/platform.ts';
import { FixedClock } from '../server/src/platform/clock.ts';
import { DEMO_PASSWORD, DEMO_STAFF, totpCode } from '../server/src/modules/staff/index.ts';

const HANDLER = DEMO_STAFF.find((d) => d.loginName === 'handler.housing')!;
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5; rv:132.0) Gecko/20100101 Firefox/132.0';

describe('staff: my sessions in the console (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false }, () => {
  let platform: Platform;
  const clock = new FixedClock(new Date());
  let browser: Browser;
  let base = '';
  let server: StartedPlatform | undefined;

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    server = await composePlatform('staff-sessions', clock, { SEED_DEMO_DATA: 'true' });
    ({ platform, base } = server);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a handler sees both of their sessions, this one marked, and ends the one on the other computer', async () => {
    // the other computer: the previous TOTP step (a code is accepted once; the browser uses the current one)
    const other = await fetch(`${base}/api/v1/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ntbt-csrf': '1', 'user-agent': FIREFOX_MAC },
      body: JSON.stringify({ login: HANDLER.loginName, password: DEMO_PASSWORD, totp: totpCode(HANDLER.totpSecret, new Date(clock.now().getTime() - 30_000)) }),
    });
    assert.equal(other.status, 200, await other.clone().text());
    const otherCookie = /ntbt_staff=[^;]+/.exec(other.headers.get('set-cookie') ?? '')![0];
    const stillIn = async () => ((await (await fetch(`${base}/api/v1/staff/session`, { headers: { cookie: otherCookie } })).json()) as { signedIn: boolean }).signedIn;
    assert.equal(await stillIn(), true);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${new URL(r.url()).pathname}`);
    });
    try {
      await page.goto(`${base}/console/`);
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
      await page.getByLabel('账号').fill(HANDLER.loginName);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByLabel('动态验证码').fill(totpCode(HANDLER.totpSecret, clock.now()));
      await page.getByRole('button', { name: /^登\s*录$/ }).click();
      await page.getByTestId('staff-name').waitFor();
      await page.getByRole('menuitem', { name: '我的安全设置' }).click();

      const card = page.getByTestId('my-sessions');
      await card.getByText('Firefox · macOS 14.5').waitFor();
      const rows = card.locator('tbody tr[data-row-key]');
      assert.equal(await rows.count(), 2);
      const mine = card.locator('tr[data-current="true"]');
      await mine.getByText('当前会话').waitFor();
      await mine.getByText(/^Chrome · Linux/).waitFor();
      assert.equal(await mine.getByTestId('end-session').count(), 0, 'the current session is ended by signing out, not here');

      await card.locator('tr[data-current="false"]').getByTestId('end-session').click();
      await page.getByRole('button', { name: /^(确\s*定|OK)$/ }).last().click();
      await page.getByText('已结束该会话').waitFor();
      await rows.nth(1).waitFor({ state: 'detached' });
      assert.equal(await rows.count(), 1);
      assert.equal(await stillIn(), false, 'the other computer was signed out at once');
      assert.deepEqual(errors, [], 'the page logged errors');
    } catch (err) {
      throw await screenshotFailure(page, 'staff-sessions', err, errors);
    } finally {
      await context.close();
    }
  });
});
