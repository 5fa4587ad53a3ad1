// Time limits of 12345 requests on real dates of the official 2026 calendar: received the day before 国庆 (10-01…10-07
// off, Saturday 10-10 worked), counted from the day after receipt; 签收/退单 windows; 延期 only before expiry.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, asStaff, testAuthenticator } from '../support/auth.ts';

const DISPATCH = asStaff('d', ['hotline.dispatch']);
const HANDLER = asStaff('h', ['hotline.handle'], 'housing-fund');

describeEachDatabase('12345 time limits on the official calendar', (ctx) => {
  let p: TestPlatform;
  const me = asCitizen(randomUUID());
  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: testAuthenticator });
    p.clock.set('2026-09-30T15:00:00+08:00'); // Wednesday before 国庆
  });
  after(async () => p.close());
  const post = (url: string, headers: Record<string, string>, payload?: unknown) => p.app.inject({ method: 'POST', url, headers, payload: payload as any });

  it('LAW-11 a request received the day before 国庆 is due counting only working days from the day after receipt', async () => {
    const due = async (type: string) => (await post('/api/v1/hotline/requests', me, { type, title: '公积金提取', description: '请问公积金怎么提取' })).json().dueDate;
    assert.equal(await due('consultation'), '2026-10-10', '咨询 3: 10-08, 10-09 and the 调休 Saturday 10-10');
    assert.equal(await due('help'), '2026-10-13', '求助 5: then Monday 10-12 and Tuesday 10-13');
    assert.equal(await due('complaint'), '2026-10-27', '投诉 15: …, 10-23, 10-26, 10-27');
  });

  it('LAW-11 the department signs within 1 working day and may return within 2; the windows skip the holiday', async () => {
    const id = (await post('/api/v1/hotline/requests', me, { type: 'consultation', title: '公积金提取', description: '请问公积金怎么提取' })).json().id;
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/accept`, DISPATCH, {});
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/dispatch`, DISPATCH, {});
    const a = await ctx.database.db.selectFrom('hotline_assignments').select(['sign_due', 'return_due']).where('request_id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(a, { sign_due: '2026-10-08', return_due: '2026-10-09' });
    p.clock.set('2026-10-09T17:00:00+08:00'); // the 2nd working day after dispatch: still allowed
    const ok = await post(`/api/v1/console/hotline/handle/requests/${id}/return`, HANDLER, { text: '非本单位职责', basis: '三定方案' });
    assert.equal(ok.statusCode, 200, ok.body);
  });

  it('LAW-11 an extension asked after the time limit has run out is refused', async () => {
    p.clock.set('2026-09-30T15:00:00+08:00');
    const id = (await post('/api/v1/hotline/requests', me, { type: 'consultation', title: '公积金提取', description: '请问公积金怎么提取' })).json().id;
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/accept`, DISPATCH, {});
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/dispatch`, DISPATCH, { organisationId: 'housing-fund' });
    await post(`/api/v1/console/hotline/handle/requests/${id}/sign`, HANDLER, {});
    p.clock.set('2026-10-12T09:00:00+08:00'); // due 10-10 (Saturday, worked): Monday is too late
    const late = await post(`/api/v1/console/hotline/handle/requests/${id}/request-extension`, HANDLER, { days: 3, text: '需要更多时间' });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().reason, 'extension-allowed');
    const mine = await p.app.inject({ url: `/api/v1/hotline/requests/${id}`, headers: me });
    assert.equal(mine.json().deadline.overdue, true);
    assert.equal(mine.json().deadline.workingDaysLeft, -1);
  });
});
