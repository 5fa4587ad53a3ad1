// PP-1.2 registration: account name, mobile verified by SMS code, password — nothing more — with the password
// rules of issue #4 and no secret or mobile number in clear in the logs or the database.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { passwordWeakness } from '../../src/modules/identity/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { cookieOf, identityPlatform, lastCode, newPerson, register, withSid } from './support.ts';

it('PP-1.2 refuses short, common (incl. Chinese favourites) and name/mobile-derived passwords, with no composition rules', () => {
  const ctx = { accountName: 'zhangsan', mobile: '13912345678' };
  assert.equal(passwordWeakness('short1', ctx), 'too-short');
  for (const p of ['12345678', 'a12345678', 'woaini1314', 'qq123456', '5201314520', '1qaz2wsx', 'iloveyou', '88888888', 'Password1', 'WOAINI1314'])
    assert.equal(passwordWeakness(p, ctx), 'common', p);
  assert.equal(passwordWeakness('zhangsan2024', ctx), 'contains-account-name');
  assert.equal(passwordWeakness('my13912345678', ctx), 'contains-mobile');
  // no composition rules: lower-case words and Chinese pass phrases are fine
  assert.equal(passwordWeakness('correct horse battery staple', ctx), null);
  assert.equal(passwordWeakness('南通的江风吹过狼山', ctx), null);
});

describeEachDatabase('identity registration', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await identityPlatform(ctx.database);
  });
  after(async () => {
    await p.close();
  });

  it('PP-1.2 registers with account name, SMS-verified mobile and password only, and signs the new account in', async () => {
    const r = await register(p);
    assert.ok(r.sid, 'session cookie set');
    const set = r.res.cookies.find((c) => c.name === 'ntbt_sid')!;
    assert.equal(set.httpOnly, true);
    assert.equal(set.sameSite, 'Lax');
    assert.ok(!set.secure, 'http://localhost PUBLIC_URL: Secure off by default');
    const me = await p.app.inject({ url: '/api/v1/identity/session', headers: withSid(r.sid) });
    assert.equal(me.json().signedIn, true);
    assert.equal(me.json().account.accountName, r.accountName);
    assert.equal(me.json().account.mobileMasked, `${r.mobile.slice(0, 3)}****${r.mobile.slice(-4)}`);
    const audit = await p.database.db.selectFrom('audit_records').select(['action', 'purpose_id']).where('action', '=', 'identity.register-account').execute();
    assert.ok(audit.some((a) => a.purpose_id === 'registration'), 'registration audited');
  });

  it('PP-1.2 sets the Secure flag when PUBLIC_URL is https', async () => {
    // same keys as p (one database), another public URL
    const q = await testPlatform(ctx.database, { config: { ...p.config, publicUrl: 'https://baitong.example.cn', SESSION_COOKIE_SECURE: undefined } });
    try {
      const r = await register(q);
      assert.equal(r.res.cookies.find((c) => c.name === 'ntbt_sid')!.secure, true);
    } finally {
      await q.close();
    }
  });

  it('PP-1.2 refuses a wrong code, a weak password, a taken name and a taken mobile with named problems', async () => {
    const a = await register(p);
    const b = newPerson();
    const codeRes = await p.app.inject({ method: 'POST', url: '/api/v1/identity/codes', payload: { mobile: b.mobile, purpose: 'registration' } });
    const challengeId = codeRes.json().challengeId;
    const code = await lastCode(p, b.mobile);
    const attempt = (over: Record<string, unknown>) => p.app.inject({ method: 'POST', url: '/api/v1/identity/register', payload: { ...b, challengeId, code, ...over } });
    const weak = await attempt({ password: 'woaini1314' });
    assert.equal(weak.statusCode, 422);
    assert.equal(weak.json().type, '/problems/weak-password');
    assert.equal(weak.json().reason, 'common');
    assert.equal((await attempt({ accountName: a.accountName.toUpperCase() })).json().type, '/problems/account-name-taken');
    const wrong = await attempt({ code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.statusCode, 422);
    assert.equal(wrong.json().type, '/problems/code-invalid');
    const again = await p.app.inject({ method: 'POST', url: '/api/v1/identity/codes', payload: { mobile: a.mobile, purpose: 'registration' } });
    assert.equal(again.json().type, '/problems/mobile-taken');
    const ok = await attempt({});
    assert.equal(ok.statusCode, 200, ok.body);
    // single use: the same code cannot register twice
    const twice = await attempt({ accountName: `${b.accountName}x` });
    assert.equal(twice.statusCode, 409);
  });

  it('PP-1.2 no password, code or mobile number appears in the logs or in clear in any database column', async () => {
    const person = newPerson();
    person.password = 'Lang Shan 狼山 wind 4791';
    const r = await register(p, person);
    const code = (await p.database.db.selectFrom('sms_sandbox_messages').select('body').where('mobile', '=', person.mobile).executeTakeFirstOrThrow()).body.match(/\d{6}/)![0];
    // logs
    for (const secret of [person.password, person.mobile, code]) assert.ok(!p.logs.text.includes(secret), `log contains ${secret === person.mobile ? 'the mobile' : 'a secret'}`);
    assert.ok(cookieOf(r.res));
    assert.ok(!p.logs.text.includes(r.sid), 'log contains the session token');
    // every text / bytea / json column of every table, except the sandbox gateway's own record of what it "sent"
    const { rows } = await sql<{ table_name: string; column_name: string; data_type: string }>`
      select c.table_name, c.column_name, c.data_type from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
         and c.data_type in ('text', 'bytea', 'jsonb', 'json', 'character varying', 'ARRAY')`.execute(p.database.db);
    const needles = [person.password, person.mobile, code, r.sid];
    const hits: string[] = [];
    for (const col of rows) {
      if (col.table_name === 'sms_sandbox_messages') continue;
      const expr = col.data_type === 'bytea' ? sql`encode(${sql.ref(col.column_name)}, 'escape')` : sql`${sql.ref(col.column_name)}::text`;
      for (const needle of needles) {
        const found = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(col.table_name)} where position(${needle} in ${expr}) > 0`.execute(p.database.db);
        if (found.rows[0]!.n > 0) hits.push(`${col.table_name}.${col.column_name}`);
      }
    }
    assert.deepEqual(hits, []);
  });
});
