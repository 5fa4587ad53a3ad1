// Joint promotions over HTTP on the composed platform (PP-2.4): an activity announces its co-organiser and exactly the
// information provided to it; only the joint-promotions category's non-sensitive elements can be announced; joining is
// a signed-in citizen's consent tap; the hand-over goes through the sharing ledger with the announced elements only;
// a participant who left or withdrew is never provided.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, asStaff, testAuthenticator } from '../support/auth.ts';
import { newPerson, register } from '../identity/support.ts';
import { inventory } from '../../src/modules/privacy/lists.ts';
import { defaultProse } from '../../src/modules/privacy/policy/prose.ts';
import { renderPolicy, toMarkdown } from '../../src/modules/privacy/policy/render.ts';

const manager = asStaff('staff-promo', ['promotions.manage']);
const BASE = '/api/v1/promotions';
const ADMIN = `${BASE}/admin/activities`;

describeEachDatabase('joint promotions (PP-2.4)', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: testAuthenticator });
    p.clock.set('2026-12-01T10:00:00+08:00');
  });
  after(async () => {
    await p?.close();
  });

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: unknown) =>
    p.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as any } : {}) });
  const activity = (over: Record<string, unknown> = {}) => ({
    title: '冬季暖心券', description: '参加即可领取合作商户的优惠券。', kind: 'coupon', coOrganiser: { name: '南通某某商贸有限公司', contact: '0513-80000000' },
    sharedElements: ['mobile'], startsOn: '2026-12-01', endsOn: '2026-12-31', ...over,
  });
  async function published(over: Record<string, unknown> = {}): Promise<string> {
    const created = await inject('POST', ADMIN, manager, activity(over));
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().item.id as string;
    const pub = await inject('POST', `${ADMIN}/${id}/publish`, manager);
    assert.equal(pub.statusCode, 200, pub.body);
    return id;
  }
  const join = (id: string, account: string, sharedElements: string[]) => inject('POST', `${BASE}/${id}/join`, asCitizen(account), { sharedElements });
  const ledger = (promotionProvisions?: string[]) => {
    let q = ctx.database.db.selectFrom('sharing_provisions').selectAll().where('recipient_id', '=', 'joint-promotions');
    if (promotionProvisions) q = q.where('id', 'in', promotionProvisions.length ? promotionProvisions : ['00000000-0000-0000-0000-000000000000']);
    return q.execute();
  };

  it('PP-2.4 an activity announcing a sensitive or undeclared element is refused, and nothing is created', async () => {
    const sensitive = await inject('POST', ADMIN, manager, activity({ sharedElements: ['mobile', 'id-number'] }));
    assert.equal(sensitive.statusCode, 422, sensitive.body);
    assert.equal(sensitive.json().type, '/problems/promotion-sensitive-element');
    assert.deepEqual(sensitive.json().elements, ['id-number']);
    const location = await inject('POST', ADMIN, manager, activity({ sharedElements: ['precise-location'] }));
    assert.equal(location.json().type, '/problems/promotion-sensitive-element');
    // not sensitive, but not in the joint-promotions category of the published sharing list
    for (const el of ['email', 'real-name', 'shoe-size']) {
      const res = await inject('POST', ADMIN, manager, activity({ sharedElements: ['mobile', el] }));
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().type, '/problems/promotion-element-not-declared');
      assert.deepEqual(res.json().elements, [el]);
      assert.deepEqual(res.json().allowed, ['mobile', 'account-name']);
    }
    const backwards = await inject('POST', ADMIN, manager, activity({ startsOn: '2026-12-31', endsOn: '2026-12-01' }));
    assert.equal(backwards.json().type, '/problems/promotion-invalid-dates');
    // PP-3.4: the console routes need promotions.manage
    assert.equal((await inject('POST', ADMIN, asStaff('staff-other', ['catalogue.edit']), activity())).statusCode, 403);
    assert.equal((await inject('POST', ADMIN, asCitizen('acct-x'), activity())).statusCode, 403);
    const list = await inject('GET', ADMIN, manager);
    assert.deepEqual(list.json().items, []);
    assert.deepEqual(list.json().allowedElements.map((e: { id: string }) => e.id), ['mobile', 'account-name']);
  });

  it('PP-2.4 the public activity page states the co-organiser and exactly the categories provided, from the activity record', async () => {
    const draft = await inject('POST', ADMIN, manager, activity({ title: '草稿活动' }));
    const draftId = draft.json().item.id as string;
    assert.equal((await inject('GET', `${BASE}/${draftId}`)).statusCode, 404, 'a draft is not public');
    const id = await published({ title: '新年抽奖', kind: 'lottery', sharedElements: ['account-name', 'mobile'] });

    const page = await inject('GET', `${BASE}/${id}`);
    assert.equal(page.statusCode, 200, page.body);
    const a = page.json();
    assert.deepEqual(a.coOrganiser, { name: '南通某某商贸有限公司', contact: '0513-80000000' });
    assert.deepEqual(a.sharedElements.map((e: { id: string; nameZh: string }) => [e.id, e.nameZh]), [['mobile', '手机号码'], ['account-name', '帐号名称']]);
    assert.equal(a.open, true);
    assert.match(a.notice.zh, /南通某某商贸有限公司/);
    assert.match(a.notice.zh, /0513-80000000/);
    assert.match(a.notice.zh, /手机号码、帐号名称/);
    assert.match(a.notice.zh, /抽奖/);
    assert.ok(!/身份证|位置|银行卡/.test(a.notice.zh), 'nothing else is named');
    const listed = (await inject('GET', BASE)).json().items as { id: string }[];
    assert.ok(listed.some((x) => x.id === id) && !listed.some((x) => x.id === draftId));

    // a published activity keeps what its participants were told
    const change = await inject('PUT', `${ADMIN}/${id}`, manager, activity({ sharedElements: ['mobile'] }));
    assert.equal(change.statusCode, 409);
    assert.equal(change.json().type, '/problems/promotion-not-draft');
  });

  it('PP-2.4 joining needs a signed-in citizen and an explicit tap on the announced categories, and records consent', async () => {
    const id = await published({ sharedElements: ['mobile'] });
    const anonymous = await inject('POST', `${BASE}/${id}/join`, {}, { sharedElements: ['mobile'] });
    assert.equal(anonymous.statusCode, 401);
    const staff = await inject('POST', `${BASE}/${id}/join`, manager, { sharedElements: ['mobile'] });
    assert.equal(staff.statusCode, 403, 'staff do not join on a citizen\u2019s behalf');
    // the categories the page showed must be the activity's: consent is to what was seen
    const other = await join(id, 'acct-join', ['mobile', 'account-name']);
    assert.equal(other.statusCode, 409);
    assert.equal(other.json().type, '/problems/promotion-notice-changed');
    assert.equal((await ctx.database.db.selectFrom('consent_records').select('id').where('subject_ref', '=', 'acct-join').execute()).length, 0);

    const ok = await join(id, 'acct-join', ['mobile']);
    assert.equal(ok.statusCode, 201, ok.body);
    const consents = await ctx.database.db.selectFrom('consent_records').selectAll().where('subject_ref', '=', 'acct-join').where('purpose_id', '=', 'joint-promotions').execute();
    assert.equal(consents.length, 1);
    assert.equal(consents[0]!.granted, true);
    assert.equal(consents[0]!.separate, true);
    assert.equal(consents[0]!.method, 'tap');
    const audit = await ctx.database.db.selectFrom('audit_records').select(['action', 'details']).where('action', '=', 'promotions.join-activity').execute();
    assert.equal(audit.length, 1);
    const mine = (await inject('GET', `${BASE}/mine`, asCitizen('acct-join'))).json().items;
    assert.deepEqual(mine.map((m: { promotionId: string; leftAt: null }) => [m.promotionId, m.leftAt]), [[id, null]]);
    // joining again is the same participation, not a second consent
    assert.equal((await join(id, 'acct-join', ['mobile'])).statusCode, 201);
    assert.equal((await ctx.database.db.selectFrom('consent_records').select('id').where('subject_ref', '=', 'acct-join').execute()).length, 1);

    // not open before its first day
    const later = await published({ startsOn: '2027-01-10', endsOn: '2027-01-20' });
    const early = await join(later, 'acct-join', ['mobile']);
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().type, '/problems/promotion-not-open');
  });

  it('PP-2.4 the hand-over gives the co-organiser exactly the announced fields, each participant a provision in the sharing ledger', async () => {
    const id = await published({ sharedElements: ['mobile'] });
    const a = await register(p, newPerson());
    const b = await register(p, newPerson());
    for (const c of [a, b]) assert.equal((await join(id, c.accountId, ['mobile'])).statusCode, 201);

    // an element the page did not announce is refused by name, before anything is read or provided
    const before = (await ledger()).length;
    const wider = await inject('POST', `${ADMIN}/${id}/hand-over`, manager, { elements: ['mobile', 'account-name'] });
    assert.equal(wider.statusCode, 403, wider.body);
    assert.equal(wider.json().type, '/problems/promotion-element-not-announced');
    assert.deepEqual(wider.json().elements, ['account-name']);
    const idNumber = await inject('POST', `${ADMIN}/${id}/hand-over`, manager, { elements: ['id-number'] });
    assert.equal(idNumber.json().type, '/problems/promotion-element-not-announced');
    assert.equal((await ledger()).length, before);

    const res = await inject('POST', `${ADMIN}/${id}/hand-over`, manager, {});
    assert.equal(res.statusCode, 200, res.body);
    const out = res.json();
    assert.deepEqual(out.coOrganiser.name, '南通某某商贸有限公司');
    assert.deepEqual(out.elements, ['mobile']);
    assert.equal(out.records.length, 2);
    for (const r of out.records) assert.deepEqual(Object.keys(r.data), ['mobile'], 'nothing but the announced field');
    assert.deepEqual(out.records.map((r: { data: { mobile: string } }) => r.data.mobile).sort(), [a.mobile, b.mobile].sort());
    assert.ok(!JSON.stringify(out).includes(a.accountName), 'the account name was not announced and is not handed over');

    const rows = await ledger(out.records.map((r: { provisionId: string }) => r.provisionId));
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.deepEqual(row.elements, ['mobile']);
      assert.equal(row.purpose_id, 'joint-promotions');
      assert.equal(row.legal_basis, 'consent');
      assert.equal(row.direction, 'outbound');
    }
    assert.deepEqual(rows.map((r) => r.subject_account_id).sort(), [a.accountId, b.accountId].sort());
    const provides = await ctx.database.db.selectFrom('audit_records').select(['actor_kind', 'actor_ref', 'elements']).where('action', '=', 'sharing.provide').execute();
    assert.ok(provides.filter((x) => x.actor_ref === 'staff-promo' && x.actor_kind === 'staff').length >= 2);
    const shared = await ctx.database.db.selectFrom('promotion_participants').select(['account_id', 'shared_at', 'provision_id']).where('promotion_id', '=', id).execute();
    assert.ok(shared.every((s) => s.shared_at && s.provision_id));

    // provided once: a second hand-over has nobody left to provide
    const again = await inject('POST', `${ADMIN}/${id}/hand-over`, manager, {});
    assert.equal(again.json().records.length, 0);
    assert.equal((await ledger()).length, before + 2);
    // the citizen sees the provision under 谁使用了我的数据
    const mine = (await inject('GET', `${BASE}/mine`, asCitizen(a.accountId))).json().items;
    assert.ok(mine[0].sharedAt);
  });

  it('PP-2.4 PP-4.4 a participant who left or withdrew the consent is not provided to the co-organiser', async () => {
    const id = await published({ sharedElements: ['mobile', 'account-name'] });
    const stays = await register(p, newPerson());
    const leaves = await register(p, newPerson());
    const withdraws = await register(p, newPerson());
    for (const c of [stays, leaves, withdraws]) assert.equal((await join(id, c.accountId, ['account-name', 'mobile'])).statusCode, 201);

    const left = await inject('DELETE', `${BASE}/${id}/join`, asCitizen(leaves.accountId));
    assert.equal(left.statusCode, 200, left.body);
    // leaving the last activity withdraws the consent too (nothing uses it any more)
    const latest = await ctx.database.db.selectFrom('consent_records').select('granted').where('subject_ref', '=', leaves.accountId).where('purpose_id', '=', 'joint-promotions')
      .orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    assert.equal(latest.granted, false);
    // withdrawing in the privacy centre (PP-4.4) leaves every activity at once
    const withdrawn = await inject('DELETE', '/api/v1/privacy/consents/joint-promotions', asCitizen(withdraws.accountId));
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    const row = await ctx.database.db.selectFrom('promotion_participants').select(['left_at', 'left_reason']).where('account_id', '=', withdraws.accountId).executeTakeFirstOrThrow();
    assert.ok(row.left_at);
    assert.equal(row.left_reason, 'consent-withdrawn');

    const res = await inject('POST', `${ADMIN}/${id}/hand-over`, manager, {});
    assert.equal(res.statusCode, 200, res.body);
    const records = res.json().records as { provisionId: string; data: Record<string, string> }[];
    assert.equal(records.length, 1);
    assert.deepEqual(records[0]!.data, { mobile: stays.mobile, 'account-name': stays.accountName });
    const rows = await ledger(records.map((r) => r.provisionId));
    assert.deepEqual(rows.map((r) => r.subject_account_id), [stays.accountId]);
    const everProvided = await ctx.database.db.selectFrom('sharing_provisions').select('id')
      .where('subject_account_id', 'in', [leaves.accountId, withdraws.accountId]).execute();
    assert.deepEqual(everProvided, [], 'no provision about the ones who left or withdrew');
    const counts = (await inject('GET', ADMIN, manager)).json().items.find((x: { id: string }) => x.id === id).counts;
    assert.deepEqual(counts, { active: 1, left: 2, shared: 1 });
  });

  it('PP-2.4 the 第三方信息共享清单 and the generated policy show the joint-promotions category', async () => {
    const res = await inject('GET', '/api/v1/privacy/sharing-list');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.items.length, 11, 'the service categories of PP-2.3 are unchanged');
    assert.equal(body.jointPromotions.length, 1);
    const jp = body.jointPromotions[0];
    assert.equal(jp.category, 'joint-promotions');
    assert.equal(jp.categoryZh, '联合推广活动类');
    assert.deepEqual(jp.fieldsZh, ['手机号码', '帐号名称']);
    assert.deepEqual(jp.scenarioZh, ['优惠券领取', '抽奖']);
    assert.equal(jp.legalBasis, 'consent');
    const md = toMarkdown(renderPolicy(inventory, defaultProse(), { version: 1, effectiveDate: '2026-12-01' }, 'zh-CN'));
    assert.match(md, /当您使用联合推广活动类服务时\(如优惠券领取、抽奖\)[^\n]*共享您的\*\*手机号码、帐号名称\*\*/);
    assert.match(md, /联合推广活动\(优惠券领取、抽奖\)/, 'the purpose is in the collection section');
  });
});
