// Real-name verification through the HTTP API (issue #4 §5): separate consent per route, local validation first,
// every sandbox refusal as a named problem, timeouts retryable, levels, encryption at rest, no image kept, audit.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { testAuthenticator, asCitizen } from '../support/auth.ts';
import { challenge, consent, frame, frames, post, ZHANG, ZHANG_CARD } from './support.ts';

describeEachDatabase('real-name verification', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: testAuthenticator });
  });
  after(async () => {
    await p.close();
  });

  let n = 0;
  const account = () => `acct-${++n}-${Math.random().toString(36).slice(2, 8)}`;

  it('PP-1.5 LAW-1 the ID check needs separate consent to real-name-face first, and nothing is stored without it', async () => {
    const a = account();
    const res = await post(p, a, '/api/v1/realname/id-check', ZHANG);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().type, '/problems/consent-required');
    assert.equal(res.json().purpose, 'real-name-face');
    assert.equal(res.json().separate, true);
    const rows = await ctx.database.db.selectFrom('realname_identities').select('account_id').where('account_id', '=', a).execute();
    assert.equal(rows.length, 0);
  });

  it('LAW-1 a consent that was not given separately does not open real-name verification', async () => {
    const a = account();
    const grant = await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: asCitizen(a), payload: { purposeId: 'real-name-face', separate: false } });
    assert.equal(grant.statusCode, 201);
    const res = await post(p, a, '/api/v1/realname/id-check', ZHANG);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().type, '/problems/consent-required');
  });

  it('PP-1.7 an account that does not use real-name verification provides none of its data: no row anywhere, level none', async () => {
    const a = account();
    const me = await p.app.inject({ method: 'GET', url: '/api/v1/realname/me', headers: asCitizen(a) });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(me.json(), { level: 'none', verified: null, guardianNotice: false, guardians: 0 });
    for (const [table, column] of [['realname_identities', 'account_id'], ['realname_attempts', 'account_id'], ['guardian_links', 'minor_account_id']] as const) {
      const rows = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)} = ${a}`.execute(ctx.database.db);
      assert.equal(rows.rows[0]!.n, 0, table);
    }
  });

  it('LAW-10 a malformed ID number is refused locally with a Chinese message (422), before consent or provider', async () => {
    const a = account();
    const res = await post(p, a, '/api/v1/realname/id-check', { realName: '张三', idNumber: '320602199001011234' });
    assert.equal(res.statusCode, 422);
    assert.equal(res.json().type, '/problems/id-number-invalid');
    assert.equal(res.json().reason, 'check-character');
    assert.match(res.json().detail, /校验位/);
    const name = await post(p, a, '/api/v1/realname/id-check', { realName: 'Zhang', idNumber: ZHANG.idNumber });
    assert.equal(name.json().type, '/problems/real-name-invalid');
  });

  it('PP-1.5 the ID check verifies name + ID number; the level becomes id-verified and the identity shows masked', async () => {
    const a = account();
    await consent(p, a, 'real-name-face');
    const res = await post(p, a, '/api/v1/realname/id-check', ZHANG);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.level, 'id-verified');
    assert.equal(body.verified.realNameMasked, '张*');
    assert.equal(body.verified.idNumberMasked, '3206**********123X');
    assert.equal(body.verified.ageBand, 'adult');
    assert.equal(body.guardianNotice, false);
    const me = await p.app.inject({ method: 'GET', url: '/api/v1/realname/me', headers: asCitizen(a) });
    assert.equal(me.json().level, 'id-verified');
    assert.doesNotMatch(me.body, /32060219900101123X/);
  });

  it('LAW-10 PP-3.4 the name and ID number are encrypted at rest, looked up by blind index, and never logged', async () => {
    const raw = await sql<{ t: string }>`select row_to_json(r)::text as t from realname_identities r`.execute(ctx.database.db);
    assert.ok(raw.rows.length > 0);
    for (const r of raw.rows) {
      assert.doesNotMatch(r.t, /32060219900101123X|张三/);
    }
    // no text column of any table holds the ID number in plaintext
    const cols = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
       where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json')`.execute(ctx.database.db);
    for (const c of cols.rows) {
      const hit = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(c.table_name)} where ${sql.ref(c.column_name)}::text like ${'%32060219900101123X%'}`.execute(ctx.database.db);
      assert.equal(hit.rows[0]!.n, 0, `${c.table_name}.${c.column_name} holds the ID number`);
    }
    assert.doesNotMatch(p.logs.text, /32060219900101123X/);
    assert.doesNotMatch(p.logs.text, /张三/);
  });

  it('the sandbox labels its log lines sandbox: true and logs only references and pseudonyms', async () => {
    const lines = p.logs.lines.map((l) => JSON.parse(l)).filter((l) => l.provider === 'id-check');
    assert.ok(lines.length > 0);
    for (const l of lines) {
      assert.equal(l.sandbox, true);
      assert.match(l.providerRef, /^sandbox-id-/);
      assert.match(l.callerRef, /^[0-9a-f]{64}$/);
    }
  });

  it('PP-1.5 one ID number binds one account: another account is refused (409)', async () => {
    const b = account();
    await consent(p, b, 'real-name-face');
    const res = await post(p, b, '/api/v1/realname/id-check', ZHANG);
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().type, '/problems/id-number-bound');
  });

  const refusals: [string, { realName: string; idNumber: string }, number, string][] = [
    ['name/ID mismatch', { realName: '张四', idNumber: '32061219850505002X' }, 422, 'real-name-mismatch'],
    ['ID number not in the register', { realName: '张三', idNumber: '320602199001011248' }, 422, 'id-number-not-found'],
    ['ID card expired', { realName: '赵六', idNumber: '320682196011200032' }, 422, 'id-card-expired'],
    ['ID card cancelled', { realName: '钱七', idNumber: '320623197208081115' }, 422, 'id-card-cancelled'],
  ];
  for (const [what, input, status, problem] of refusals) {
    it(`PP-1.5 the sandbox refuses: ${what} → ${problem}, recorded and audited`, async () => {
      const a = account();
      await consent(p, a, 'real-name-face');
      const res = await post(p, a, '/api/v1/realname/id-check', input);
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().type, `/problems/${problem}`);
      assert.equal(res.json().retryable, false);
      const attempts = await ctx.database.db.selectFrom('realname_attempts').selectAll().where('account_id', '=', a).execute();
      assert.equal(attempts.length, 1);
      assert.notEqual(attempts[0]!.outcome, 'passed');
      const audits = await ctx.database.db
        .selectFrom('audit_records')
        .select(['action', 'details'])
        .where('subject_pseudonym', '=', p.kernel.audit.subjectPseudonym(a))
        .execute();
      assert.deepEqual(audits.map((r) => r.action), ['realname.refuse-verification']);
      assert.equal((await p.app.inject({ method: 'GET', url: '/api/v1/realname/me', headers: asCitizen(a) })).json().level, 'none');
    });
  }

  it('PP-1.5 a provider timeout is a retryable 503 with Retry-After, and does not count against the daily limit', async () => {
    const a = account();
    await consent(p, a, 'real-name-face');
    for (let i = 0; i < 6; i++) {
      const res = await post(p, a, '/api/v1/realname/id-check', { realName: '孙八', idNumber: '320685198802025670' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().type, '/problems/real-name-provider-unavailable');
      assert.equal(res.json().retryable, true);
      assert.ok(res.headers['retry-after']);
      p.clock.advance(61_000); // past the sandbox's per-minute limit
    }
  });

  it('PP-1.5 five refusals a day close the route until tomorrow (429)', async () => {
    const a = account();
    await consent(p, a, 'real-name-face');
    const wrong = { realName: '王八', idNumber: '32061219850505002X' };
    for (let i = 0; i < 5; i++) {
      assert.equal((await post(p, a, '/api/v1/realname/id-check', wrong)).statusCode, 422);
      p.clock.advance(61_000);
    }
    const res = await post(p, a, '/api/v1/realname/id-check', ZHANG);
    assert.equal(res.statusCode, 429);
    assert.equal(res.json().type, '/problems/real-name-attempts-exceeded');
    p.clock.advance(86_400_000);
    assert.notEqual((await post(p, a, '/api/v1/realname/id-check', wrong)).statusCode, 429);
  });

  it('PP-1.5 face: ID check + liveness frames → face-verified; face login on with consent; no image stored anywhere', async () => {
    const a = account();
    await consent(p, a, 'real-name-face');
    const shot = await frames(3);
    const res = await post(p, a, '/api/v1/realname/face', { realName: '郑敏', idNumber: '320602199511118889', frames: shot, challengeId: await challenge(p), enableFaceLogin: true });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().level, 'face-verified');
    assert.equal(res.json().verified.faceLoginEnabled, true);
    const row = await ctx.database.db.selectFrom('realname_identities').selectAll().where('account_id', '=', a).executeTakeFirstOrThrow();
    assert.match(row.face_provider_ref!, /^sandbox-face-/);
    // PP-1.5: no table holds image bytes — neither raw JPEG (FF D8 FF) in a bytea column nor base64 JPEG (/9j/) in text
    const cols = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select table_name, column_name, data_type from information_schema.columns
       where table_schema = 'public' and data_type in ('bytea', 'text', 'character varying', 'jsonb', 'json')`.execute(ctx.database.db);
    for (const c of cols.rows) {
      const cond =
        c.data_type === 'bytea'
          ? sql`position(${Buffer.from([0xff, 0xd8, 0xff])}::bytea in ${sql.ref(c.column_name)}) > 0`
          : sql`${sql.ref(c.column_name)}::text like ${'%/9j/%'}`;
      const hit = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(c.table_name)} where ${cond}`.execute(ctx.database.db);
      assert.equal(hit.rows[0]!.n, 0, `${c.table_name}.${c.column_name} holds image bytes`);
    }
  });

  it('PP-1.5 face refusals: liveness failed, face mismatch, a still photo replayed, not a JPEG', async () => {
    const cases: [{ realName: string; idNumber: string }, string[] | 'same' | 'png', string][] = [
      [{ realName: '李四', idNumber: '32061219850505002X' }, await frames(3), 'liveness-failed'],
      [{ realName: '王五', idNumber: '320681197803154415' }, await frames(3), 'face-mismatch'],
      // the capture stopped after two of the three prompted actions
      [{ realName: '冯丽', idNumber: '320602196906062222' }, await frames(2), 'liveness-failed'],
      [{ realName: '吴小丽', idNumber: '32061220100901004X' }, 'same', 'liveness-failed'],
      [{ realName: '吴小丽', idNumber: '32061220100901004X' }, 'png', 'face-image-invalid'],
    ];
    for (const [who, shots, problem] of cases) {
      const a = account();
      await consent(p, a, 'real-name-face');
      const f = await frame(90);
      const payload = shots === 'same' ? [f, f, f] : shots === 'png' ? [Buffer.from('\x89PNG\r\n\x1a\n' + 'x'.repeat(400)).toString('base64')] : shots;
      const res = await post(p, a, '/api/v1/realname/face', { ...who, frames: payload, challengeId: await challenge(p) });
      assert.equal(res.json().type, `/problems/${problem}`, `${who.realName}: ${res.body}`);
      assert.equal(res.statusCode, 422);
    }
  });

  it('PP-1.5 a face frame over 512 KiB is refused (413) and more than three frames are a bad request', async () => {
    const a = account();
    await consent(p, a, 'real-name-face');
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(600 * 1024, 7)]).toString('base64');
    const res = await post(p, a, '/api/v1/realname/face', { ...ZHANG, frames: [big], challengeId: await challenge(p) });
    assert.equal(res.statusCode, 413, res.body);
    assert.equal(res.json().type, '/problems/face-image-too-large');
    const many = await post(p, a, '/api/v1/realname/face', { ...ZHANG, frames: await frames(4).catch(() => []), challengeId: await challenge(p) });
    assert.equal(many.statusCode, 400);
  });

  it('PP-1.6 LAW-1 bank card: separate consent to real-name-bank-card; the face consent does not cover it', async () => {
    const a = account();
    await consent(p, a, 'real-name-face');
    const res = await post(p, a, '/api/v1/realname/bank-card', { ...ZHANG, ...ZHANG_CARD });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().purpose, 'real-name-bank-card');
  });

  it('PP-1.6 bank card four elements → card-verified; only the last four digits are kept', async () => {
    const a = `card-${account()}`;
    await consent(p, a, 'real-name-bank-card');
    // a fresh database row for 郑敏 is taken by the face test: use a card of 张三 on the account that verified him
    const owner = (await ctx.database.db.selectFrom('realname_identities').select('account_id').orderBy('id_verified_at').executeTakeFirstOrThrow()).account_id;
    await consent(p, owner, 'real-name-bank-card');
    const local = await post(p, owner, '/api/v1/realname/bank-card', { ...ZHANG, cardNumber: '6222021234567890127', mobile: ZHANG_CARD.mobile });
    assert.equal(local.statusCode, 422);
    assert.equal(local.json().type, '/problems/bank-card-invalid');
    const mobile = await post(p, owner, '/api/v1/realname/bank-card', { ...ZHANG, cardNumber: ZHANG_CARD.cardNumber, mobile: '12345' });
    assert.equal(mobile.json().type, '/problems/bank-mobile-invalid');
    const res = await post(p, owner, '/api/v1/realname/bank-card', { ...ZHANG, ...ZHANG_CARD });
    assert.equal(res.statusCode, 200, res.body + p.logs.lines.filter((l) => l.includes('"level":50')).join('\n'));
    assert.equal(res.json().level, 'card-verified');
    assert.equal(res.json().verified.cardTail, '0128');
    const raw = await sql<{ t: string }>`select row_to_json(r)::text as t from realname_identities r`.execute(ctx.database.db);
    for (const r of raw.rows) assert.doesNotMatch(r.t, /6222021234567890128|13812340001/);
    assert.doesNotMatch(p.logs.text, /6222021234567890128|13812340001/);
    void a;
  });

  it('PP-1.6 bank card refusals: card not matched, reserved mobile not matched, bank timeout retryable', async () => {
    const a = account();
    await consent(p, a, 'real-name-bank-card');
    const zheng = { realName: '冯丽', idNumber: '320602196906062222' };
    const other = await post(p, a, '/api/v1/realname/bank-card', { ...zheng, ...ZHANG_CARD });
    assert.equal(other.json().type, '/problems/bank-card-not-matched');
    p.clock.advance(61_000);
    const timeout = await post(p, a, '/api/v1/realname/bank-card', { ...zheng, cardNumber: '6250000000000000005', mobile: '13900001111' });
    assert.equal(timeout.statusCode, 503);
    assert.equal(timeout.json().retryable, true);
  });

  it('PP-1.5 face login needs face verification and is turned on only when the citizen asks', async () => {
    const a = account();
    await consent(p, a, 'real-name-face');
    const off = await p.app.inject({ method: 'PUT', url: '/api/v1/realname/face-login', headers: asCitizen(a), payload: { enabled: true } });
    assert.equal(off.statusCode, 409);
    assert.equal(off.json().type, '/problems/face-not-verified');
    const res = await post(p, a, '/api/v1/realname/face', { realName: '冯丽', idNumber: '320602196906062222', frames: await frames(3), challengeId: await challenge(p) });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().verified.faceLoginEnabled, false);
    const on = await p.app.inject({ method: 'PUT', url: '/api/v1/realname/face-login', headers: asCitizen(a), payload: { enabled: true } });
    assert.equal(on.json().verified.faceLoginEnabled, true);
  });

  it('PP-3.4 every successful verification is audited with the provider reference, never the data', async () => {
    const rows = await ctx.database.db.selectFrom('audit_records').select(['action', 'details', 'elements', 'purpose_id']).where('action', 'like', 'realname.%').execute();
    const actions = new Set(rows.map((r) => r.action));
    for (const a of ['realname.verify-id-number', 'realname.verify-face', 'realname.verify-bank-card', 'realname.refuse-verification', 'realname.enable-face-login']) assert.ok(actions.has(a), a);
    const text = JSON.stringify(rows);
    assert.doesNotMatch(text, /\d{17}[\dX]|张三|6222021234567890128/);
  });
});
