// PP-1.10 device information only with consent, linked to the account; PP-1.18 abnormal sign-in (new device or a
// city the recent sign-ins did not come from) → SMS + in-app message with time, device and place, and a one-tap
// 这不是我 that ends that session and requires a password reset. Sign-in history in 我的.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { cityOf, describeDevice } from '../../src/modules/identity/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import type { TestPlatform } from '../support/platform.ts';
import { cookieOf, deliverAll, identityPlatform, lastCode, register, smsTo, withSid } from './support.ts';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1';
const HUAWEI = 'Mozilla/5.0 (Linux; Android 12; NOH-AN00 Build/HUAWEINOH-AN00) AppleWebKit/537.36 Chrome/99.0 Mobile Safari/537.36';

it('PP-1.18 derives only a coarse city from the address (demo table: private ranges are 南通)', () => {
  assert.equal(cityOf('10.1.2.3'), '南通');
  assert.equal(cityOf('::ffff:192.168.1.9'), '南通');
  assert.equal(cityOf('198.51.100.20'), '上海');
  assert.equal(cityOf('203.0.113.5'), '北京');
  assert.equal(cityOf('8.8.8.8'), '未知地区');
  assert.equal(cityOf(null), '未知地区');
});

it('PP-1.10 derives brand, model and OS version from the User-Agent and nothing else', () => {
  assert.deepEqual(describeDevice(IPHONE), { brand: 'Apple', model: 'iPhone', osVersion: 'iOS 17.4' });
  assert.deepEqual(describeDevice(HUAWEI), { brand: 'Huawei', model: 'NOH-AN00', osVersion: 'Android 12' });
});

describeEachDatabase('identity devices and abnormal sign-in', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await identityPlatform(ctx.database);
  });
  after(async () => {
    await p.close();
  });

  const login = (name: string, password: string, opts: { ip: string; ua?: string; did?: string; deviceConsent?: boolean }) =>
    p.app.inject({
      method: 'POST',
      url: '/api/v1/identity/login/password',
      headers: { 'x-forwarded-for': opts.ip, 'user-agent': opts.ua ?? IPHONE, ...(opts.did ? { cookie: `ntbt_did=${opts.did}` } : {}) },
      payload: { login: name, password, deviceConsent: opts.deviceConsent ?? false },
    });

  it('PP-1.10 records no device without consent, and with consent a device linked to the account (brand, model, OS; hashed app id)', async () => {
    const a = await register(p);
    assert.equal(a.did, undefined, 'no device cookie without consent');
    assert.equal((await p.database.db.selectFrom('account_devices').select('id').where('account_id', '=', a.accountId).execute()).length, 0);
    const b = await register(p, undefined, { deviceConsent: true });
    assert.ok(b.did);
    const devices = await p.database.db.selectFrom('account_devices').selectAll().where('account_id', '=', b.accountId).execute();
    assert.equal(devices.length, 1);
    assert.deepEqual([devices[0]!.brand, devices[0]!.model, devices[0]!.os_version], ['Apple', 'iPhone', 'iOS 17.4']);
    assert.notEqual(Buffer.from(devices[0]!.device_key).toString('base64url'), b.did, 'the device id is stored only as an HMAC');
    assert.ok((await p.database.db.selectFrom('audit_records').select('id').where('action', '=', 'identity.record-device').execute()).length >= 1);
  });

  it('PP-1.18 a sign-in from the usual city and device sends no alert', async () => {
    const a = await register(p, undefined, { deviceConsent: true });
    const before = (await smsTo(p, a.mobile)).length;
    const res = await login(a.accountName, a.password, { ip: '10.3.3.3', did: a.did, deviceConsent: true });
    assert.deepEqual(res.json().abnormal, []);
    assert.equal((await smsTo(p, a.mobile)).length, before);
  });

  it('PP-1.18 a sign-in from another city sends an SMS and an in-app message with time, device and place, and 这不是我 ends that session and requires a password reset', async () => {
    const a = await register(p);
    const res = await login(a.accountName, a.password, { ip: '198.51.100.20', ua: HUAWEI, deviceConsent: true });
    assert.equal(res.statusCode, 200);
    assert.ok(res.json().abnormal.includes('new-city'));
    const intruder = cookieOf(res)!;
    const sms = (await smsTo(p, a.mobile)).at(-1)!;
    assert.match(sms, /上海/);
    assert.match(sms, /Huawei/);
    assert.match(sms, /2026/);
    const link = sms.match(/https?:\/\/\S+\/me\/not-me\?token=([\w-]+)/);
    assert.ok(link, sms);
    const inbox = await p.app.inject({ url: '/api/v1/notifications/inbox', headers: withSid(a.sid) });
    assert.ok(inbox.json().items.some((m: { body: string }) => m.body.includes('上海')), 'in-app message');

    const history = await p.app.inject({ url: '/api/v1/identity/login-history', headers: withSid(a.sid) });
    const abnormal = history.json().items.find((e: { abnormal: string[] }) => e.abnormal.length);
    assert.equal(abnormal.city, '上海');

    const notMe = await p.app.inject({ method: 'POST', url: '/api/v1/identity/not-me', payload: { token: link[1] } });
    assert.equal(notMe.statusCode, 200);
    assert.equal((await p.app.inject({ url: '/api/v1/identity/session', headers: { cookie: `ntbt_sid=${intruder}` } })).json().signedIn, false, 'that session ended');
    assert.equal((await p.app.inject({ method: 'POST', url: '/api/v1/identity/not-me', payload: { token: link[1] } })).statusCode, 404, 'the link works once');
    const pw = await login(a.accountName, a.password, { ip: '10.3.3.3' });
    assert.equal(pw.statusCode, 403);
    assert.equal(pw.json().type, '/problems/password-reset-required');

    // reset with an SMS code
    const code = await p.app.inject({ method: 'POST', url: '/api/v1/identity/codes', payload: { mobile: a.mobile, purpose: 'reset' } });
    const reset = await p.app.inject({
      method: 'POST',
      url: '/api/v1/identity/password/reset',
      headers: { 'x-forwarded-for': '10.3.3.3' },
      payload: { mobile: a.mobile, challengeId: code.json().challengeId, code: await lastCode(p, a.mobile), newPassword: 'after the intruder 42' },
    });
    assert.equal(reset.statusCode, 200, reset.body);
    assert.equal((await login(a.accountName, 'after the intruder 42', { ip: '10.3.3.3' })).statusCode, 200);
  });

  it('PP-1.18 a sign-in from a new device (with device consent) is abnormal too', async () => {
    const a = await register(p, undefined, { deviceConsent: true });
    await deliverAll(p);
    const res = await login(a.accountName, a.password, { ip: '10.3.3.3', ua: HUAWEI, deviceConsent: true });
    assert.deepEqual(res.json().abnormal, ['new-device']);
    assert.match((await smsTo(p, a.mobile)).at(-1)!, /南通/);
  });

  it('PP-1.18 my sign-in history lists successes and failures with city and device', async () => {
    const a = await register(p);
    p.clock.advance(1000);
    await login(a.accountName, 'wrong wrong wrong', { ip: '10.4.4.4' });
    const items = (await p.app.inject({ url: '/api/v1/identity/login-history', headers: withSid(a.sid) })).json().items;
    assert.deepEqual(items.map((i: { outcome: string }) => i.outcome), ['wrong-password', 'success']);
    assert.equal(items[1].method, 'registration');
    assert.equal((await p.app.inject({ url: '/api/v1/identity/login-history' })).statusCode, 401);
  });
});
