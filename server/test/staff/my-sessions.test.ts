import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { totpCode } from '../../src/modules/staff/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { cookieOf, csrf, makeStaff, staffHarness, type StaffHarness } from './support.ts';

const CHROME_WIN = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const FIREFOX_MAC = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5; rv:132.0) Gecko/20100101 Firefox/132.0';

describeEachDatabase('staff: my sessions', (ctx) => {
  let h: StaffHarness;
  before(async () => {
    h = await staffHarness(ctx.database);
  });
  after(async () => h.close());

  const signInFrom = async (login: string, s: { password: string; secret: string }, ua: string) => {
    const res = await h.platform.app.inject({
      method: 'POST',
      url: '/api/v1/staff/session',
      headers: { ...csrf, 'user-agent': ua },
      payload: { login, password: s.password, totp: totpCode(s.secret, h.platform.clock.now()) },
    });
    assert.equal(res.statusCode, 200, res.body);
    h.platform.clock.advance(30_000); // the next sign-in needs the next TOTP code (a code is accepted once)
    return cookieOf(res);
  };
  const list = (cookie: string) => h.platform.app.inject({ method: 'GET', url: '/api/v1/staff/me/sessions', headers: { cookie } });
  const end = (cookie: string, id: string) => h.platform.app.inject({ method: 'DELETE', url: `/api/v1/staff/me/sessions/${id}`, headers: { cookie, ...csrf } });

  it('a staff member with no administrative permission sees their own live sessions with device, sign-in time and last activity, the current one marked', async () => {
    const s = await makeStaff(h, 'dora', ['catalogue-editor']);
    const office = await signInFrom('dora', s, CHROME_WIN);
    const laptop = await signInFrom('dora', s, FIREFOX_MAC);
    const other = await makeStaff(h, 'erin', ['catalogue-editor']);
    await signInFrom('erin', other, CHROME_WIN);

    const res = await list(office);
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as { id: string; device: string; signedInAt: string; lastSeenAt: string; current: boolean; method: string }[];
    assert.equal(items.length, 2, 'only my own sessions, not erin\u2019s');
    assert.deepEqual(items.map((i) => i.device).sort(), ['Chrome · Windows 10.0', 'Firefox · macOS 14.5']);
    assert.equal(items.filter((i) => i.current).length, 1);
    assert.equal(items.find((i) => i.current)!.device, 'Chrome · Windows 10.0');
    assert.ok(items.every((i) => i.method === 'password-totp' && !Number.isNaN(Date.parse(i.signedInAt)) && !Number.isNaN(Date.parse(i.lastSeenAt))));
    assert.ok(!JSON.stringify(items).includes('token'), 'no token or hash is shown');
    assert.equal((await list(laptop)).json().items.find((i: { current: boolean }) => i.current).device, 'Firefox · macOS 14.5');

    // not signed in as staff: refused
    assert.equal((await h.platform.app.inject({ method: 'GET', url: '/api/v1/staff/me/sessions' })).statusCode, 401);
  });

  it('ending another of my sessions signs that browser out at once and is audited; my current one and other people\u2019s are refused by name', async () => {
    const s = await makeStaff(h, 'fay', ['dispatcher'], 'hotline-12345');
    const office = await signInFrom('fay', s, CHROME_WIN);
    const forgotten = await signInFrom('fay', s, FIREFOX_MAC);
    const items = (await list(office)).json().items as { id: string; current: boolean }[];
    const mine = items.find((i) => i.current)!;
    const theOther = items.find((i) => !i.current)!;

    const self = await end(office, mine.id);
    assert.equal(self.statusCode, 409);
    assert.equal(self.json().type, '/problems/staff-session-current');

    const intruder = await makeStaff(h, 'gus', ['catalogue-editor']);
    const gus = await signInFrom('gus', intruder, CHROME_WIN);
    const foreign = await end(gus, theOther.id);
    assert.equal(foreign.statusCode, 404, 'another member\u2019s session is not even confirmed to exist');
    assert.equal(foreign.json().type, '/problems/staff-session-not-found');

    const ok = await end(office, theOther.id);
    assert.equal(ok.statusCode, 200, ok.body);
    const gone = await h.platform.app.inject({ method: 'GET', url: '/api/v1/staff/session', headers: { cookie: forgotten } });
    assert.equal(gone.json().signedIn, false, 'the ended session no longer authenticates');
    assert.deepEqual((await list(office)).json().items.map((i: { id: string }) => i.id), [mine.id]);
    assert.equal((await end(office, theOther.id)).statusCode, 404, 'ending it twice finds nothing');

    const audits = (
      await sql<{ actor_ref: string; details: Record<string, unknown> }>`select actor_ref, details from audit_records where action = 'staff.end-session'`.execute(ctx.database.db)
    ).rows;
    assert.equal(audits.length, 1);
    assert.equal(audits[0]!.actor_ref, s.staffId);
    assert.deepEqual(audits[0]!.details, { sessionId: theOther.id, from: mine.id });
  });
});
