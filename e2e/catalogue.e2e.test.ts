// End to end (issue #7): a guest browses the catalogue without an account or any consent (PP-1.1) — home categories
// from the API, 热门服务, a 区县专区, an item with its materials and a tel: call link (PP-1.15), the PP-2.3 notice before
// a partner link opens, and the halls of a district chosen by hand (PP-1.12 degrades, never blocks); a signed-in citizen keeps a favourite only
// after the search-history consent (PP-1.9), finds it in 我的收藏 and removes it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { SKIP, launchChromium, assertChromium, withPage as withCheckedPage } from './support/browser.ts';
import { startPlatform, type StartedPlatform } from './support/platform.ts';
import { acceptPolicyIfAsked, registerInApp } from './support/citizen.ts';
import { buildWeb } from '../scripts/build-web.ts';
import type { Platform } from '../server/src/main.ts';

// The server runs in this process (main.ts start()) so the signed-in test can read the SMS sandbox and the tables.
describe('service catalogue (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false, timeout: 600_000 }, () => {
  let server: StartedPlatform;
  let platform: Platform;
  let browser: Browser;
  let base = '';

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true }); // no-op when web/dist is fresh
    server = await startPlatform('catalogue');
    ({ platform, base } = server);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh browser context (own localStorage); screenshot to test-results/ if the body throws. Page errors and
   *  console errors (CSP violations show up there) fail the test. */
  const withPage = (name: string, body: (page: Page) => Promise<void>) => withCheckedPage(browser, name, body, { timeoutMs: 15_000 });

  /** A guest declines the privacy policy: basic browsing must still work (PP-1.1). */
  async function declinePolicy(page: Page) {
    // a fresh browser gets the first-use sheet once the policy status arrives
    await page.getByTestId('policy-decline').click();
    await page.getByTestId('policy-first-use').waitFor({ state: 'detached' });
  }

  it('PP-1.1 PP-1.15 a guest browses home → 区县专区 → item and gets a tel: call link, with no account and no consent', async () => {
    await withPage('catalogue-guest', async (page) => {
      await page.goto(`${base}/`);
      await page.getByTestId('category-family').waitFor(); // categories come from the catalogue API
      await declinePolicy(page);
      await page.getByText('热门服务', { exact: true }).waitFor();
      assert.ok((await page.getByTestId('item-link').count()) >= 5, '热门服务 lists items');

      await page.getByTestId('district-320682').click();
      await page.waitForURL((u) => u.pathname === '/services/district/320682');
      await page.getByTestId('district-name').getByText('如皋市').waitFor();
      const districtCall = page.getByTestId('call-link').first();
      assert.match((await districtCall.getAttribute('href')) ?? '', /^tel:0513\d+$/);

      await page.getByText('警务（', { exact: false }).click();
      await page.getByRole('link', { name: '居民身份证挂失及补领' }).click();
      await page.waitForURL((u) => u.pathname === '/services/item/320682-XK-0021');
      await page.getByTestId('item-name').getByText('居民身份证挂失及补领').waitFor();
      await page.getByText('如皋市公安局').waitFor();
      await page.getByTestId('materials').getByText('居民户口簿').waitFor();
      const call = page.getByTestId('call-link').first();
      assert.match((await call.getAttribute('href')) ?? '', /^tel:\d+$/);
      assert.match((await call.textContent()) ?? '', /0513-/, 'the number itself is shown');
    });
  });

  it('PP-2.3 a partner-handled item shows which fields the partner receives before its link opens', async () => {
    await withPage('catalogue-partner', async (page) => {
      await page.goto(`${base}/services/item/320600-GG-0020`);
      await declinePolicy(page);
      await page.getByTestId('item-name').getByText('住房公积金个人账户信息查询').waitFor();
      const popups: string[] = [];
      page.context().on('page', (p) => popups.push(p.url()));
      await page.getByTestId('partner-open').click();
      const notice = page.getByTestId('partner-notice');
      await notice.getByText('南通市住房公积金管理中心', { exact: false }).waitFor();
      await notice.getByText('身份证号', { exact: false }).first().waitFor();
      await page.getByRole('button', { name: '取消' }).click();
      assert.deepEqual(popups, [], 'nothing opened without the citizen\u2019s go-ahead');
    });
  });

  it('PP-1.12 without location, halls are chosen by district by hand', async () => {
    await withPage('catalogue-halls', async (page) => {
      await page.goto(`${base}/services/halls`);
      await declinePolicy(page);
      await page.getByTestId('locate').waitFor();
      await page.getByText('启东市', { exact: true }).click();
      const hall = page.getByTestId('hall');
      await hall.getByText('启东市政务服务中心').waitFor();
      assert.equal(await hall.count(), 1);
      assert.match((await hall.getByTestId('call-link').getAttribute('href')) ?? '', /^tel:/);
    });
  });

  it('PP-1.9 signed in: 收藏 asks for the search-history consent first, then shows in 我的收藏 and can be removed', async () => {
    const mobile = '13951230717';
    const favourites = () => platform.database.db.selectFrom('catalogue_favourites').select('item_code').execute();
    await withPage('catalogue-favourites', async (page) => {
      await page.goto(`${base}/me`);
      await page.getByTestId('policy-agree').click();
      await registerInApp(page, platform, { accountName: 'e2e_favourer', mobile, password: 'hao he lang shan fav' });

      await page.goto(`${base}/services/item/320600-GG-0020`);
      await acceptPolicyIfAsked(page); // the account's own policy acceptance, if asked again
      await page.getByTestId('item-name').getByText('住房公积金个人账户信息查询').waitFor();
      await page.getByTestId('favourite').click();
      const sheet = page.getByTestId('consent-sheet');
      await sheet.waitFor();
      assert.equal(await sheet.getAttribute('data-purpose'), 'search-history');
      assert.equal((await favourites()).length, 0, 'nothing kept before the consent');
      await page.getByTestId('consent-agree').click();
      await page.getByTestId('favourite').getByText('已收藏').waitFor();
      assert.deepEqual((await favourites()).map((f) => f.item_code), ['320600-GG-0020']);

      await page.goto(`${base}/me/favourites`);
      await page.getByRole('link', { name: '住房公积金个人账户信息查询' }).click();
      await page.waitForURL((u) => u.pathname === '/services/item/320600-GG-0020');
      await page.getByTestId('favourite').getByText('已收藏').click();
      await page.getByTestId('favourite').getByText(/^☆ 收藏$/).waitFor();
      assert.equal((await favourites()).length, 0);
    });
  });
});
