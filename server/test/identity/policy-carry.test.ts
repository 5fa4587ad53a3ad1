// PP-0.1 at sign-in: the policy acceptance a device just gave is carried over to the account it signs in to, so the
// account is not asked the first-use sheet again; never an older version, never over the account's own refusal.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import type { TestPlatform } from '../support/platform.ts';
import { identityPlatform, register, withSid } from './support.ts';

describeEachDatabase('identity: a device\u2019s policy acceptance carried over at sign-in', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await identityPlatform(ctx.database);
  });
  after(() => p.close());

  const newDevice = () => 'd-' + randomBytes(18).toString('hex');
  const acceptOnDevice = async (device: string) => {
    const res = await p.app.inject({ method: 'POST', url: '/api/v1/privacy/device-consents', headers: { 'x-device-id': device }, payload: { purposeId: 'policy-acceptance', separate: false, method: 'tap' } });
    assert.ok(res.statusCode < 300, res.body);
  };
  const carry = (sid: string | undefined, device: string) =>
    p.app.inject({ method: 'POST', url: '/api/v1/identity/policy-acceptance/from-device', headers: { ...(sid ? withSid(sid) : {}), 'x-device-id': device } });
  const status = async (sid: string) => (await p.app.inject({ url: '/api/v1/privacy/policy/status', headers: withSid(sid) })).json();

  it('PP-0.1 an account that never accepted takes the device\u2019s acceptance of the current version (method tap), once', async () => {
    const device = newDevice();
    await acceptOnDevice(device);
    const r = await register(p);
    assert.equal((await status(r.sid)).acceptedVersion, null, 'the new account has not accepted yet');
    const res = await carry(r.sid, device);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().outcome, 'carried');
    const s = await status(r.sid);
    assert.equal(s.accepted, true);
    assert.equal(s.acceptedVersion, s.version);
    const history = (await p.app.inject({ url: '/api/v1/privacy/consents', headers: withSid(r.sid) })).json();
    const item = history.items.find((i: any) => i.purposeId === 'policy-acceptance');
    assert.equal(item.latest.method, 'tap');
    assert.equal((await carry(r.sid, device)).json().outcome, 'account-already-accepted', 'nothing is recorded twice');
  });

  it('PP-0.1 a device that has not accepted carries nothing; a guest cannot call it', async () => {
    const r = await register(p);
    const res = await carry(r.sid, newDevice());
    assert.equal(res.json().outcome, 'device-not-accepted');
    assert.equal((await status(r.sid)).acceptedVersion, null);
    assert.equal((await carry(undefined, newDevice())).statusCode, 401);
    assert.equal((await carry(r.sid, 'bad id')).statusCode, 400);
  });

  it('PP-0.1 the account’s own refusal of this version is not overridden by the device', async () => {
    const device = newDevice();
    await acceptOnDevice(device);
    const r = await register(p);
    const no = await p.app.inject({ method: 'DELETE', url: '/api/v1/privacy/consents/policy-acceptance?method=tap', headers: withSid(r.sid) });
    assert.ok(no.statusCode < 300, no.body);
    assert.equal((await carry(r.sid, device)).json().outcome, 'account-refused');
    assert.notEqual((await status(r.sid)).accepted, true);
  });
});
