// The citizen side of a browser test: the codes the SMS sandbox "sent", the privacy policy sheet, registration.
import type { Page } from 'playwright-core';
import type { Platform } from '../../server/src/main.ts';
import type { FixedClock } from '../../server/src/platform/clock.ts';
import { DELIVER_JOB } from '../../server/src/modules/notifications/index.ts';

export interface CodeOptions {
  /** wait for more than this many codes to the number (default 0: any) */
  seen?: number;
  timeoutMs?: number;
  /** how a code stands in the message (default: the OTP template's 验证码是NNNNNN) */
  pattern?: RegExp;
}

/** The newest code the SMS sandbox sent to `mobile`, once more than `seen` were sent (delivery runs on the job queue). */
export async function codeFor(platform: Platform, mobile: string, opts: CodeOptions = {}): Promise<string> {
  const { seen = 0, timeoutMs = 60_000, pattern = /验证码是(\d{6})/ } = opts;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rows = await platform.database.db.selectFrom('sms_sandbox_messages').select('body').where('mobile', '=', mobile).orderBy('sent_at').execute();
    const codes = rows.map((r) => r.body.match(pattern)?.[1]).filter((c): c is string => !!c);
    if (codes.length > seen) return codes.at(-1)!;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no code reached ${mobile.slice(0, 3)}… within ${timeoutMs} ms`);
}

/**
 * For a platform whose jobs the test runs (composePlatform): delivers what the outbox holds, then returns the newest
 * 6-digit code the SMS sandbox "sent" to `mobile`. Server time moves a second per delivery, so that the sandbox's
 * messages (uuid ids) stand in the order they were sent; the e2e sandbox takes several a minute per number (E2E_ENV).
 */
export async function deliverCode(platform: Platform, clock: FixedClock, mobile: string): Promise<string> {
  const db = platform.database.db;
  const pending = await db.selectFrom('notification_outbox').select('id').where('status', 'in', ['pending', 'temporary-failure']).execute();
  for (const { id } of pending) {
    clock.advance(1_000);
    await platform.jobs.run(DELIVER_JOB, { outboxId: id }).catch(() => undefined);
  }
  const row = await db.selectFrom('sms_sandbox_messages').select('body').where('mobile', '=', mobile).orderBy('sent_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const m = row?.body.match(/(\d{6})/);
  if (!m) throw new Error(`no code was sent to ${mobile}`);
  return m[1]!;
}

/** The first-use privacy policy sheet (PP-0.1; asked again of a signed-in account), if it shows within `timeoutMs`, is accepted. */
export async function acceptPolicyIfAsked(page: Page, timeoutMs = 3000) {
  const agree = page.getByTestId('policy-agree');
  if (await agree.waitFor({ timeout: timeoutMs }).then(() => true, () => false)) {
    await agree.click();
    await agree.waitFor({ state: 'hidden' }).catch(() => undefined);
  }
}

export interface Registration {
  accountName: string;
  mobile: string;
  password: string;
}

/** Registers in the citizen app from 我的 (the page shows 登录 / 注册): account name, mobile + SMS code, password; back on /me. */
export async function registerInApp(page: Page, platform: Platform, r: Registration) {
  await page.getByRole('button', { name: '登录 / 注册' }).click();
  await page.getByText('没有帐号？立即注册').click();
  await page.waitForURL((u) => u.pathname === '/register');
  await page.locator('input[aria-label="帐号名称"]').fill(r.accountName);
  await page.locator('input[aria-label="手机号码"]').fill(r.mobile);
  await page.getByTestId('send-code').click();
  await page.locator('input[aria-label="短信验证码"]').fill(await codeFor(platform, r.mobile));
  await page.locator('input[aria-label="密码"]').fill(r.password);
  await page.getByTestId('register-submit').click();
  await page.waitForURL((u) => u.pathname === '/me');
}
