// 电子卡证 over HTTP on the composed platform (PP-1.16): only the card number and validity are kept, under the
// 'ecard-reminders' consent, the number encrypted; reveal after step-up; a QR token a counter verifies; expiry
// reminders once per threshold; withdrawal deletes the cards (PP-4.4).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, testAuthenticator } from '../support/auth.ts';
import type { Authenticator } from '../../src/platform/http/access.ts';
import { VERIFY_SCOPE, QR_TTL_SECONDS, EXPIRY_TEMPLATE, createEcardsModule, sandboxEcardIssuers } from '../../src/modules/ecards/index.ts';
import { createPrivacyModule } from '../../src/modules/privacy/index.ts';

// counter systems are partners; the test authenticator knows citizens and staff only
const authenticator: Authenticator = {
  async authenticate(request) {
    const partner = request.headers['x-test-partner'];
    if (typeof partner === 'string' && partner) {
      const [clientId, scopes = ''] = partner.split(';');
      return { kind: 'partner', clientId: clientId!, scopes: new Set(scopes.split(',').filter(Boolean)) };
    }
    return testAuthenticator.authenticate(request);
  },
};
const asCounter = (scopes = [VERIFY_SCOPE]) => ({ 'x-test-partner': `counter-hrss;${scopes.join(',')}` });

const LICENCE = '320600123456'; // 电子驾驶证 档案编号 (12 digits)
const PERMIT = 'JS2026NT0088';

describeEachDatabase('ecards over HTTP', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database, { authenticator });
    p.clock.set('2026-11-27T09:00:00+08:00');
  });
  after(async () => {
    await p?.close();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, account: string, payload?: unknown) =>
    p.app.inject({ method, url, headers: asCitizen(account), ...(payload !== undefined ? { payload: payload as any } : {}) });
  const consent = async (account: string) => {
    const res = await call('POST', '/api/v1/privacy/consents', account, { purposeId: 'ecard-reminders' });
    assert.equal(res.statusCode, 201, res.body);
  };
  const add = (account: string, body: Record<string, unknown>) => call('POST', '/api/v1/ecards', account, body);
  const stepUp = (account: string) =>
    ctx.database.db.insertInto('step_up_proofs' as any).values({ session_ref: `test-${account}`, account_id: account, method: 'sms', provider_ref: null, proved_at: p.clock.now() } as any).execute();
  const cardsOf = async (account: string) => Number((await sql<{ n: string }>`select count(*) as n from ecards where account_id = ${account}`.execute(ctx.database.db)).rows[0]!.n);

  it('PP-1.16 the kinds offered are personal cards, each with its issuing department', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/api/v1/ecards/kinds' });
    assert.equal(res.statusCode, 200);
    const kinds = res.json().kinds as { id: string; issuerNameZh: string }[];
    assert.deepEqual(kinds.map((k) => k.id), ['social-security', 'medical-insurance', 'driving-licence', 'residence-permit']);
    assert.equal(kinds.find((k) => k.id === 'social-security')!.issuerNameZh, '南通市人力资源和社会保障局');
  });

  it('PP-1.16 a card cannot be added without the ecard-reminders consent', async () => {
    const res = await add('acct-none', { kind: 'driving-licence', number: LICENCE, validUntil: '2032-01-01' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().type, '/problems/consent-required');
    assert.equal(await cardsOf('acct-none'), 0);
  });

  it('PP-1.16 only the card number and validity are accepted: any other field is refused and nothing is stored', async () => {
    await consent('acct-a');
    for (const extra of [{ holderName: '张三' }, { idNumber: '32060219900101123X' }, { photo: 'data:image/png;base64,AAAA' }]) {
      const res = await add('acct-a', { kind: 'driving-licence', number: LICENCE, validUntil: '2032-01-01', ...extra });
      assert.equal(res.statusCode, 422, res.body);
      assert.equal(res.json().type, '/problems/ecard-field-not-allowed');
      assert.deepEqual(res.json().fields, Object.keys(extra));
    }
    // an ID number offered as the card number is sensitive PI (PIPL art. 28), not 卡证非敏感信息
    const id = await add('acct-a', { kind: 'medical-insurance', number: '32060219900101123X', validUntil: null });
    assert.equal(id.json().type, '/problems/ecard-sensitive-number');
    const bad = await add('acct-a', { kind: 'driving-licence', number: 'ABC', validUntil: '2032-01-01' });
    assert.equal(bad.json().type, '/problems/ecard-invalid-number');
    const backwards = await add('acct-a', { kind: 'driving-licence', number: LICENCE, validFrom: '2026-01-01', validUntil: '2025-01-01' });
    assert.equal(backwards.json().type, '/problems/ecard-invalid-validity');
    assert.equal(await cardsOf('acct-a'), 0);
  });

  it('PP-1.16 a card is kept with its number encrypted at rest: the raw number is in no column; the list shows it masked', async () => {
    const res = await add('acct-a', { kind: 'driving-licence', number: '3206 0012 3456', validFrom: '2026-01-01', validUntil: '2032-01-01' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().numberMasked, '320*******56');
    assert.equal(res.json().validUntil, '2032-01-01');
    const dup = await add('acct-a', { kind: 'driving-licence', number: LICENCE, validUntil: '2032-01-01' });
    assert.equal(dup.statusCode, 409);
    const list = (await call('GET', '/api/v1/ecards', 'acct-a')).json();
    assert.equal(list.consented, true);
    assert.deepEqual(list.cards.map((c: { kind: string; numberMasked: string }) => [c.kind, c.numberMasked]), [['driving-licence', '320*******56']]);
    const { rows: cols } = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select c.table_name, c.column_name, c.data_type from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'`.execute(ctx.database.db);
    for (const c of cols) {
      const col = sql.ref(c.column_name);
      const found = c.data_type === 'bytea'
        ? sql<{ n: string }>`select count(*) as n from ${sql.table(c.table_name)} where position(convert_to(${LICENCE}, 'UTF8') in ${col}) > 0`
        : sql<{ n: string }>`select count(*) as n from ${sql.table(c.table_name)} where ${col}::text like ${'%' + LICENCE + '%'}`;
      assert.equal(Number((await found.execute(ctx.database.db)).rows[0]!.n), 0, `${c.table_name}.${c.column_name} holds the card number in plain text`);
    }
    const audit = await sql<{ action: string }>`select action from audit_records where action = 'ecards.add-card'`.execute(ctx.database.db);
    assert.equal(audit.rows.length, 1);
  });

  it('PP-1.16 real-name-bound cards (电子社保卡) need a verified identity first', async () => {
    const res = await add('acct-a', { kind: 'social-security', number: 'A12345678', validUntil: '2030-06-30' });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().type, '/problems/real-name-required');
    assert.equal(await cardsOf('acct-a'), 1);
  });

  it('PP-1.16 after real-name verification the 电子社保卡 is accepted, its number masked', async () => {
    await consent('acct-v');
    const rn = await call('POST', '/api/v1/privacy/consents', 'acct-v', { purposeId: 'real-name-face', separate: true });
    assert.equal(rn.statusCode, 201, rn.body);
    const check = await call('POST', '/api/v1/realname/id-check', 'acct-v', { realName: '张三', idNumber: '32060219900101123X' });
    assert.equal(check.statusCode, 200, check.body);
    const res = await add('acct-v', { kind: 'social-security', number: 'a1234 5678', validUntil: '2030-06-30' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().numberMasked, 'A1*****78');
    assert.equal(res.json().issuerNameZh, '南通市人力资源和社会保障局');
  });

  it('PP-1.16 the full number is shown only after step-up, and the reveal is audited', async () => {
    const [card] = (await call('GET', '/api/v1/ecards', 'acct-a')).json().cards;
    const refused = await call('POST', `/api/v1/ecards/${card.id}/reveal`, 'acct-a');
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().type, '/problems/step-up-required');
    await stepUp('acct-a');
    const shown = await call('POST', `/api/v1/ecards/${card.id}/reveal`, 'acct-a');
    assert.equal(shown.statusCode, 200, shown.body);
    assert.equal(shown.json().number, LICENCE);
    // someone else's card answers like a missing one
    await consent('acct-b');
    assert.equal((await call('POST', `/api/v1/ecards/${card.id}/reveal`, 'acct-b')).statusCode, 404);
    const audit = await sql<{ action: string }>`select action from audit_records where action = 'ecards.reveal-number'`.execute(ctx.database.db);
    assert.equal(audit.rows.length, 1);
  });

  it('PP-1.16 the QR token verifies at a counter, carries no card data, and is refused once expired', async () => {
    const [card] = (await call('GET', '/api/v1/ecards', 'acct-a')).json().cards;
    const qr = await call('POST', `/api/v1/ecards/${card.id}/qr`, 'acct-a');
    assert.equal(qr.statusCode, 200, qr.body);
    const { token, svg } = qr.json();
    assert.ok(svg.startsWith('<svg'));
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    assert.deepEqual(Object.keys(claims).sort(), ['aud', 'exp', 'iat', 'iss', 'sub']);
    assert.equal(claims.exp - claims.iat, QR_TTL_SECONDS);
    const verify = (t: string, headers: Record<string, string> = asCounter()) => p.app.inject({ method: 'POST', url: '/api/v1/ecards/verify', headers, payload: { token: t } });
    const ok = await verify(token);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().valid, true);
    assert.equal(ok.json().card.kind, 'driving-licence');
    assert.equal(ok.json().card.numberMasked, '320*******56');
    // a citizen, or a partner without the scope, cannot verify
    assert.equal((await verify(token, asCitizen('acct-b'))).statusCode, 403);
    assert.equal((await verify(token, asCounter(['open311.submit']))).statusCode, 403);
    // a tampered token
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    assert.equal((await verify(forged)).json().type, '/problems/ecard-token-invalid');
    p.clock.advance((QR_TTL_SECONDS + 1) * 1000);
    const late = await verify(token);
    assert.equal(late.statusCode, 410);
    assert.equal(late.json().type, '/problems/ecard-token-expired');
    const audit = await sql<{ actor_kind: string }>`select actor_kind from audit_records where action = 'ecards.verify-card'`.execute(ctx.database.db);
    assert.deepEqual(audit.rows.map((r) => r.actor_kind), ['partner']);
  });

  it('PP-1.16 an expiry reminder is enqueued once at 30 days and once at 7 days (in-app only)', async () => {
    p.clock.set('2026-12-01T08:05:00+08:00');
    const res = await add('acct-b', { kind: 'residence-permit', number: PERMIT, validFrom: '2025-12-31', validUntil: '2026-12-31' });
    assert.equal(res.statusCode, 201, res.body);
    const outbox = async () =>
      (await ctx.database.db.selectFrom('notification_outbox').select(['channel', 'template', 'body']).where('recipient_ref', '=', 'acct-b').where('template', '=', EXPIRY_TEMPLATE).orderBy('created_at').execute());
    const run = () => p.jobs.registry.get('ecards.remind-expiring')!.handler({}, { jobId: 't', retryCount: 0 });
    await run(); // 2026-12-01: 30 days before 2026-12-31
    assert.equal((await outbox()).length, 1);
    assert.deepEqual((await outbox()).map((m) => m.channel), ['inapp']);
    assert.match((await outbox())[0]!.body!, /居住证将于2026-12-31到期\(还有30天\)/);
    assert.ok(!(await outbox())[0]!.body!.includes(PERMIT));
    await run(); // the same day again
    p.clock.set('2026-12-10T08:05:00+08:00');
    await run(); // 21 days: the 30-day reminder went already
    assert.equal((await outbox()).length, 1);
    p.clock.set('2026-12-24T08:05:00+08:00');
    await run(); // 7 days
    await run();
    p.clock.set('2026-12-26T08:05:00+08:00');
    await run();
    const sent = await outbox();
    assert.equal(sent.length, 2);
    assert.match(sent[1]!.body!, /还有7天/);
  });

  it('PP-1.16 a card added within 7 days of expiry gets the 7-day reminder only; no reminder without the consent', async () => {
    p.clock.set('2026-12-26T08:05:00+08:00');
    await consent('acct-c');
    assert.equal((await add('acct-c', { kind: 'driving-licence', number: '320600999999', validUntil: '2026-12-30' })).statusCode, 201);
    // acct-d's consent at an outdated policy version is represented by a consent never given: no reminder
    await ctx.database.db.insertInto('ecards').values({
      account_id: 'acct-d', kind: 'driving-licence', number_enc: await p.kernel.cipher.encryptField('acct-d', '320600888888', 'ecards.card_number'),
      number_masked: '32********88', valid_from: null, valid_until: '2026-12-30', created_at: p.clock.now(),
    }).execute();
    const run = () => p.jobs.registry.get('ecards.remind-expiring')!.handler({}, { jobId: 't', retryCount: 0 });
    await run();
    await run();
    const sent = await ctx.database.db.selectFrom('notification_outbox').select(['recipient_ref', 'body']).where('template', '=', EXPIRY_TEMPLATE).where('recipient_ref', 'in', ['acct-c', 'acct-d']).execute();
    assert.equal(sent.length, 1);
    assert.equal(sent[0]!.recipient_ref, 'acct-c');
    assert.match(sent[0]!.body!, /还有4天/);
    // not withdrawn, only never given: the card is not deleted by the job, just not used
    assert.equal(await cardsOf('acct-d'), 1);
    await ctx.database.db.deleteFrom('ecards').where('account_id', '=', 'acct-d').execute();
  });

  it('PP-4.4 withdrawing the ecard-reminders consent deletes the account\u2019s cards at once, audited', async () => {
    assert.ok((await cardsOf('acct-a')) > 0);
    const res = await call('DELETE', '/api/v1/privacy/consents/ecard-reminders', 'acct-a');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(await cardsOf('acct-a'), 0);
    const list = (await call('GET', '/api/v1/ecards', 'acct-a')).json();
    assert.deepEqual(list, { consented: false, cards: [] });
    const audit = await sql<{ details: any }>`select details from audit_records where action = 'ecards.erase-cards'`.execute(ctx.database.db);
    assert.equal(audit.rows.length, 1);
    // and nothing can be added again without a new consent
    assert.equal((await add('acct-a', { kind: 'driving-licence', number: LICENCE, validUntil: '2032-01-01' })).statusCode, 403);
  });

  it('PP-4.4 a withdrawal the listener missed is caught by the daily job: the cards go, and no reminder is sent', async () => {
    p.clock.set('2026-12-26T08:05:00+08:00');
    await consent('acct-e');
    assert.equal((await add('acct-e', { kind: 'driving-licence', number: '320600777777', validUntil: '2027-01-20' })).statusCode, 201);
    // a withdrawal recorded without its follow-up (e.g. the listener failed): only the consent record exists
    const { policy_version } = await ctx.database.db.selectFrom('consent_records').select('policy_version').where('subject_ref', '=', 'acct-e').executeTakeFirstOrThrow();
    await ctx.database.db.insertInto('consent_records').values({ subject_kind: 'account', subject_ref: 'acct-e', purpose_id: 'ecard-reminders', policy_version, granted: false, method: 'tap', created_at: new Date(p.clock.now().getTime() + 1000) }).execute();
    await p.jobs.registry.get('ecards.remind-expiring')!.handler({}, { jobId: 't', retryCount: 0 });
    assert.equal(await cardsOf('acct-e'), 0);
    const sent = await ctx.database.db.selectFrom('notification_outbox').select('id').where('recipient_ref', '=', 'acct-e').execute();
    assert.deepEqual(sent, []);
  });

  it('PP-1.16 removing a card deletes its row, audited', async () => {
    const [card] = (await call('GET', '/api/v1/ecards', 'acct-b')).json().cards;
    assert.equal((await call('DELETE', `/api/v1/ecards/${card.id}`, 'acct-b')).statusCode, 200);
    assert.equal(await cardsOf('acct-b'), 0);
    assert.equal((await call('DELETE', `/api/v1/ecards/${card.id}`, 'acct-b')).statusCode, 404);
    const audit = await sql<{ action: string }>`select action from audit_records where action = 'ecards.remove-card'`.execute(ctx.database.db);
    assert.equal(audit.rows.length, 1);
  });

  // PP-1.17: cards fetched from the issuing department's system (the sandbox stands in for it outside production)
  const fetchCard = (account: string, kind: string) => call('POST', '/api/v1/ecards/fetch', account, { kind });
  const authorise = async (account: string, purposeId: string) => assert.equal((await call('POST', '/api/v1/privacy/consents', account, { purposeId })).statusCode, 201);
  const ledgerOf = (account: string) => p.kernel.sharing.provisionsOf(ctx.database.db, account);

  it('PP-1.17: a card is fetched from its issuing department only with the citizen\'s authorisation to that department, recorded as received and shown in 谁使用了我的数据', async () => {
    await consent('acct-f');
    const refused = await fetchCard('acct-f', 'driving-licence');
    assert.equal(refused.statusCode, 403, refused.body);
    assert.equal(refused.json().type, '/problems/source-authorisation-required');
    assert.equal(refused.json().purposeId, 'ecard-fetch-police');
    assert.equal(await cardsOf('acct-f'), 0);
    assert.deepEqual(await ledgerOf('acct-f'), []);

    await authorise('acct-f', 'ecard-fetch-police');
    const res = await fetchCard('acct-f', 'driving-licence');
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().kind, 'driving-licence');
    assert.match(res.json().numberMasked, /^320\*+\d{2}$/);
    assert.equal(await cardsOf('acct-f'), 1);
    const [row, ...more] = await ledgerOf('acct-f');
    assert.equal(more.length, 0);
    assert.equal(row!.direction, 'inbound');
    assert.equal(row!.recipient_id, 'ecard-issuer-police');
    assert.deepEqual(row!.elements, ['ecard-number', 'ecard-validity']);
    const auth = await ctx.database.db.selectFrom('consent_records').select('id').where('subject_ref', '=', 'acct-f').where('purpose_id', '=', 'ecard-fetch-police').executeTakeFirstOrThrow();
    assert.equal(row!.authorisation_ref, `consent:${auth.id}`);
    const stored = await sql<{ details: any }>`select details from audit_records where action = 'ecards.fetch-card'`.execute(ctx.database.db);
    assert.equal(stored.rows.at(-1)!.details.receiptId, row!.id);
    // 谁使用了我的数据 lists the receipt with the other ledger entries
    const usage = await call('GET', '/api/v1/rights/usage', 'acct-f');
    assert.equal(usage.statusCode, 200, usage.body);
    const received = usage.json().provisions.find((x: { recipientId: string }) => x.recipientId === 'ecard-issuer-police');
    assert.ok(received, 'the receipt is listed');
    // told apart from what we provided, under the partner's name (PP-1.17)
    assert.equal(received.direction, 'inbound');
    assert.match(received.partner, /公安/);

    // fetched again: refused as a duplicate, and the receipt rolls back with it
    assert.equal((await fetchCard('acct-f', 'driving-licence')).statusCode, 409);
    assert.equal((await ledgerOf('acct-f')).length, 1);

    // refreshed from the department (e.g. after renewal): another receipt, reminders due again
    await ctx.database.db.updateTable('ecards').set({ reminded_30_at: p.clock.now() }).where('account_id', '=', 'acct-f').execute();
    const refreshed = await call('POST', `/api/v1/ecards/${res.json().id}/refresh`, 'acct-f');
    assert.equal(refreshed.statusCode, 200, refreshed.body);
    const ledger = await ledgerOf('acct-f');
    assert.deepEqual(ledger.map((r) => r.direction), ['inbound', 'inbound']);
    const after = await ctx.database.db.selectFrom('ecards').select('reminded_30_at').where('account_id', '=', 'acct-f').executeTakeFirstOrThrow();
    assert.equal(after.reminded_30_at, null);
  });

  it('PP-1.17: withdrawing the authorisation stops further receipt, and an authorisation to one department does not cover another', async () => {
    const [card] = (await call('GET', '/api/v1/ecards', 'acct-f')).json().cards;
    assert.equal((await call('DELETE', '/api/v1/privacy/consents/ecard-fetch-police', 'acct-f')).statusCode, 200);
    const refresh = await call('POST', `/api/v1/ecards/${card.id}/refresh`, 'acct-f');
    assert.equal(refresh.statusCode, 403, refresh.body);
    assert.equal(refresh.json().type, '/problems/source-authorisation-required');
    assert.equal((await call('DELETE', `/api/v1/ecards/${card.id}`, 'acct-f')).statusCode, 200);
    for (const kind of ['driving-licence', 'residence-permit']) {
      const res = await fetchCard('acct-f', kind);
      assert.equal(res.statusCode, 403, res.body);
      assert.equal(res.json().type, '/problems/source-authorisation-required');
    }
    assert.equal(await cardsOf('acct-f'), 0);
    assert.equal((await ledgerOf('acct-f')).length, 2, 'only the receipts made while authorised');

    await consent('acct-g');
    await authorise('acct-g', 'ecard-fetch-hrss');
    const other = await fetchCard('acct-g', 'residence-permit');
    assert.equal(other.statusCode, 403);
    assert.equal(other.json().purposeId, 'ecard-fetch-police');
    assert.deepEqual(await ledgerOf('acct-g'), []);
  });

  it('PP-4.4 LAW-3 an e-card consent withdrawn while the issuing department answers stops the card from being stored', async () => {
    // Withdrawal deletes the cards (PP-4.4); a fetch that was waiting on the department must not put one back.
    const who = 'acct-withdraws-mid-fetch';
    await consent(who);
    await authorise(who, 'ecard-fetch-police');
    const privacy = createPrivacyModule({ database: ctx.database, clock: p.clock });
    const issuers = sandboxEcardIssuers();
    const ecards = createEcardsModule({
      database: ctx.database, clock: p.clock, cipher: p.kernel.cipher, audit: p.kernel.audit, guard: privacy.guard,
      notifications: { enqueue: async () => undefined } as never, sessionSecret: p.config.secrets.sessionSecret, sharing: p.kernel.sharing,
      issuers: {
        async fetch(kind, accountId) {
          const card = await issuers.fetch(kind, accountId);
          p.clock.advance(1000);
          await privacy.consents.withdraw({ kind: 'account', ref: who }, 'ecard-reminders'); // in 隐私设置, meanwhile
          return card;
        },
      },
    });
    await assert.rejects(ecards.service.fetchFromIssuer({ kind: 'citizen', accountId: who, sessionId: 's' }, 'driving-licence'), (e: unknown) =>
      (e as { problem?: string; status?: number }).problem === 'consent-required' && (e as { status?: number }).status === 403,
    );
    assert.equal(await cardsOf(who), 0, 'no card stored');
    assert.deepEqual(await ledgerOf(who), [], 'the receipt rolled back with it');
    const audits = await ctx.database.db.selectFrom('audit_records').select('action').where('action', '=', 'ecards.fetch-card')
      .where('subject_pseudonym', '=', p.kernel.audit.subjectPseudonym(who)).execute();
    assert.deepEqual(audits, [], 'no audit record of a store that did not happen');
  });
});
