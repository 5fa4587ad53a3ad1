// The 12345 closed loop through the HTTP API: a citizen files a 投诉 with a photo that carries GPS EXIF, the dispatcher
// routes it, the department signs, asks for an extension, replies, the head approves, the citizen rates 不满意 and asks
// for 重办, the second reply is rated 满意. Least privilege, the sharing ledger, illegal steps and time limits on the
// real calendar are checked on the way.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import sharp from 'sharp';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, asStaff, testAuthenticator } from '../support/auth.ts';
import { jpegWithGps, wav } from './fixtures.ts';
import { HotlineService, type HotlineDeps } from '../../src/modules/hotline/index.ts';
import { createReferenceModule } from '../../src/modules/reference/index.ts';

const DISPATCH = asStaff('dispatcher-1', ['hotline.dispatch']);
const HANDLER = asStaff('handler-uma', ['hotline.handle'], 'urban-management');
const HEAD = asStaff('head-uma', ['hotline.approve'], 'urban-management');
const OTHER_HANDLER = asStaff('handler-edu', ['hotline.handle'], 'education');
const CALLBACK = asStaff('callback-1', ['hotline.callback']);
const STATS = asStaff('stats-1', ['hotline.stats']);

describeEachDatabase('12345 request lifecycle', (ctx) => {
  let p: TestPlatform;
  const citizen = randomUUID();
  const me = asCitizen(citizen);
  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: testAuthenticator });
    p.clock.set('2026-11-23T10:00:00+08:00'); // a Monday
  });
  after(async () => p.close());

  const post = (url: string, headers: Record<string, string>, payload?: unknown) => p.app.inject({ method: 'POST', url, headers, payload: payload as any });
  const get = (url: string, headers: Record<string, string>) => p.app.inject({ url, headers });
  /** Runs the notification jobs the steps so far queued (the test platform does not work the queue). */
  async function notify() {
    const pending = await ctx.database.db.selectFrom('hotline_events').select('id').where('visible', '=', true).where('notified_at', 'is', null).execute();
    for (const e of pending) await p.jobs.run('hotline.notify-citizen', { eventId: Number(e.id) });
    return pending.length;
  }

  async function grant(purposeId: string, separate = false) {
    const r = await post('/api/v1/privacy/consents', me, { purposeId, separate });
    assert.equal(r.statusCode, 201, r.body);
  }

  let requestId = '';
  let photoId = '';

  it('PP-1.13 refuses a photo before the album/camera consent, then stores it without any EXIF or GPS', async () => {
    const jpeg = await jpegWithGps();
    const refused = await p.app.inject({ method: 'POST', url: '/api/v1/hotline/attachments?kind=photo', headers: { ...me, 'content-type': 'image/jpeg' }, payload: jpeg });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().type, '/problems/consent-required');
    await grant('photo-camera');
    const up = await p.app.inject({ method: 'POST', url: '/api/v1/hotline/attachments?kind=photo', headers: { ...me, 'content-type': 'application/octet-stream' }, payload: jpeg });
    assert.equal(up.statusCode, 201, up.body);
    photoId = up.json().id;
    const stored = await get(`/api/v1/hotline/attachments/${photoId}`, me);
    assert.equal(stored.headers['content-type'], 'image/jpeg');
    const meta = await sharp(stored.rawPayload).metadata();
    assert.equal(meta.exif, undefined, 'no EXIF (and so no GPS) in the stored photo');
    assert.equal(stored.rawPayload.includes('TestCam'), false);
    const row = await ctx.database.db.selectFrom('hotline_attachments').select('data_enc').where('id', '=', photoId).executeTakeFirstOrThrow();
    assert.equal(Buffer.from(row.data_enc).includes(Buffer.from([0xff, 0xd8, 0xff])), false, 'the photo is encrypted at rest');
  });

  it('PP-1.14 takes a voice note only under the voice purpose, checks its type and length', async () => {
    const up = (body: Buffer) => p.app.inject({ method: 'POST', url: '/api/v1/hotline/attachments?kind=voice', headers: { ...me, 'content-type': 'audio/wav' }, payload: body });
    const refused = await up(wav(3));
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().purpose, 'voice');
    await grant('voice');
    const ok = await up(wav(3));
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().durationSeconds, 3);
    assert.equal((await up(wav(61))).json().type, '/problems/audio-too-long');
    assert.equal((await up(Buffer.from('not audio at all, only text'))).statusCode, 415);
  });

  it('answers an emergency with 110/119/120/122 instead of filing it', async () => {
    const r = await post('/api/v1/hotline/requests', me, { type: 'help', title: '楼下着火了', description: '小区3号楼着火，有人被困' });
    assert.equal(r.statusCode, 422);
    assert.equal(r.json().type, '/problems/hotline-emergency');
    assert.ok(r.json().emergencyNumbers.some((n: any) => n.number === '119'));
    const mine = (await get('/api/v1/hotline/requests', me)).json();
    assert.equal(mine.items.length, 0);
  });

  it('PP-1.12 takes a location only with the location consent', async () => {
    const r = await post('/api/v1/hotline/requests', me, { type: 'complaint', title: '路灯不亮', description: '人民路路灯一周不亮', location: { address: '人民路100号' } });
    assert.equal(r.statusCode, 403);
    assert.equal(r.json().type, '/problems/consent-required');
  });

  it('PP-1.8 files a 投诉 with contact data encrypted, routed by keyword and district, due 15 working days after receipt', async () => {
    const r = await post('/api/v1/hotline/requests', me, {
      type: 'complaint',
      title: '小区门口占道经营',
      description: '崇川区某小区门口每天晚上占道经营，油烟很大，影响通行。',
      divisionCode: '320613',
      attachmentIds: [photoId],
      contact: { name: '王小明', gender: 'male', mobile: '13812345678', idNumber: '320602199001011234' },
    });
    assert.equal(r.statusCode, 201, r.body);
    const body = r.json();
    requestId = body.id;
    assert.equal(body.suggestedOrganisationId, 'chongchuan', 'a local matter with a known district goes to the district government');
    assert.equal(body.dueDate, '2026-12-14', '15 working days counted from Tuesday 11-24');
    const row = await ctx.database.db.selectFrom('hotline_requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    assert.equal(Buffer.from(row.contact_mobile_enc!).includes('13812345678'), false);
    assert.equal(Buffer.from(row.title_enc).toString('utf8').includes('占道'), false);
    assert.equal(row.policy_version >= 1, true, 'the policy version in force is recorded');
    assert.equal(await notify(), 1);
    assert.equal(await notify(), 0, 'each step is notified once');
    const outbox = await ctx.database.db.selectFrom('notification_outbox').select(['channel', 'template']).where('recipient_ref', '=', citizen).execute();
    assert.deepEqual(outbox.map((o) => o.channel).sort(), ['inapp', 'sms']);
  });

  it('PP-1.9 the request appears in 我的服务 (handling records) when the citizen keeps them', async () => {
    await grant('search-history');
    const jobs = await sql<{ data: Record<string, string | number> }>`select data from pgboss.job where name = 'catalogue.record-handling'`.execute(ctx.database.db);
    assert.ok(jobs.rows.length >= 1, 'the submission queued a handling record');
    for (const j of jobs.rows) await p.jobs.run('catalogue.record-handling', j.data);
    const records = (await get('/api/v1/catalogue/handling-records', me)).json();
    const mine = records.items.find((i: any) => i.itemCode === '320600-GG-0132');
    assert.ok(mine, JSON.stringify(records));
    assert.equal(mine.status, 'submitted');
    assert.match(mine.reference, /^NT\d{15}$/);
  });

  it('refuses steps the transition table does not allow, with a named problem', async () => {
    const sign = await post(`/api/v1/console/hotline/handle/requests/${requestId}/sign`, HANDLER, {});
    assert.equal(sign.statusCode, 404, 'not yet routed to this department: it does not exist for it');
    const rate = await post(`/api/v1/hotline/requests/${requestId}/rating`, me, { rating: 'satisfied' });
    assert.equal(rate.statusCode, 409);
    assert.equal(rate.json().type, '/problems/hotline-transition-not-allowed');
    assert.equal(rate.json().reason, 'wrong-state');
    const dispatchEarly = await post(`/api/v1/console/hotline/dispatch/requests/${requestId}/dispatch`, DISPATCH, {});
    assert.equal(dispatchEarly.statusCode, 409, 'must be accepted (受理) first');
    const noPermission = await post(`/api/v1/console/hotline/dispatch/requests/${requestId}/accept`, HANDLER, {});
    assert.equal(noPermission.statusCode, 403);
  });

  it('PP-1.8 LAW-4 the dispatcher routes it (override to 城管 as lead, 崇川 assisting) and each department gets a ledger provision', async () => {
    assert.equal((await post(`/api/v1/console/hotline/dispatch/requests/${requestId}/accept`, DISPATCH, {})).statusCode, 200);
    const d = await post(`/api/v1/console/hotline/dispatch/requests/${requestId}/dispatch`, DISPATCH, { organisationId: 'urban-management', assistIds: ['chongchuan'] });
    assert.equal(d.statusCode, 200, d.body);
    assert.equal(d.json().status, 'dispatched');
    const provisions = await p.kernel.sharing.provisionsOf(ctx.database.db, citizen);
    assert.equal(provisions.length, 2);
    for (const pr of provisions) {
      assert.equal(pr.purpose_id, 'hotline-12345');
      assert.equal(pr.recipient_id, 'interaction');
      assert.ok(pr.elements.includes('mobile'));
      assert.equal(pr.elements.includes('id-number'), false, 'the ID number is never handed over with the case');
    }
    const events = await ctx.database.db.selectFrom('hotline_events').select('event').where('request_id', '=', requestId).execute();
    assert.ok(events.some((e) => e.event === 'citizen-request.assigned'));
  });

  it('PP-3.4 a handler of another department cannot see the request; the lead sees the phone but never the ID number', async () => {
    assert.equal((await get(`/api/v1/console/hotline/handle/requests/${requestId}`, OTHER_HANDLER)).statusCode, 404);
    const otherQueue = (await get('/api/v1/console/hotline/handle/queue', OTHER_HANDLER)).json();
    assert.equal(otherQueue.items.length, 0);
    const q = (await get('/api/v1/console/hotline/handle/queue', HANDLER)).json();
    assert.deepEqual(q.items.map((i: any) => i.id), [requestId]);
    const detail = await get(`/api/v1/console/hotline/handle/requests/${requestId}`, HANDLER);
    assert.equal(detail.statusCode, 200, detail.body);
    const body = detail.json();
    assert.equal(body.contact.mobile, '13812345678');
    assert.equal(body.contact.name, '王小明');
    assert.equal(body.idNumberRevealable, false, '投诉 does not need the ID number');
    assert.equal(JSON.stringify(body).includes('320602199001011234'), false);
    const reveal = await post(`/api/v1/console/hotline/handle/requests/${requestId}/reveal-id-number`, HANDLER, { reason: '核实身份' });
    assert.equal(reveal.statusCode, 403);
    assert.equal(reveal.json().type, '/problems/hotline-id-number-not-needed');
    const dispatcherView = (await get(`/api/v1/console/hotline/dispatch/requests/${requestId}`, DISPATCH)).json();
    assert.equal(dispatcherView.contact.mobile, '138****5678', 'the dispatcher sees the phone masked');
    const audits = await ctx.database.db.selectFrom('audit_records').select('action').where('action', '=', 'hotline.read-contact').execute();
    assert.ok(audits.length >= 1, 'the handler reading the phone is audited');
  });

  it('the department signs, asks for an extension (approved once by the dispatcher, the citizen told), drafts a reply', async () => {
    assert.equal((await post(`/api/v1/console/hotline/handle/requests/${requestId}/sign`, HANDLER, {})).statusCode, 200);
    const assist = await post(`/api/v1/console/hotline/handle/requests/${requestId}/sign`, asStaff('h-cc', ['hotline.handle'], 'chongchuan'), {});
    assert.equal(assist.statusCode, 409, 'an assisting department does not drive the workflow');
    const noReason = await post(`/api/v1/console/hotline/handle/requests/${requestId}/request-extension`, HANDLER, { days: 5 });
    assert.equal(noReason.statusCode, 422);
    assert.equal((await post(`/api/v1/console/hotline/handle/requests/${requestId}/request-extension`, HANDLER, { days: 5, text: '需要联合执法' })).statusCode, 200);
    const again = await post(`/api/v1/console/hotline/handle/requests/${requestId}/request-extension`, HANDLER, { days: 5, text: '再申请' });
    assert.equal(again.json().reason, 'extension-allowed');
    const approved = await post(`/api/v1/console/hotline/dispatch/requests/${requestId}/approve-extension`, DISPATCH, {});
    assert.equal(approved.statusCode, 200);
    assert.equal(approved.json().dueDate, '2026-12-21', '5 more working days after 12-14');
    const second = await post(`/api/v1/console/hotline/handle/requests/${requestId}/request-extension`, HANDLER, { days: 5, text: '还要延期' });
    assert.equal(second.statusCode, 409, 'at most one extension by default');
    const mine = (await get(`/api/v1/hotline/requests/${requestId}`, me)).json();
    assert.ok(mine.timeline.some((s: any) => s.event === 'citizen-request.extended'));
    assert.equal(mine.timeline.some((s: any) => s.event === 'citizen-request.extension-requested'), false, 'internal steps stay internal');
    assert.equal((await post(`/api/v1/console/hotline/handle/requests/${requestId}/draft-reply`, HANDLER, { text: '已责令摊贩退出道路，并加强巡查。' })).statusCode, 200);
  });

  it('the head approves the reply; the department no longer sees the phone; the citizen sees the reply and rates 不满意, asks 重办', async () => {
    const wrongHead = await post(`/api/v1/console/hotline/approve/requests/${requestId}/approve-reply`, asStaff('head-edu', ['hotline.approve'], 'education'), {});
    assert.equal(wrongHead.statusCode, 404);
    assert.equal((await post(`/api/v1/console/hotline/approve/requests/${requestId}/approve-reply`, HEAD, {})).statusCode, 200);
    const after = (await get(`/api/v1/console/hotline/handle/requests/${requestId}`, HANDLER)).json();
    assert.equal(after.contact.mobile, '138****5678', 'after 办结 the phone is masked again');
    assert.equal(after.contact.name, null);
    const mine = (await get(`/api/v1/hotline/requests/${requestId}`, me)).json();
    assert.equal(mine.status, 'closed');
    assert.equal(mine.reply, '已责令摊贩退出道路，并加强巡查。');
    assert.equal(mine.department, '市城管局');
    assert.equal(mine.canRate, true);
    assert.equal((await post(`/api/v1/hotline/requests/${requestId}/rating`, me, { rating: 'unsatisfied', comment: '晚上还在摆' })).statusCode, 200);
    const reopened = await post(`/api/v1/hotline/requests/${requestId}/reopen`, me);
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal(reopened.json().status, 'handling');
  });

  it('the second reply is approved, followed up and rated 满意; 重办 cannot be asked twice', async () => {
    assert.equal((await post(`/api/v1/console/hotline/handle/requests/${requestId}/draft-reply`, HANDLER, { text: '已设置夜间巡查点，摊贩已清理。' })).statusCode, 200);
    assert.equal((await post(`/api/v1/console/hotline/approve/requests/${requestId}/approve-reply`, HEAD, {})).statusCode, 200);
    const cb = (await get(`/api/v1/console/hotline/callback/queue`, CALLBACK)).json();
    assert.ok(cb.items.some((i: any) => i.id === requestId));
    assert.equal((await post(`/api/v1/console/hotline/callback/requests/${requestId}/record-callback`, CALLBACK, { text: '已电话回访' })).statusCode, 200);
    assert.equal((await post(`/api/v1/hotline/requests/${requestId}/rating`, me, { rating: 'satisfied' })).statusCode, 200);
    const mine = (await get(`/api/v1/hotline/requests/${requestId}`, me)).json();
    assert.equal(mine.status, 'rated');
    assert.equal(mine.rating, 'satisfied');
    assert.equal(mine.reply, '已设置夜间巡查点，摊贩已清理。');
    assert.equal(mine.canReopen, false);
    const audit = await ctx.database.db.selectFrom('audit_records').select('action').where('action', 'like', 'hotline.%').execute();
    for (const a of ['hotline.submit-request', 'hotline.accept', 'hotline.dispatch', 'hotline.sign', 'hotline.approve-reply', 'hotline.rate', 'hotline.reopen']) {
      assert.ok(audit.some((x) => x.action === a), `${a} is audited`);
    }
  });

  it('PP-3.4 a 举报 is routed to 市场监管; its handler may reveal the ID number only with a reason, audited and in the ledger', async () => {
    const r = await post('/api/v1/hotline/requests', me, { type: 'report', title: '举报无证经营', description: '某店铺无营业执照销售过期食品', contact: { mobile: '13900001111', idNumber: '32060219900101123X' } });
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().id;
    assert.equal(r.json().suggestedOrganisationId, 'market');
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/accept`, DISPATCH, {});
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/dispatch`, DISPATCH, {});
    const mk = asStaff('h-mk', ['hotline.handle'], 'market');
    assert.equal((await post(`/api/v1/console/hotline/handle/requests/${id}/sign`, mk, {})).statusCode, 200);
    const detail = (await get(`/api/v1/console/hotline/handle/requests/${id}`, mk)).json();
    assert.equal(detail.contact.hasIdNumber, true);
    assert.equal(detail.idNumberRevealable, true);
    assert.equal(JSON.stringify(detail).includes('32060219900101123X'), false, 'not shown until revealed');
    const before = (await p.kernel.sharing.provisionsOf(ctx.database.db, citizen)).length;
    const noReason = await post(`/api/v1/console/hotline/handle/requests/${id}/reveal-id-number`, mk, { reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.equal((await post(`/api/v1/console/hotline/handle/requests/${id}/reveal-id-number`, OTHER_HANDLER, { reason: '核实举报人身份' })).statusCode, 404);
    const reveal = await post(`/api/v1/console/hotline/handle/requests/${id}/reveal-id-number`, mk, { reason: '核实举报人身份' });
    assert.equal(reveal.statusCode, 200, reveal.body);
    assert.equal(reveal.json().idNumber, '32060219900101123X');
    const provisions = await p.kernel.sharing.provisionsOf(ctx.database.db, citizen);
    assert.equal(provisions.length, before + 1);
    assert.deepEqual(provisions.find((x) => x.elements.includes('id-number'))?.elements, ['id-number']);
    const audit = await ctx.database.db.selectFrom('audit_records').select(['action', 'elements']).where('action', '=', 'hotline.reveal-id-number').execute();
    assert.equal(audit.length, 1);
    // the whole request goes back to the dispatcher here so the later statistics stay as they were
    await post(`/api/v1/console/hotline/handle/requests/${id}/return`, mk, { text: '测试', basis: '测试' });
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/dispatch`, DISPATCH, {});
    await post(`/api/v1/console/hotline/handle/requests/${id}/sign`, mk, {});
    await post(`/api/v1/console/hotline/handle/requests/${id}/draft-reply`, mk, { text: '已查处' });
    await post(`/api/v1/console/hotline/approve/requests/${id}/approve-reply`, asStaff('head-mk', ['hotline.approve'], 'market'), {});
  });

  it('PP-3.4 serves public summaries for Open311 without any personal information', async () => {
    // Only the read side is exercised: the other dependencies are not reached by these functions.
    const svc = new HotlineService({ database: ctx.database, clock: p.clock, reference: createReferenceModule({ database: ctx.database }).repository } as unknown as HotlineDeps);
    const all = await svc.listPublic({ limit: 100 });
    assert.equal(all.length, 2);
    const text = JSON.stringify(all);
    for (const pi of ['13812345678', '王小明', '320602199001011234', '占道', '人民路']) assert.equal(text.includes(pi), false, `${pi} never appears`);
    const one = await svc.getPublic(requestId);
    assert.equal(one?.open, false, 'a rated request is closed in Open311 terms');
    assert.equal(one?.organisationId, 'urban-management');
    assert.equal(one?.type, 'complaint');
    const open = await svc.listPublic({ open: true, types: ['consultation'] });
    assert.ok(open.every((x) => x.open && x.type === 'consultation'));
    assert.deepEqual((await svc.serviceTypes()).map((t) => t.code), ['consultation', 'help', 'complaint', 'report', 'suggestion', 'other']);
  });

  it('PP-1.12 with the location consent the address is kept encrypted and shared with the department it is routed to', async () => {
    await grant('location-services', true);
    const r = await post('/api/v1/hotline/requests', me, { type: 'help', title: '路灯不亮', description: '路灯一周不亮，晚上很黑', location: { address: '人民中路100号', latitude: 32.0, longitude: 120.86 }, divisionCode: '320613001' });
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().id;
    assert.equal(r.json().suggestedOrganisationId, 'chongchuan');
    const row = await ctx.database.db.selectFrom('hotline_requests').select(['location_enc', 'division_code']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(Buffer.from(row.location_enc!).includes('人民中路'), false);
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/accept`, DISPATCH, {});
    const before = (await p.kernel.sharing.provisionsOf(ctx.database.db, citizen)).length;
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/dispatch`, DISPATCH, {});
    const provisions = await p.kernel.sharing.provisionsOf(ctx.database.db, citizen);
    assert.equal(provisions.length, before + 1);
    const cc = asStaff('h-cc', ['hotline.handle'], 'chongchuan');
    const detail = (await get(`/api/v1/console/hotline/handle/requests/${id}`, cc)).json();
    assert.equal(detail.location.address, '人民中路100号');
    // closed so that the statistics below are unchanged
    await post(`/api/v1/console/hotline/handle/requests/${id}/sign`, cc, {});
    await post(`/api/v1/console/hotline/handle/requests/${id}/draft-reply`, cc, { text: '已修复' });
    await post(`/api/v1/console/hotline/approve/requests/${id}/approve-reply`, asStaff('head-cc', ['hotline.approve'], 'chongchuan'), {});
  });

  it('LAW-11 退单 within 2 working days with reason and basis goes back to the dispatcher; later it is refused', async () => {
    const r = await post('/api/v1/hotline/requests', me, { type: 'consultation', title: '公积金提取', description: '请问公积金提取需要什么材料' });
    const id = r.json().id;
    assert.equal(r.json().dueDate, '2026-11-26', '咨询: 3 working days');
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/accept`, DISPATCH, {});
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/dispatch`, DISPATCH, { organisationId: 'education' });
    const noBasis = await post(`/api/v1/console/hotline/handle/requests/${id}/return`, OTHER_HANDLER, { text: '不属于我局职责' });
    assert.equal(noBasis.statusCode, 422);
    const ret = await post(`/api/v1/console/hotline/handle/requests/${id}/return`, OTHER_HANDLER, { text: '不属于我局职责', basis: '《南通市12345热线工作规范》第十条' });
    assert.equal(ret.json().status, 'returned');
    assert.equal((await get(`/api/v1/console/hotline/handle/requests/${id}`, OTHER_HANDLER)).json().final, false);
    await post(`/api/v1/console/hotline/dispatch/requests/${id}/dispatch`, DISPATCH, { organisationId: 'housing-fund' });
    p.clock.set('2026-11-27T10:00:00+08:00'); // 3 working days later
    const late = await post(`/api/v1/console/hotline/handle/requests/${id}/return`, asStaff('h-hf', ['hotline.handle'], 'housing-fund'), { text: '不属于', basis: 'x' });
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().reason, 'within-return-window');
  });

  it('督办/催办: the deadline job escalates an overdue request once, and the dashboard counts it', async () => {
    p.clock.set('2026-11-27T10:00:00+08:00');
    const first = await p.jobs.run('hotline.check-deadlines', {});
    void first;
    const escalated = await ctx.database.db.selectFrom('hotline_events').select(['request_id']).where('event', '=', 'citizen-request.escalated').execute();
    assert.equal(escalated.length, 1, 'the 咨询 due 11-26 is overdue on 11-27');
    await p.jobs.run('hotline.check-deadlines', {});
    assert.equal((await ctx.database.db.selectFrom('hotline_events').select('id').where('event', '=', 'citizen-request.escalated').execute()).length, 1, 'only once');
    const dash = (await get('/api/v1/console/hotline/stats/dashboard', STATS)).json();
    assert.equal(dash.total, 4);
    assert.ok(dash.byDistrict.some((d: any) => d.divisionCode === "320613" && d.name === "崇川区"));
    assert.equal(dash.overdue.length, 1);
    assert.equal(dash.satisfactionRate, 1);
    assert.ok(dash.byType.some((t: any) => t.type === 'complaint' && t.count === 1));
    assert.equal((await get('/api/v1/console/hotline/stats/dashboard', HANDLER)).statusCode, 403);
  });

  it('并单: a duplicate is merged and its citizen keeps their own tracking, following the original', async () => {
    const other = randomUUID();
    const dup = await post('/api/v1/hotline/requests', asCitizen(other), { type: 'complaint', title: '小区门口占道', description: '小区门口占道经营很严重' });
    const dupId = dup.json().id;
    const target = (await post('/api/v1/hotline/requests', me, { type: 'suggestion', title: '增加公交线路', description: '建议增加到开发区的公交线路' })).json().id;
    const m = await post(`/api/v1/console/hotline/dispatch/requests/${dupId}/merge`, DISPATCH, { targetId: target });
    assert.equal(m.statusCode, 200, m.body);
    await post(`/api/v1/console/hotline/dispatch/requests/${target}/accept`, DISPATCH, {});
    await notify();
    const told = await ctx.database.db.selectFrom('notification_outbox').select('channel').where('recipient_ref', '=', other).execute();
    assert.equal(told.length, 3, 'their own submission, the merge, and the original being accepted');
    const theirs = (await get(`/api/v1/hotline/requests/${dupId}`, asCitizen(other))).json();
    assert.equal(theirs.trackingNo, dup.json().trackingNo);
    assert.equal(theirs.status, 'accepted');
    assert.ok(theirs.mergedInto);
    assert.equal((await get(`/api/v1/hotline/requests/${dupId}`, me)).statusCode, 404, 'a request of someone else answers like a missing one');
  });

  it('serves the public summaries without personal information (for Open311)', async () => {
    const list = await (p as any).app; // the service is reached through the module in other tests; here via HTTP types
    void list;
    const types = (await get('/api/v1/hotline/types', {})).json();
    assert.deepEqual(types.types.map((t: any) => [t.code, t.workingDays]), [['consultation', 3], ['help', 5], ['complaint', 15], ['report', 15], ['suggestion', 15], ['other', 15]]);
    assert.ok(types.mailboxes.some((m: any) => m.id === 'mayor'));
  });
});
