import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql, type Transaction } from 'kysely';
import type { Tables } from '../../src/platform/db/tables.ts';
import { DELIVER_JOB, type EnqueueInput } from '../../src/modules/notifications/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { citizen, harness, localSmtp, staff, type Harness } from './support.ts';

describeEachDatabase('notifications outbox', (ctx) => {
  let h: Harness;
  before(async () => {
    h = await harness(ctx.database);
  });
  after(async () => h.close());

  const db = () => ctx.database.db;
  const enqueue = (input: EnqueueInput) => db().transaction().execute((tx: Transaction<Tables>) => h.n.service.enqueue(tx, input));
  const row = (id: string) => db().selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const jobsFor = async (id: string) =>
    Number(
      (
        await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${DELIVER_JOB} and data->>'outboxId' = ${id}`.execute(db())
      ).rows[0]!.n,
    );
  /** the body as delivery reads it: a sensitive template's body is held encrypted */
  const bodyOf = async (id: string) => {
    const r = await row(id);
    return r.body_enc ? h.cipher.decryptField(r.recipient_ref, r.body_enc, 'notification_outbox.body') : r.body!;
  };
  const otp = (mobile: string, code = '482913'): EnqueueInput => ({
    recipient: { kind: 'account', ref: 'acc-1', address: mobile },
    channel: 'sms',
    template: 'otp',
    params: { code, minutes: 5 },
  });

  it('writes the outbox row and its delivery job in the caller’s transaction, so a rollback leaves neither', async () => {
    const committed = await enqueue(otp('13912345678'));
    assert.equal((await row(committed)).status, 'pending');
    assert.equal(await jobsFor(committed), 1);

    let rolledBack = '';
    await assert.rejects(
      db()
        .transaction()
        .execute(async (tx) => {
          rolledBack = await h.n.service.enqueue(tx, otp('13912345679'));
          throw new Error('the causing event failed');
        }),
      /causing event failed/,
    );
    assert.ok(rolledBack);
    assert.equal(await db().selectFrom('notification_outbox').select('id').where('id', '=', rolledBack).executeTakeFirst(), undefined);
    assert.equal(await jobsFor(rolledBack), 0);
  });

  it('renders templates in zh-CN by default and in English on request, and rejects missing parameters', async () => {
    const zh = await enqueue(otp('13912340001', '111222'));
    assert.match(await bodyOf(zh), /^【南通百通】您的验证码是111222，5分钟内有效/);
    const en = await enqueue({ ...otp('13912340002', '333444'), locale: 'en' });
    assert.match(await bodyOf(en), /Your verification code is 333444/);
    await assert.rejects(enqueue({ ...otp('13912340003'), params: { code: '1' } }), /needs parameter "minutes"/);
  });

  it('PP-3.4 delivers an OTP through the SMS sandbox, marks it delivered and erases the number and the code from the outbox', async () => {
    const id = await enqueue(otp('+86 139 1234 5000', '905112'));
    await h.jobs.run(DELIVER_JOB, { outboxId: id });
    const r = await row(id);
    assert.equal(r.status, 'delivered');
    assert.equal(r.attempts, 1);
    assert.ok(r.delivered_at && r.provider_message_id?.startsWith('sandbox-'));
    assert.equal(r.to_address_enc, null);
    assert.equal(r.body, null);
    assert.equal(r.body_enc, null);
    const sent = await db().selectFrom('sms_sandbox_messages').selectAll().where('provider_message_id', '=', r.provider_message_id!).executeTakeFirstOrThrow();
    assert.equal(sent.mobile, '13912345000');
    assert.match(sent.body, /905112/);
    assert.doesNotMatch(h.logs.text, /905112|13912345000/);
    assert.match(h.logs.text, /SMS sandbox accepted a message/);
    // delivering again (a duplicate job) changes nothing
    await h.jobs.run(DELIVER_JOB, { outboxId: id });
    assert.equal((await row(id)).attempts, 1);
  });

  it('records an invalid number and a number not in service as permanent failures, without retrying', async () => {
    const invalid = await enqueue(otp('12345'));
    await h.jobs.run(DELIVER_JOB, { outboxId: invalid }); // resolves: no retry
    const r = await row(invalid);
    assert.equal(r.status, 'permanent-failure');
    assert.match(r.last_error!, /invalid-number/);
    assert.equal(r.to_address_enc, null);
    assert.equal(r.body, null);
    assert.equal(r.body_enc, null);

    const dead = await enqueue(otp('13612340000'));
    await h.jobs.run(DELIVER_JOB, { outboxId: dead });
    assert.equal((await row(dead)).status, 'permanent-failure');
    assert.match((await row(dead)).last_error!, /number not in service/);
  });

  it('records a gateway timeout as a temporary failure and throws so that the job queue retries it', async () => {
    const id = await enqueue(otp('13800000001'));
    await assert.rejects(h.jobs.run(DELIVER_JOB, { outboxId: id }), /gateway timeout/);
    const r = await row(id);
    assert.equal(r.status, 'temporary-failure');
    assert.equal(await h.cipher.decryptField(r.recipient_ref, r.to_address_enc!, 'notification_outbox.to_address'), '13800000001', 'the address is kept (encrypted) for the retry');
    // … and gives up (permanent-failure) once the retries are used up
    for (let attempt = 2; attempt <= 5; attempt++) await assert.rejects(h.jobs.run(DELIVER_JOB, { outboxId: id }));
    await h.jobs.run(DELIVER_JOB, { outboxId: id }); // the sixth and last attempt (pg-boss retryLimit 5) resolves
    const last = await row(id);
    assert.equal(last.status, 'permanent-failure');
    assert.match(last.last_error!, /gave up after 6 attempts/);
    assert.equal(last.to_address_enc, null);
  });

  it('rate-limits each number like a real gateway: one a minute, ten an hour, as temporary failures', async () => {
    const mobile = '13712345678';
    const first = await enqueue(otp(mobile));
    await h.jobs.run(DELIVER_JOB, { outboxId: first });
    const second = await enqueue(otp(mobile));
    await assert.rejects(h.jobs.run(DELIVER_JOB, { outboxId: second }), /rate limited: 1 per minute/);
    assert.equal((await row(second)).status, 'temporary-failure');
    assert.match((await row(second)).last_error!, /rate-limited/);
    h.clock.advance(61_000);
    await h.jobs.run(DELIVER_JOB, { outboxId: second });
    assert.equal((await row(second)).status, 'delivered');

    for (let i = 0; i < 8; i++) {
      h.clock.advance(61_000);
      await h.jobs.run(DELIVER_JOB, { outboxId: await enqueue(otp(mobile)) });
    }
    h.clock.advance(61_000);
    const eleventh = await enqueue(otp(mobile));
    await assert.rejects(h.jobs.run(DELIVER_JOB, { outboxId: eleventh }), /10 per hour/);
  });

  it('PP-1.18 delivers an abnormal-login alert to the citizen’s inbox, which they read and mark read through the API', async () => {
    const id = await enqueue({
      recipient: { kind: 'account', ref: 'acc-inbox' },
      channel: 'inapp',
      template: 'abnormal-login',
      params: { time: '2026-11-27 09:00', place: '江苏南通' },
    });
    await h.jobs.run(DELIVER_JOB, { outboxId: id });
    assert.equal((await row(id)).status, 'delivered');

    h.as(null);
    assert.equal((await h.app.inject('/api/v1/notifications/inbox')).statusCode, 401);
    h.as(citizen('acc-inbox'));
    const inbox = await h.app.inject('/api/v1/notifications/inbox');
    assert.equal(inbox.statusCode, 200);
    const { items, unread } = inbox.json();
    assert.equal(unread, 1);
    assert.equal(items.length, 1);
    assert.equal(items[0].title, '南通百通账号异常登录提醒');
    assert.match(items[0].body, /您的账号于2026-11-27 09:00在江苏南通登录/);

    h.as(citizen('someone-else'));
    assert.equal((await h.app.inject('/api/v1/notifications/inbox')).json().items.length, 0);
    const foreign = await h.app.inject({ method: 'POST', url: `/api/v1/notifications/inbox/${items[0].id}/read` });
    assert.equal(foreign.statusCode, 404, 'someone else’s message looks like a missing one');

    h.as(citizen('acc-inbox'));
    const read = await h.app.inject({ method: 'POST', url: `/api/v1/notifications/inbox/${items[0].id}/read` });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().read, true);
    assert.equal((await h.app.inject('/api/v1/notifications/inbox')).json().unread, 0);
  });

  it('PP-3.4 shows staff the outbox without addresses or message text, only with notifications.read', async () => {
    const id = await enqueue({ recipient: { kind: 'pseudonym', ref: 'p-77', address: '13812348000' }, channel: 'sms', template: 'welcome' });
    h.as(staff('notifications.sandbox'));
    assert.equal((await h.app.inject('/api/v1/console/notifications/outbox')).statusCode, 403);
    h.as(staff('notifications.read'));
    const res = await h.app.inject('/api/v1/console/notifications/outbox?status=pending&channel=sms');
    assert.equal(res.statusCode, 200);
    const item = res.json().items.find((i: { id: string }) => i.id === id);
    assert.equal(item.to, '已加密', 'the console does not decrypt addresses');
    assert.equal(item.body, undefined);
    assert.doesNotMatch(res.body, /13812348000|验证码是/);
  });

  it('lets staff with notifications.sandbox read what the SMS sandbox sent, and reports the sandbox in /readyz', async () => {
    h.as(staff('notifications.read'));
    assert.equal((await h.app.inject('/api/v1/console/sandbox/sms')).statusCode, 403);
    h.as(staff('notifications.sandbox'));
    const res = await h.app.inject('/api/v1/console/sandbox/sms?mobile=13912345000');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().sandbox, true);
    assert.equal(res.json().items.length, 1);
    assert.equal(res.json().items[0].mobile, '139****5000');
    assert.match(res.json().items[0].body, /905112/);

    const ready = await h.app.inject('/readyz');
    const sms = ready.json().checks.find((c: { name: string }) => c.name === 'SMS gateway (sandbox)');
    assert.deepEqual([sms.kind, sms.ok, sms.sandbox], ['provider', true, true]);
  });

  it('records an email as permanent-failure "email not configured" when there is no SMTP server, rather than faking it', async () => {
    const id = await enqueue({ recipient: { kind: 'account', ref: 'acc-1', address: 'citizen@example.com' }, channel: 'email', template: 'welcome' });
    await h.jobs.run(DELIVER_JOB, { outboxId: id });
    const r = await row(id);
    assert.equal(r.status, 'permanent-failure');
    assert.equal(r.last_error, 'email not configured');
    assert.equal(r.to_address_enc, null);
  });
  const auditFor = (outboxId: string, action: string) =>
    db()
      .selectFrom('audit_records')
      .selectAll()
      .where('action', '=', action)
      .where(sql<string>`details->>'outboxId'`, '=', outboxId)
      .execute();

  it('PP-3.4 the outbox never holds a mobile number in plaintext', async () => {
    const mobile = '13955554444';
    const id = await enqueue({ ...otp(mobile, '771234'), recipient: { kind: 'account', ref: 'acc-plain', address: mobile } });
    const asText = async () =>
      (await sql<{ t: string }>`select t::text as t from notification_outbox t`.execute(db())).rows.map((r) => r.t).join('\n');
    const pending = await asText();
    assert.ok(pending.length > 0);
    assert.doesNotMatch(pending, /13955554444|771234/, 'neither the number nor the code is stored readable while pending');
    const r = await row(id);
    assert.ok(r.to_address_enc && r.body_enc && r.body === null);
    await h.jobs.run(DELIVER_JOB, { outboxId: id });
    assert.equal((await row(id)).status, 'delivered');
    assert.doesNotMatch(await asText(), /13955554444|771234/);
    // handing the number to the gateway is audited, by the job, under the subject's pseudonym
    const [delivered, ...more] = await auditFor(id, 'notifications.deliver-message');
    assert.equal(more.length, 0);
    assert.equal(delivered!.actor_kind, 'job');
    assert.equal(delivered!.subject_pseudonym, h.audit.subjectPseudonym('acc-plain'));
    assert.deepEqual(delivered!.elements, ['mobile', 'messages']);
    assert.doesNotMatch(JSON.stringify(delivered), /13955554444|771234/);
  });

  it('LAW-9 enqueueing a message writes its audit record in the same transaction', async () => {
    const id = await db()
      .transaction()
      .execute((tx) =>
        h.n.service.enqueue(tx, { ...otp('13955550001'), recipient: { kind: 'account', ref: 'acc-law9', address: '13955550001' }, actor: { kind: 'citizen', ref: 'acc-law9' } }),
      );
    const [rec, ...more] = await auditFor(id, 'notifications.enqueue-message');
    assert.equal(more.length, 0);
    assert.equal(rec!.actor_kind, 'citizen');
    assert.equal(rec!.actor_ref, 'acc-law9');
    assert.equal(rec!.subject_pseudonym, h.audit.subjectPseudonym('acc-law9'));
    assert.deepEqual(rec!.elements, ['mobile', 'messages']);
    assert.equal(rec!.purpose_id, 'account-messages');
    assert.equal(rec!.legal_basis, 'contract');

    const inapp = await db()
      .transaction()
      .execute((tx) =>
        h.n.service.enqueue(tx, {
          recipient: { kind: 'account', ref: 'acc-law9' },
          channel: 'inapp',
          template: 'abnormal-login',
          params: { time: '2026-11-27 09:00', place: '江苏南通' },
          purposeId: 'abnormal-login-alerts',
        }),
      );
    const [alert] = await auditFor(inapp, 'notifications.enqueue-message');
    assert.equal(alert!.actor_kind, 'system');
    assert.equal(alert!.purpose_id, 'abnormal-login-alerts');
    assert.equal(alert!.legal_basis, 'legal-obligation');
    await assert.rejects(enqueue({ ...otp('13955550003'), purposeId: 'no-such-purpose' }), /Unknown purpose/);

    let rolledBack = '';
    await assert.rejects(
      db()
        .transaction()
        .execute(async (tx) => {
          rolledBack = await h.n.service.enqueue(tx, otp('13955550002'));
          throw new Error('the causing event failed');
        }),
      /causing event failed/,
    );
    assert.ok(rolledBack);
    assert.equal((await auditFor(rolledBack, 'notifications.enqueue-message')).length, 0);
  });

  it('PP-3.4 a message to an erased subject (key destroyed) ends as permanent-failure "subject erased"', async () => {
    const id = await enqueue({ ...otp('13955556666', '550011'), recipient: { kind: 'pseudonym', ref: 'p-erased', address: '13955556666' } });
    assert.equal(await h.cipher.destroySubjectKey('p-erased'), true);
    await h.jobs.run(DELIVER_JOB, { outboxId: id }); // resolves: no retry
    const r = await row(id);
    assert.equal(r.status, 'permanent-failure');
    assert.equal(r.last_error, 'subject erased');
    assert.equal(r.to_address_enc, null);
    assert.equal(r.body_enc, null);
    assert.equal((await db().selectFrom('sms_sandbox_messages').select('id').where('mobile', '=', '13955556666').execute()).length, 0);
    assert.equal((await auditFor(id, 'notifications.deliver-message')).length, 0);
    // and nothing new can be queued for the erased subject
    await assert.rejects(enqueue({ ...otp('13955556666'), recipient: { kind: 'pseudonym', ref: 'p-erased', address: '13955556666' } }));
  });
});

describeEachDatabase('notifications email over SMTP', (ctx) => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof localSmtp>>;
  before(async () => {
    smtp = await localSmtp();
    h = await harness(ctx.database, { SMTP_URL: smtp.url });
  });
  after(async () => {
    await h.close();
    await smtp.close();
  });

  it('sends the rendered zh-CN template to a real SMTP server and marks it delivered', async () => {
    const id = await ctx.database.db
      .transaction()
      .execute((tx) => h.n.service.enqueue(tx, { recipient: { kind: 'account', ref: 'acc-9', address: 'zhang.san@example.com' }, channel: 'email', template: 'otp', params: { code: '620417', minutes: 10 } }));
    await h.jobs.run(DELIVER_JOB, { outboxId: id });
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0]!;
    assert.deepEqual(mail.to, ['zhang.san@example.com']);
    assert.equal(mail.from, 'noreply@baitong.nantong.gov.cn');
    assert.equal(mail.subject, '南通百通验证码');
    assert.match(mail.text, /您的验证码是620417，10分钟内有效/);
    const r = await ctx.database.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(r.status, 'delivered');
    assert.equal(r.to_address_enc, null);
    assert.equal(r.body, null);
    assert.equal(r.body_enc, null);
    const ready = (await h.app.inject('/readyz')).json();
    assert.equal(ready.checks.find((c: { name: string }) => c.name === 'Email (SMTP)').ok, true);
  });

  it('records an invalid email address as a permanent failure', async () => {
    const id = await ctx.database.db
      .transaction()
      .execute((tx) => h.n.service.enqueue(tx, { recipient: { kind: 'account', ref: 'acc-9', address: 'not-an-address' }, channel: 'email', template: 'welcome' }));
    await h.jobs.run(DELIVER_JOB, { outboxId: id });
    const r = await ctx.database.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(r.status, 'permanent-failure');
    assert.equal(r.last_error, 'invalid email address');
  });
});
