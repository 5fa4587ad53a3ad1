// The rights centre over HTTP on a whole platform: 用户资料 (PP-4.1), export (LAW-5), single-item deletion and deletion
// requests (PP-4.3) fulfilled or refused by the privacy office (PP-4.7, PP-4.8), cancellation in two modes (PP-4.5,
// LAW-6, LAW-7; PP-1.3, PP-3.1: kept records are storage only), feedback (PP-7.1), 谁使用了我的数据, guardians (PP-5.2).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, asStaff, testAuthenticator } from '../support/auth.ts';
import { register, lastCode } from '../identity/support.ts';
import { BUILD_EXPORT_JOB, requestDueDate } from '../../src/modules/rights/index.ts';
import { auditRepository } from '../../src/modules/audit/index.ts';

const OFFICER = asStaff('privacy-officer-1', ['privacy.requests']);

describeEachDatabase('rights centre', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: testAuthenticator, env: { TRUST_PROXY: 'true' } });
  });
  after(() => p.close());

  const stepUp = (accountId: string) =>
    p.database.db.insertInto('step_up_proofs' as any).values({ session_ref: `test-${accountId}`, account_id: accountId, method: 'sms', provider_ref: null, proved_at: p.clock.now() } as any).execute();

  async function searchEntry(accountId: string, value: string) {
    const id = randomUUID();
    await p.database.db.insertInto('search_history' as any).values({
      id, account_id: accountId, kind: 'query', value_enc: await p.kernel.cipher.encryptField(accountId, value, 'search_history.value:query'),
      value_hash: p.kernel.blindIndex('search-test', value + id), created_at: p.clock.now(),
    } as any).execute();
    return id;
  }

  it('PP-4.1 用户资料 shows what is held, grouped by purpose from the inventory; sensitive values masked until step-up', async () => {
    const person = await register(p);
    await searchEntry(person.accountId, '公积金提取');
    const res = await p.app.inject({ method: 'GET', url: '/api/v1/rights/profile', headers: asCitizen(person.accountId) });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const search = body.groups.find((g: any) => g.purposeId === 'search-history');
    assert.ok(search, 'the search-history purpose is a group');
    assert.ok(search.items.some((i: any) => i.element === 'search-keywords' && i.values.value_enc === '公积金提取' && i.deletable));
    const account = body.groups.find((g: any) => g.purposeId === 'registration');
    assert.ok(account.items.some((i: any) => i.element === 'mobile' && i.values.mobile_enc === person.mobile), 'the decrypted mobile, declared by identity');
    const password = body.groups.flatMap((g: any) => g.items).find((i: any) => i.element === 'password');
    assert.equal(password, undefined, 'the password hash is not declared as exportable data');
    // a sensitive element (the export itself) is masked; revealing needs step-up
    const reveal = await p.app.inject({ method: 'GET', url: '/api/v1/rights/profile?reveal=1', headers: asCitizen(person.accountId) });
    assert.equal(reveal.statusCode, 403);
    assert.equal(reveal.json().type, '/problems/step-up-required');
    await stepUp(person.accountId);
    const revealed = await p.app.inject({ method: 'GET', url: '/api/v1/rights/profile?reveal=1', headers: asCitizen(person.accountId) });
    assert.equal(revealed.statusCode, 200);
    assert.equal(revealed.json().revealed, true);
  });

  it('LAW-5 an export is built by a job into a ZIP with JSON and HTML, downloadable until the link expires, and audited', async () => {
    const person = await register(p);
    await searchEntry(person.accountId, '医保报销');
    const created = await p.app.inject({ method: 'POST', url: '/api/v1/rights/exports', headers: asCitizen(person.accountId) });
    assert.equal(created.statusCode, 202, created.body);
    const exportId = created.json().id;
    assert.equal(created.json().status, 'queued');
    await p.jobs.run(BUILD_EXPORT_JOB, { exportId });
    const list = (await p.app.inject({ method: 'GET', url: '/api/v1/rights/exports', headers: asCitizen(person.accountId) })).json().exports;
    assert.equal(list[0].status, 'ready');
    assert.equal(list[0].progress, 100);
    const dl = await p.app.inject({ method: 'GET', url: list[0].downloadUrl, headers: asCitizen(person.accountId) });
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.headers['content-type'], 'application/zip');
    const files = unzipSync(new Uint8Array(dl.rawPayload));
    const data = JSON.parse(strFromU8(files['data.json']!));
    assert.equal(data.format, 'ntbt-pi-export/1');
    assert.ok(JSON.stringify(data).includes('医保报销'));
    assert.ok(JSON.stringify(data).includes(person.mobile));
    assert.ok(strFromU8(files['index.html']!).includes('医保报销'));
    // someone else cannot download it
    assert.equal((await p.app.inject({ method: 'GET', url: list[0].downloadUrl, headers: asCitizen(randomUUID()) })).statusCode, 404);
    const actions = (await auditRepository.bySubject(p.database.db, p.kernel.audit.subjectPseudonym(person.accountId))).map((a) => a.action);
    for (const a of ['rights.request-export', 'rights.build-export', 'rights.download-export']) assert.ok(actions.includes(a), a);
    p.clock.advance(8 * 86_400_000);
    const expired = await p.app.inject({ method: 'GET', url: list[0].downloadUrl, headers: asCitizen(person.accountId) });
    assert.equal(expired.statusCode, 410);
  });

  it('PP-4.3 one search entry is deleted at once; a security log cannot be deleted on its own', async () => {
    const person = await register(p);
    const id = await searchEntry(person.accountId, '社保查询');
    const keep = await searchEntry(person.accountId, '不动产登记');
    const del = await p.app.inject({ method: 'DELETE', url: `/api/v1/rights/items/search_history/${id}`, headers: asCitizen(person.accountId) });
    assert.equal(del.statusCode, 200, del.body);
    assert.equal(del.json().deleted, 1);
    assert.equal((await p.app.inject({ method: 'DELETE', url: `/api/v1/rights/items/search_history/${id}`, headers: asCitizen(person.accountId) })).statusCode, 404);
    assert.equal((await p.app.inject({ method: 'DELETE', url: `/api/v1/rights/items/search_history/${keep}`, headers: asCitizen(randomUUID()) })).statusCode, 404, 'not another person\u2019s entry');
    assert.equal((await p.app.inject({ method: 'DELETE', url: `/api/v1/rights/items/login_events/${randomUUID()}`, headers: asCitizen(person.accountId) })).statusCode, 422);
  });

  it('PP-4.3 a 12345 photo not yet in a case file is deleted at once; once submitted it belongs to the case file (LAW-6)', async () => {
    const person = await register(p);
    const me = asCitizen(person.accountId);
    assert.equal((await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: me, payload: { purposeId: 'photo-camera' } })).statusCode, 201);
    const sharp = (await import('sharp')).default;
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#0c0' } }).jpeg().toBuffer();
    const upload = async () => (await p.app.inject({ method: 'POST', url: '/api/v1/hotline/attachments?kind=photo', headers: { ...me, 'content-type': 'image/jpeg' }, payload: jpeg })).json().id as string;
    const loose = await upload();
    const attached = await upload();
    const sub = await p.app.inject({ method: 'POST', url: '/api/v1/hotline/requests', headers: me, payload: { type: 'complaint', title: '井盖缺失', description: '路口井盖缺失很危险', contact: { mobile: '13812345678' }, attachmentIds: [attached] } });
    assert.equal(sub.statusCode, 201, sub.body);
    assert.equal((await p.app.inject({ method: 'DELETE', url: `/api/v1/rights/items/hotline_attachments/${loose}`, headers: me })).json().deleted, 1);
    assert.equal((await p.app.inject({ method: 'DELETE', url: `/api/v1/rights/items/hotline_attachments/${attached}`, headers: me })).statusCode, 404, 'part of a submitted case file');
  });

  it('PP-4.3 PP-4.7 a request for everything is due in 15 working days; the office fulfils it across every store with a receipt and the citizen is told', async () => {
    p.clock.set(new Date('2026-09-30T04:00:00Z'));
    const person = await register(p);
    await searchEntry(person.accountId, '户籍迁移');
    const r = await p.app.inject({ method: 'POST', url: '/api/v1/rights/requests', headers: asCitizen(person.accountId), payload: { kind: 'delete-all' } });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().clock.dueDate, '2026-10-27');
    assert.equal(r.json().clock.dueDate, requestDueDate(p.clock.now()));
    const queue = await p.app.inject({ method: 'GET', url: '/api/v1/rights/office/queue', headers: OFFICER });
    assert.equal(queue.statusCode, 200, queue.body);
    assert.ok(queue.json().requests.some((q: any) => q.id === r.json().id && q.identityVerified));
    assert.equal((await p.app.inject({ method: 'GET', url: '/api/v1/rights/office/queue', headers: asStaff('x', ['hotline.handle']) })).statusCode, 403);
    await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/requests/${r.json().id}/assign`, headers: OFFICER, payload: {} });
    p.clock.advance(2 * 86_400_000);
    const done = await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/requests/${r.json().id}/fulfil`, headers: OFFICER, payload: {} });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'fulfilled');
    const receipt = done.json().receipt as any[];
    assert.deepEqual(receipt.find((x) => x.table === 'search_history'), { table: 'search_history', action: 'deleted', rows: 1 });
    assert.ok(receipt.some((x) => x.table === 'catalogue_favourites'), 'every declared app store is in the receipt');
    assert.ok(!receipt.some((x) => x.table === 'accounts'), 'the identity account is not part of deleting the app data');
    const mine = (await p.app.inject({ method: 'GET', url: '/api/v1/rights/requests', headers: asCitizen(person.accountId) })).json().requests;
    assert.equal(mine[0].status, 'fulfilled');
    assert.equal(mine[0].clock.state, 'done');
    const inbox = await p.database.db.selectFrom('notification_outbox' as any).select(['channel', 'template']).where('recipient_ref', '=', person.accountId).execute();
    assert.ok(inbox.some((m: any) => m.template === 'rights-request-handled' && m.channel === 'inapp'));
    assert.ok(inbox.some((m: any) => m.template === 'rights-request-handled' && m.channel === 'sms'));
    const stats = (await p.app.inject({ method: 'GET', url: '/api/v1/rights/office/stats', headers: OFFICER })).json().types;
    const all = stats.find((s: any) => s.kind === 'delete-all');
    assert.equal(all.onTimeRate, 1);
    assert.equal(typeof all.medianWorkingDays, 'number');
  });

  it('PP-4.8 a refusal needs a listed ground and a written reason, which the citizen sees', async () => {
    const person = await register(p);
    const r = (await p.app.inject({ method: 'POST', url: '/api/v1/rights/requests', headers: asCitizen(person.accountId), payload: { kind: 'delete-category', target: 'search-keywords' } })).json();
    const bad = await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/requests/${r.id}/refuse`, headers: OFFICER, payload: { ground: 'too-busy', reason: '忙' } });
    assert.equal(bad.statusCode, 400);
    const noReason = await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/requests/${r.id}/refuse`, headers: OFFICER, payload: { ground: 'criminal-investigation', reason: ' ' } });
    assert.equal(noReason.statusCode, 400);
    const ok = await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/requests/${r.id}/refuse`, headers: OFFICER, payload: { ground: 'criminal-investigation', reason: '公安机关正在侦查的案件需要保留相关记录。' } });
    assert.equal(ok.statusCode, 200, ok.body);
    const mine = (await p.app.inject({ method: 'GET', url: '/api/v1/rights/requests', headers: asCitizen(person.accountId) })).json().requests;
    assert.equal(mine[0].status, 'refused');
    assert.equal(mine[0].refusalGround, 'criminal-investigation');
    assert.match(mine[0].response, /侦查/);
    assert.equal((await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/requests/${r.id}/fulfil`, headers: OFFICER, payload: {} })).statusCode, 409);
  });

  it('PP-4.3 PP-4.8 a partial fulfilment deletes the category and states the ground and reason for the rest', async () => {
    const person = await register(p);
    await searchEntry(person.accountId, '出入境');
    await p.app.inject({ method: 'POST', url: '/api/v1/rights/feedback', headers: asCitizen(person.accountId), payload: { text: '建议增加夜间模式' } });
    const r = (await p.app.inject({ method: 'POST', url: '/api/v1/rights/requests', headers: asCitizen(person.accountId), payload: { kind: 'delete-category', target: 'search-keywords' } })).json();
    const noGround = await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/requests/${r.id}/fulfil`, headers: OFFICER, payload: { partial: { reason: '部分保留' } } });
    assert.equal(noGround.statusCode, 400);
    const done = await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/requests/${r.id}/fulfil`, headers: OFFICER, payload: { partial: { ground: 'harm-to-others', reason: '其中一条记录涉及他人权益，依法保留。' } } });
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'partially-fulfilled');
    assert.deepEqual(done.json().receipt.map((x: any) => x.table), ['search_history'], 'only the stores holding the category');
    const fb = await p.app.inject({ method: 'GET', url: '/api/v1/rights/feedback', headers: asCitizen(person.accountId) });
    assert.equal(fb.statusCode, 200, 'the app key of other data is not shredded by a category deletion');
    const mine = (await p.app.inject({ method: 'GET', url: '/api/v1/rights/requests', headers: asCitizen(person.accountId) })).json().requests[0];
    assert.equal(mine.refusalGround, 'harm-to-others');
    assert.match(mine.response, /他人权益/);
  });

  it('PP-4.5 cancellation states what each mode deletes and keeps, and needs step-up', async () => {
    const person = await register(p);
    const st = (await p.app.inject({ method: 'GET', url: '/api/v1/rights/cancellation', headers: asCitizen(person.accountId) })).json();
    assert.ok(st.app.identityAccountStays);
    assert.ok(!st.identity.identityAccountStays);
    assert.ok(st.identity.keeps.some((k: any) => /六个月/.test(k.reason)), 'LAW-7: security logs kept 6 months are listed');
    assert.ok(st.app.keeps.some((k: any) => /12345/.test(k.reason)), 'LAW-6: 12345 case files are listed');
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/rights/cancellation', headers: asCitizen(person.accountId), payload: { mode: 'app', confirm: true } });
    assert.equal(res.statusCode, 403);
  });

  it('PP-4.5 mode (a) deletes the 南通百通 traces at once while the unified identity account still signs in', async () => {
    const person = await register(p);
    await searchEntry(person.accountId, '公租房');
    await stepUp(person.accountId);
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/rights/cancellation', headers: asCitizen(person.accountId), payload: { mode: 'app', confirm: true } });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().receipts.some((r: any) => r.table === 'search_history' && r.rows === 1));
    assert.equal((await p.database.db.selectFrom('search_history' as any).select('id').where('account_id', '=', person.accountId).execute()).length, 0);
    const login = await p.app.inject({ method: 'POST', url: '/api/v1/identity/login/password', headers: { 'x-forwarded-for': '10.9.9.9' }, payload: { login: person.mobile, password: person.password } });
    assert.equal(login.statusCode, 200, login.body);
  });

  it('PP-3.6 PP-4.5 after mode (a) collection stops: the app consents went with the traces, so searches are no longer kept', async () => {
    const person = await register(p);
    const me = asCitizen(person.accountId);
    assert.equal((await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: me, payload: { purposeId: 'search-history' } })).statusCode, 201);
    assert.equal((await p.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('公积金')}`, headers: me })).json().recorded, true);
    await stepUp(person.accountId);
    assert.equal((await p.app.inject({ method: 'POST', url: '/api/v1/rights/cancellation', headers: me, payload: { mode: 'app', confirm: true } })).statusCode, 200);
    assert.equal((await p.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent('社保')}`, headers: me })).json().recorded, false);
    assert.equal((await p.database.db.selectFrom('search_history' as any).select('id').where('account_id', '=', person.accountId).execute()).length, 0);
  });

  it('PP-1.3 PP-3.1 PP-4.5 LAW-7 mode (b) cancels the identity account: login fails, the number registers anew, security logs kept in storage only, key shredded', async () => {
    const person = await register(p);
    await stepUp(person.accountId);
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/rights/cancellation', headers: asCitizen(person.accountId), payload: { mode: 'identity', confirm: true } });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.ok(body.receipts.some((r: any) => r.table === 'accounts' && r.action === 'deleted' && r.rows === 1));
    const logs = body.storageOnly.find((s: any) => s.table === 'login_events');
    assert.ok(logs && logs.rows >= 1, 'the sign-in log is kept in storage only');
    assert.ok(new Date(logs.until).getTime() - p.clock.now().getTime() >= 180 * 86_400_000);
    const login = await p.app.inject({ method: 'POST', url: '/api/v1/identity/login/password', headers: { 'x-forwarded-for': '10.9.9.8' }, payload: { login: person.mobile, password: person.password } });
    assert.notEqual(login.statusCode, 200);
    const actions = (await auditRepository.bySubject(p.database.db, p.kernel.audit.subjectPseudonym(person.accountId))).map((a) => a.action);
    assert.ok(actions.includes('oidc.revoke-account'), 'tokens and grants of every connected app revoked (oidc.revokeAccount)');
    assert.ok(actions.includes('rights.cancel-identity'));
    const again = await register(p, { mobile: person.mobile, accountName: person.accountName + 'x', password: person.password });
    assert.notEqual(again.accountId, person.accountId);
    const key = await p.database.db.selectFrom('subject_keys' as any).selectAll().where('subject_id', '=', person.accountId).executeTakeFirst();
    assert.ok(!key || (key as any).destroyed_at || !(key as any).wrapped_key, 'the account key is shredded');
    void lastCode;
  });

  it('LAW-6 PP-4.5 a 12345 case file stays with the departments after mode (b): exported before, re-keyed, still readable, no longer linked', async () => {
    const person = await register(p);
    const sub = await p.app.inject({ method: 'POST', url: '/api/v1/hotline/requests', headers: asCitizen(person.accountId), payload: { type: 'complaint', title: '路灯不亮', description: '小区门口路灯坏了一周', contact: { mobile: '13812345678' } } });
    assert.equal(sub.statusCode, 201, sub.body);
    const requestId = sub.json().id as string;
    const profile = (await p.app.inject({ method: 'GET', url: '/api/v1/rights/profile', headers: asCitizen(person.accountId) })).json();
    assert.ok(JSON.stringify(profile).includes('路灯不亮'), 'the case file is part of 用户资料 and the export');
    await stepUp(person.accountId);
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/rights/cancellation', headers: asCitizen(person.accountId), payload: { mode: 'identity', confirm: true } });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().kept.some((k: any) => k.table === 'hotline_requests' && k.action === 'rekeyed' && /12345/.test(k.reason)));
    const row = await p.database.db.selectFrom('hotline_requests' as any).select(['account_id', 'title_enc']).where('id', '=', requestId).executeTakeFirstOrThrow() as any;
    assert.equal(row.account_id, null);
    assert.equal(await p.kernel.cipher.decryptField(requestId, row.title_enc, `hotline_requests.title_enc/${requestId}`), '路灯不亮');
    const staffView = await p.app.inject({ method: 'GET', url: `/api/v1/console/hotline/dispatch/requests/${requestId}`, headers: asStaff('d1', ['hotline.dispatch']) });
    assert.equal(staffView.statusCode, 200, staffView.body);
    assert.ok(staffView.body.includes('路灯不亮'), 'the 12345 staff still read it through the hotline module');
  });

  it('PP-7.1 feedback with a screenshot is due in 15 days; the reply shows in the app and goes by SMS', async () => {
    const person = await register(p);
    p.clock.set(new Date('2026-09-30T04:00:00Z'));
    const sharp = (await import('sharp')).default;
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } }).png().toBuffer();
    const fb = await p.app.inject({ method: 'POST', url: '/api/v1/rights/feedback', headers: asCitizen(person.accountId), payload: { text: '搜索结果排序不太准', screenshot: png.toString('base64') } });
    assert.equal(fb.statusCode, 201, fb.body);
    assert.equal(fb.json().clock.dueDate, '2026-10-15');
    assert.equal(fb.json().clock.unit, 'days');
    const q = (await p.app.inject({ method: 'GET', url: '/api/v1/rights/office/queue', headers: OFFICER })).json();
    assert.ok(q.feedback.some((f: any) => f.id === fb.json().id));
    const read = await p.app.inject({ method: 'GET', url: `/api/v1/rights/office/feedback/${fb.json().id}`, headers: OFFICER });
    assert.equal(read.json().text, '搜索结果排序不太准');
    assert.ok(read.json().screenshot.base64.length > 0);
    const rep = await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/feedback/${fb.json().id}/reply`, headers: OFFICER, payload: { text: '感谢反馈，已优化排序。' } });
    assert.equal(rep.statusCode, 200, rep.body);
    const mine = (await p.app.inject({ method: 'GET', url: '/api/v1/rights/feedback', headers: asCitizen(person.accountId) })).json().feedback;
    assert.equal(mine[0].reply, '感谢反馈，已优化排序。');
    assert.equal(mine[0].clock.state, 'done');
    const sms = await p.database.db.selectFrom('notification_outbox' as any).select(['channel']).where('recipient_ref', '=', person.accountId).where('template', '=', 'rights-feedback-replied').execute();
    assert.deepEqual(sms.map((s: any) => s.channel).sort(), ['inapp', 'sms']);
  });

  it('谁使用了我的数据 (issue #6 §8) lists staff accesses by department and role, never the staff name', async () => {
    const person = await register(p);
    const fb = (await p.app.inject({ method: 'POST', url: '/api/v1/rights/feedback', headers: asCitizen(person.accountId), payload: { text: '想咨询一下' } })).json();
    await p.app.inject({ method: 'GET', url: `/api/v1/rights/office/feedback/${fb.id}`, headers: OFFICER });
    const res = await p.app.inject({ method: 'GET', url: '/api/v1/rights/usage', headers: asCitizen(person.accountId) });
    assert.equal(res.statusCode, 200, res.body);
    const access = res.json().accesses.find((a: any) => a.action === 'rights.read-feedback');
    assert.ok(access, 'the staff read is listed');
    assert.ok(!JSON.stringify(res.json()).includes('privacy-officer-1'), 'no staff id or name');
    assert.ok(Array.isArray(res.json().provisions));
  });

  it('PP-5.2 only a linked guardian may request deletion of a minor\u2019s data', async () => {
    const guardian = await register(p);
    const minor = randomUUID();
    const refused = await p.app.inject({ method: 'POST', url: '/api/v1/rights/requests', headers: asCitizen(guardian.accountId), payload: { kind: 'guardian-delete', minorAccountId: minor } });
    assert.equal(refused.statusCode, 403);
    await p.database.db.insertInto('guardian_links' as any).values({ id: randomUUID(), minor_account_id: minor, guardian_account_id: guardian.accountId, relation: 'parent', created_at: p.clock.now() } as any).execute();
    const ok = await p.app.inject({ method: 'POST', url: '/api/v1/rights/requests', headers: asCitizen(guardian.accountId), payload: { kind: 'guardian-delete', minorAccountId: minor } });
    assert.equal(ok.statusCode, 201, ok.body);
    // PP-4.7: the office verifies the guardian before fulfilling
    assert.equal((await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/requests/${ok.json().id}/fulfil`, headers: OFFICER, payload: {} })).statusCode, 409);
    await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/requests/${ok.json().id}/verify`, headers: OFFICER });
    assert.equal((await p.app.inject({ method: 'POST', url: `/api/v1/rights/office/requests/${ok.json().id}/fulfil`, headers: OFFICER, payload: {} })).statusCode, 200);
  });
});
