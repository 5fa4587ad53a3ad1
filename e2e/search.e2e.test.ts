// End to end in Chromium (issue #7 search): a guest searches with pinyin initials from the home page and sees 公积金
// items grouped by category, opens one (the item page); a signed-in citizen turns history recording on (the
// search-history consent), searches, sees the history chip, deletes it, turns recording off — and nothing more is
// kept (PP-1.9). The server runs in this process (main.ts start()) so the test can read the SMS sandbox and count
// history rows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { SKIP, launchChromium, assertChromium, withPage as withCheckedPage } from './support/browser.ts';
import { startPlatform, type StartedPlatform } from './support/platform.ts';
import { acceptPolicyIfAsked, registerInApp } from './support/citizen.ts';
import { buildWeb } from '../scripts/build-web.ts';
import type { Platform } from '../server/src/main.ts';

describe('service search (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false, timeout: 600_000 }, () => {
  let server: StartedPlatform;
  let platform: Platform;
  let browser: Browser;
  let base = '';

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    server = await startPlatform('search');
    ({ platform, base } = server);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const historyRows = async () => Number((await sql<{ n: string }>`select count(*) as n from search_history`.execute(platform.database.db)).rows[0]!.n);
  const withPage = (name: string, body: (page: Page) => Promise<void>) => withCheckedPage(browser, name, body);
  const acceptPolicySheet = (page: Page) => acceptPolicyIfAsked(page, 5000);

  async function search(page: Page, q: string) {
    const input = page.getByTestId('search-page').locator('input');
    await input.fill(q);
    await input.press('Enter');
    await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === q);
  }

  it('PP-1.1 a guest searches gjj from the home page and sees 公积金 items grouped by category, and opens one', async () => {
    await withPage('search-guest', async (page) => {
      await page.goto(`${base}/`);
      await acceptPolicySheet(page);
      await page.getByTestId('search-entry').locator('input').click();
      await page.waitForURL((u) => u.pathname === '/search');
      const input = page.getByTestId('search-page').locator('input');
      await input.fill('gongji');
      await page.getByTestId('search-suggestions').getByText('住房公积金个人账户信息查询').waitFor();
      await search(page, 'gjj');
      const results = page.getByTestId('search-results');
      await results.getByText('住房保障', { exact: true }).waitFor();
      const names = await results.getByTestId('search-hit').allTextContents();
      assert.ok(names.length >= 3, names.join());
      assert.ok(names.slice(0, 3).every((n) => n.includes('公积金')), names.join());
      assert.equal(await page.getByTestId('search-history').count(), 0, 'a guest has no history block');
      await results.getByTestId('search-hit').first().click();
      await page.waitForURL((u) => u.pathname.startsWith('/services/item/'));
      // empty result: alternatives and the 12345 channel
      await page.goto(`${base}/search?q=${encodeURIComponent('量子纠缠望远镜')}`);
      await page.getByTestId('search-empty').waitFor();
      assert.equal(await page.getByTestId('search-hotline').getAttribute('href'), 'tel:12345');
    });
    assert.equal(await historyRows(), 0, 'nothing is kept for a guest');
  });

  it('PP-1.9 signed in: history only after turning recording on; chips delete; turning it off deletes and keeps nothing more', async () => {
    const mobile = '13951239876';
    await withPage('search-history', async (page) => {
      await page.goto(`${base}/me`);
      await acceptPolicySheet(page);
      await registerInApp(page, platform, { accountName: 'e2e_searcher', mobile, password: 'lang shan river search' });

      // Signed in, recording off by default: searching keeps nothing.
      await page.goto(`${base}/search`);
      await acceptPolicySheet(page); // the account's own policy acceptance, if the sheet asks again
      const history = page.getByTestId('search-history');
      await history.waitFor();
      await search(page, 'sbcx');
      await page.getByTestId('search-results').waitFor();
      assert.equal(await historyRows(), 0);

      // Turn recording on (the confirm dialog states what is kept), search with initials, see the chip.
      await history.getByTestId('search-history-switch').click();
      await page.getByText('开启搜索历史？').waitFor();
      await page.getByRole('button', { name: '同意并开启' }).click();
      await search(page, 'gjj');
      await page.getByTestId('search-results').waitFor();
      const chip = history.getByTestId('search-history-entry').filter({ hasText: 'gjj' });
      await chip.waitFor();
      assert.equal(await historyRows(), 1);

      // Delete it.
      await chip.getByTestId('search-history-delete').click();
      await chip.waitFor({ state: 'detached' });
      assert.equal(await historyRows(), 0);

      // Keep one more, then turn recording off: the dialog says it withdraws the consent and deletes the history.
      await search(page, '护照');
      await history.getByTestId('search-history-entry').filter({ hasText: '护照' }).waitFor();
      await history.getByTestId('search-history-switch').click();
      await page.getByText('停止记录搜索历史？').waitFor();
      await page.getByRole('button', { name: '关闭并删除' }).click();
      await history.getByText('未开启：您的搜索不会被记录。').waitFor();
      assert.equal(await historyRows(), 0);
      await search(page, '婚姻登记');
      await page.getByTestId('search-results').waitFor();
      assert.equal(await historyRows(), 0, 'nothing more is kept after withdrawal');
    });
  });
});
