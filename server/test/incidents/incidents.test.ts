// PI security incidents on a whole platform (PP-3.5, LAW-8 / PIPL art. 57): the register and its response plan as a
// transition table (audited, illegal steps refused), the notice refused when a required part is missing, fanned out to
// every affected account through the outbox by a job of ids, the public notice when people cannot be told one by one,
// regulator reports against the 72-hour platform rule, and the privacy.incidents permission.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, asStaff, testAuthenticator } from '../support/auth.ts';
import { DELIVER_JOB } from '../../src/modules/notifications/index.ts';
import { NOTIFY_BATCH_JOB, NOTICE_PARTS } from '../../src/modules/incidents/index.ts';
import { auditRepository } from '../../src/modules/audit/index.ts';
import { register, smsTo } from '../identity/support.ts';

const OFFICER = asStaff('security-officer-1', ['privacy.incidents']);
const BASE = '/api/v1/incidents/office/incidents';
const NOTICE = {
  headline: '关于部分用户消息记录可能泄露的告知',
  elements: ['messages', 'account-id'],
  cause: '第三方短信服务商接口配置错误，导致部分站内信内容在 2 小时内可被未授权访问。',
  possibleHarm: '您收到的通知内容可能被他人获知，存在被冒充工作人员诈骗的风险。',
  measures: '已关闭该接口并更换密钥，已完成全面排查，并向网信部门报告。',
  advice: '请警惕自称工作人员索要验证码的电话或短信；如有疑问请拨打12345核实。',
  contact: '南通市大数据管理局，联系电话：0513-85216336。',
};

describeEachDatabase('security incidents', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: testAuthenticator });
  });
  after(() => p.close());

  async function open(extra: Record<string, unknown> = {}) {
    const res = await p.app.inject({
      method: 'POST', url: BASE, headers: OFFICER,
      payload: {
        title: '站内信接口越权访问', summary: '监测发现站内信查询接口缺少鉴权。', detectedAt: new Date(p.clock.now().getTime() - 3_600_000).toISOString(),
        elements: ['messages'], cause: '接口配置错误', possibleHarm: '通知内容泄露', severity: 'high', ...extra,
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  }
  const step = (id: string, s: string) => p.app.inject({ method: 'POST', url: `${BASE}/${id}/steps/${s}`, headers: OFFICER, payload: {} });
  const saveNotice = (id: string, body: Record<string, unknown>) => p.app.inject({ method: 'PUT', url: `${BASE}/${id}/notice`, headers: OFFICER, payload: body });
  async function jobsOf(name: string, incidentId: string) {
    const { rows } = await sql<{ data: { incidentId: string; accountIds: string[] } }>`select data from pgboss.job where name = ${name} and data->>'incidentId' = ${incidentId}`.execute(ctx.database.db);
    return rows.map((r) => r.data);
  }

  it('LAW-8 a notice missing any required part is refused with 422 naming the missing part', async () => {
    const inc = await open();
    for (const part of NOTICE_PARTS) {
      const body: Record<string, unknown> = { ...NOTICE };
      const field = part.key === 'piTypes' ? 'elements' : part.key;
      body[field] = field === 'elements' ? [] : '  ';
      const res = await saveNotice(inc.id, body);
      assert.equal(res.statusCode, 422, `${part.key}: ${res.body}`);
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      assert.equal(res.json().type, '/problems/incident-notice-incomplete');
      assert.deepEqual(res.json().missing, [part.key]);
      assert.ok(res.json().detail.includes(part.labelZh), res.json().detail);
    }
    const empty = await saveNotice(inc.id, {});
    assert.equal(empty.statusCode, 422);
    assert.deepEqual(empty.json().missing, NOTICE_PARTS.map((x) => x.key));
    // a notice quoting someone's mobile number is refused too
    const pi = await saveNotice(inc.id, { ...NOTICE, advice: '如有疑问请联系13812345678' });
    assert.equal(pi.statusCode, 422);
    assert.equal(pi.json().type, '/problems/incident-text-contains-pi');
    const ok = await saveNotice(inc.id, NOTICE);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().preview.parts.map((x: any) => x.key), NOTICE_PARTS.map((x) => x.key));
    assert.ok(ok.json().preview.parts[0].text.includes('发送给您的通知'), 'PI types are shown by their inventory names');
  });

  it('PP-3.5 illegal response-plan steps are refused; each step taken is recorded and audited with the staff actor', async () => {
    const inc = await open();
    assert.deepEqual(inc.allowedSteps, ['contain']);
    const skip = await step(inc.id, 'notify');
    assert.equal(skip.statusCode, 409);
    assert.equal(skip.json().type, '/problems/incident-step-not-allowed');
    assert.deepEqual(skip.json().allowed, ['contain']);
    assert.equal((await step(inc.id, 'close')).statusCode, 409);
    assert.equal((await step(inc.id, 'contain')).statusCode, 200);
    assert.equal((await step(inc.id, 'contain')).statusCode, 409, 'a step is not taken twice');
    const assessed = await step(inc.id, 'assess');
    assert.equal(assessed.json().status, 'assessed');
    // notify needs affected accounts or the unreachable mark
    assert.equal((await saveNotice(inc.id, NOTICE)).statusCode, 200);
    const none = await step(inc.id, 'notify');
    assert.equal(none.statusCode, 409);
    assert.equal(none.json().type, '/problems/incident-no-subjects');
    const detail = (await p.app.inject({ method: 'GET', url: `${BASE}/${inc.id}`, headers: OFFICER })).json();
    assert.deepEqual(detail.steps.map((s: any) => [s.step, s.from, s.to, s.staffId]), [['contain', 'open', 'contained', 'security-officer-1'], ['assess', 'contained', 'assessed', 'security-officer-1']]);
    const { rows } = await sql<{ action: string; actor_kind: string; actor_ref: string }>`
      select action, actor_kind, actor_ref from audit_records where details->>'incidentId' = ${inc.id} order by occurred_at, txid`.execute(ctx.database.db);
    const actions = rows.map((r) => r.action);
    for (const a of ['incidents.open-incident', 'incidents.contain-incident', 'incidents.assess-incident', 'incidents.compose-notice']) assert.ok(actions.includes(a), a);
    assert.ok(rows.every((r) => r.actor_kind === 'staff' && r.actor_ref === 'security-officer-1'));
  });

  it('PP-3.5 LAW-8 the notice reaches every affected account through the outbox, fanned out by jobs of ids only', async () => {
    const accounts = Array.from({ length: 5 }, () => randomUUID());
    const inc = await open({ accountIds: accounts.slice(0, 3) });
    assert.equal(inc.counts.subjects, 3);
    const more = await p.app.inject({ method: 'POST', url: `${BASE}/${inc.id}/subjects`, headers: OFFICER, payload: { accountIds: [...accounts.slice(2)] } });
    assert.equal(more.json().added, 2, 'an account already registered is not added twice');
    await step(inc.id, 'contain');
    await step(inc.id, 'assess');
    // the default notice (from the register) lacks measures and advice: notifying is refused until it is complete
    const incomplete = await step(inc.id, 'notify');
    assert.equal(incomplete.statusCode, 422);
    assert.deepEqual(incomplete.json().missing, ['measures', 'advice']);
    assert.equal((await saveNotice(inc.id, NOTICE)).statusCode, 200);
    const notified = await step(inc.id, 'notify');
    assert.equal(notified.statusCode, 200, notified.body);
    const batches = await jobsOf(NOTIFY_BATCH_JOB, inc.id);
    assert.equal(batches.length, 1);
    assert.deepEqual([...batches[0]!.accountIds].sort(), [...accounts].sort());
    assert.deepEqual(Object.keys(batches[0]!).sort(), ['accountIds', 'incidentId'], 'ids only');
    for (const b of batches) await p.jobs.run(NOTIFY_BATCH_JOB, b);
    for (const b of batches) await p.jobs.run(NOTIFY_BATCH_JOB, b); // a retried batch sends nothing twice
    const queued = (await p.app.inject({ method: 'GET', url: `${BASE}/${inc.id}`, headers: OFFICER })).json();
    assert.equal(queued.counts.enqueued, 5);
    assert.equal(queued.counts.delivery.inapp.pending, 5);
    const outbox = await p.database.db.selectFrom('notification_outbox').select(['id', 'recipient_ref']).where('recipient_ref', 'in', accounts).where('channel', '=', 'inapp').execute();
    assert.equal(outbox.length, 5);
    for (const o of outbox) await p.jobs.run(DELIVER_JOB, { outboxId: o.id });
    const delivered = (await p.app.inject({ method: 'GET', url: `${BASE}/${inc.id}`, headers: OFFICER })).json();
    assert.equal(delivered.counts.delivery.inapp.delivered, 5);
    // each citizen finds every LAW-8 part in the inbox
    for (const a of accounts) {
      const inbox = await p.database.db.selectFrom('notification_inbox').select(['title', 'body']).where('account_id', '=', a).execute();
      assert.equal(inbox.length, 1, a);
      assert.equal(inbox[0]!.title, NOTICE.headline);
      for (const part of [NOTICE.cause, NOTICE.possibleHarm, NOTICE.measures, NOTICE.advice, NOTICE.contact, '发送给您的通知']) assert.ok(inbox[0]!.body.includes(part), part);
    }
    // and the citizen reads it in the app's inbox
    const mine = await p.app.inject({ method: 'GET', url: '/api/v1/notifications/inbox', headers: asCitizen(accounts[0]!) });
    assert.equal(mine.statusCode, 200, mine.body);
    assert.ok(mine.json().items.some((i: any) => i.title === NOTICE.headline && i.body.includes(NOTICE.advice)));
    // an account registered after the notice went out is told too
    const late = randomUUID();
    await p.app.inject({ method: 'POST', url: `${BASE}/${inc.id}/subjects`, headers: OFFICER, payload: { accountIds: [late] } });
    const lateJobs = (await jobsOf(NOTIFY_BATCH_JOB, inc.id)).filter((j) => j.accountIds.includes(late));
    assert.deepEqual(lateJobs.map((j) => j.accountIds), [[late]]);
    // registering an affected account is audited under that account
    const acts = (await auditRepository.bySubject(p.database.db, p.kernel.audit.subjectPseudonym(accounts[0]!))).map((r) => r.action);
    assert.ok(acts.includes('incidents.register-affected-account'));
    assert.ok(acts.includes('notifications.enqueue-message'));
  });

  it('PP-3.5 LAW-8 when people cannot be told one by one, a public notice with every required part and no PI is published', async () => {
    const inc = await open({ unreachable: true, title: '历史备份介质遗失', summary: '一批2019年的备份磁带在转运中遗失。' });
    await step(inc.id, 'contain');
    await step(inc.id, 'assess');
    assert.equal((await saveNotice(inc.id, NOTICE)).statusCode, 200);
    const before = (await p.app.inject({ method: 'GET', url: '/api/v1/incidents/notices' })).json().notices;
    assert.ok(!before.some((n: any) => n.id === inc.id), 'not public before notifying');
    const res = await step(inc.id, 'notify');
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().publicNoticeAt);
    const list = await p.app.inject({ method: 'GET', url: '/api/v1/incidents/notices' });
    assert.equal(list.statusCode, 200);
    const notice = list.json().notices.find((n: any) => n.id === inc.id);
    assert.ok(notice);
    assert.deepEqual(notice.parts.map((x: any) => x.key), NOTICE_PARTS.map((x) => x.key));
    for (const x of notice.parts) assert.ok(x.text.trim(), x.key);
    const raw = JSON.stringify(notice);
    assert.ok(!raw.includes('summary') && !raw.includes('一批2019年'), 'the internal summary is not public');
    assert.ok(!/1[3-9]\d{9}|\d{17}[\dXx]|@/.test(raw), 'no PI');
    assert.deepEqual(Object.keys(notice).sort(), ['detectedOn', 'headline', 'id', 'parts', 'publishedAt', 'text']);
    const one = await p.app.inject({ method: 'GET', url: `/api/v1/incidents/notices/${inc.id}` });
    assert.equal(one.statusCode, 200);
    // the officer can withdraw it
    await p.app.inject({ method: 'PUT', url: `${BASE}/${inc.id}/public-notice`, headers: OFFICER, payload: { published: false } });
    assert.equal((await p.app.inject({ method: 'GET', url: `/api/v1/incidents/notices/${inc.id}` })).statusCode, 404);
  });

  it('PP-3.5 the regulator report is recorded with a generated text, on or after the 72-hour platform deadline, before the incident can be reported and closed', async () => {
    const inc = await open({ unreachable: true });
    assert.equal(inc.reportClock.state, 'on-time');
    await step(inc.id, 'contain');
    await step(inc.id, 'assess');
    await saveNotice(inc.id, NOTICE);
    await step(inc.id, 'notify');
    const missing = await step(inc.id, 'report');
    assert.equal(missing.statusCode, 409);
    assert.equal(missing.json().type, '/problems/incident-report-missing');
    p.clock.advance(72 * 3_600_000);
    const late = (await p.app.inject({ method: 'GET', url: `${BASE}/${inc.id}`, headers: OFFICER })).json();
    assert.equal(late.reportClock.state, 'overdue');
    const draft = await p.app.inject({ method: 'GET', url: `${BASE}/${inc.id}/report-draft?recipient=cac`, headers: OFFICER });
    assert.equal(draft.statusCode, 200);
    assert.ok(draft.json().text.includes('网信部门') && draft.json().text.includes('发送给您的通知'));
    const rec = await p.app.inject({ method: 'POST', url: `${BASE}/${inc.id}/reports`, headers: OFFICER, payload: { recipient: 'police', reference: 'NTGA-2026-118' } });
    assert.equal(rec.statusCode, 200, rec.body);
    assert.equal(rec.json().reports[0].recipient, 'police');
    assert.equal(rec.json().reports[0].onTime, false);
    assert.equal(rec.json().reportClock.state, 'done');
    assert.equal((await step(inc.id, 'report')).statusCode, 200);
    const closed = await step(inc.id, 'close');
    assert.equal(closed.json().status, 'closed');
    assert.deepEqual(closed.json().allowedSteps, []);
    const list = (await p.app.inject({ method: 'GET', url: `${BASE}?filter=closed`, headers: OFFICER })).json().incidents;
    assert.ok(list.some((i: any) => i.id === inc.id));
    assert.ok(!(await p.app.inject({ method: 'GET', url: BASE, headers: OFFICER })).json().incidents.some((i: any) => i.id === inc.id));
  });

  it('PP-3.5 staff without privacy.incidents get 403, citizens 403/401, and PI types must come from the inventory', async () => {
    const other = asStaff('handler-1', ['hotline.handle', 'privacy.requests']);
    assert.equal((await p.app.inject({ method: 'GET', url: BASE, headers: other })).statusCode, 403);
    const valid = { title: 't', summary: 's', detectedAt: new Date(p.clock.now().getTime() - 1000).toISOString(), elements: ['messages'], cause: 'c', possibleHarm: 'h', severity: 'low' };
    assert.equal((await p.app.inject({ method: 'POST', url: BASE, headers: other, payload: valid })).statusCode, 403);
    const inc = await open();
    assert.equal((await p.app.inject({ method: 'POST', url: `${BASE}/${inc.id}/steps/contain`, headers: other, payload: {} })).statusCode, 403);
    assert.equal((await p.app.inject({ method: 'PUT', url: `${BASE}/${inc.id}/notice`, headers: other, payload: NOTICE })).statusCode, 403);
    assert.equal((await p.app.inject({ method: 'GET', url: BASE, headers: asCitizen(randomUUID()) })).statusCode, 403);
    assert.equal((await p.app.inject({ method: 'GET', url: BASE })).statusCode, 401);
    const bad = await p.app.inject({
      method: 'POST', url: BASE, headers: OFFICER,
      payload: { title: 't', summary: 's', detectedAt: new Date(p.clock.now().getTime() - 1000).toISOString(), elements: ['shoe-size'], cause: 'c', possibleHarm: 'h', severity: 'low' },
    });
    assert.equal(bad.statusCode, 422);
    assert.equal(bad.json().type, '/problems/incident-unknown-element');
  });

  it('PP-3.5 an affected account with a bound mobile also gets an SMS pointing to the notice; the job payload and the SMS carry no PI', async () => {
    const person = await register(p);
    const inc = await open({ accountIds: [person.accountId] });
    await step(inc.id, 'contain');
    await step(inc.id, 'assess');
    await saveNotice(inc.id, NOTICE);
    assert.equal((await step(inc.id, 'notify')).statusCode, 200);
    const [batch] = await jobsOf(NOTIFY_BATCH_JOB, inc.id);
    assert.ok(!JSON.stringify(batch).includes(person.mobile));
    await p.jobs.run(NOTIFY_BATCH_JOB, batch!);
    const sms = (await smsTo(p, person.mobile)).filter((b) => b.includes(NOTICE.headline));
    assert.equal(sms.length, 1);
    assert.ok(!sms[0]!.includes(person.mobile));
    const detail = (await p.app.inject({ method: 'GET', url: `${BASE}/${inc.id}`, headers: OFFICER })).json();
    assert.equal(detail.counts.delivery.sms.delivered, 1);
    assert.equal(detail.counts.delivery.inapp.delivered, 1);
    assert.ok(!JSON.stringify(detail).includes(person.accountId), 'the officer sees counts, not who');
  });
});
