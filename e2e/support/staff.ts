// The staff side of a browser test: signing in to the console with a demo account (password + TOTP).
import type { Page } from 'playwright-core';
import { generateSync } from 'otplib';
import { DEMO_PASSWORD, DEMO_STAFF } from '../../server/src/modules/staff/index.ts';

/** antd puts a space between two CJK characters in a button ("登 录"). */
export const btn = (label: string) => new RegExp(`^${[...label].join('\\s*')}$`);

/** The documented TOTP secret of a demo staff account (README). */
export const demoSecret = (login: string) => DEMO_STAFF.find((d) => d.loginName === login)!.totpSecret;
export const totp = (secret: string) => generateSync({ secret });

/** Signs in on the console's sign-in page; a demo account by default (documented password, code from its secret). */
export async function staffSignIn(page: Page, base: string, login: string, opts: { password?: string; code?: string } = {}) {
  await page.goto(`${base}/console/`);
  await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
  await page.getByLabel('账号').fill(login);
  await page.getByLabel('密码').fill(opts.password ?? DEMO_PASSWORD);
  await page.getByLabel('动态验证码').fill(opts.code ?? totp(demoSecret(login)));
  await page.getByRole('button', { name: btn('登录') }).click();
  await page.getByTestId('staff-name').waitFor();
}
