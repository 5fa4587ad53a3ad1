// Real-name verification with real citizen accounts (issue #4 §5–§7, §10 at API level): register through identity,
// verify ID + face, sign in by face, step up by face, and only then see the full ID number.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import type { TestPlatform } from '../support/platform.ts';
import { cookieOf, identityPlatform, register, withSid } from '../identity/support.ts';
import { frame, frames } from './support.ts';

describeEachDatabase('real-name verification with identity accounts', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await identityPlatform(ctx.database);
  });
  after(async () => {
    await p.close();
  });

  it('PP-1.5 registration → separate consent → ID + face verification → face sign-in → face step-up → full ID number', async () => {
    const me = await register(p);
    const h = withSid(me.sid);
    const before = await p.app.inject({ method: 'POST', url: '/api/v1/realname/face', headers: h, payload: { realName: '张三', idNumber: '32060219900101123X', frames: await frames(3) } });
    assert.equal(before.json().type, '/problems/consent-required');
    const consent = await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: h, payload: { purposeId: 'real-name-face', separate: true } });
    assert.equal(consent.statusCode, 201, consent.body);
    const face = await p.app.inject({
      method: 'POST', url: '/api/v1/realname/face', headers: h,
      payload: { realName: '张三', idNumber: '32060219900101123X', frames: await frames(3), enableFaceLogin: true },
    });
    assert.equal(face.statusCode, 200, face.body);
    assert.equal(face.json().level, 'face-verified');

    // face sign-in through identity, proved by realname's face proof
    const login = await p.app.inject({ method: 'POST', url: '/api/v1/identity/login/face', headers: { 'x-ntbt-csrf': '1' }, payload: { login: me.accountName, imageBase64: await frame(150), deviceConsent: false } });
    assert.equal(login.statusCode, 200, login.body);
    const sid = cookieOf(login)!;
    const h2 = withSid(sid);

    // the full ID number needs a fresh step-up
    const refused = await p.app.inject({ method: 'GET', url: '/api/v1/realname/me/id-number', headers: h2 });
    assert.equal(refused.json().type, '/problems/step-up-required');
    const step = await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: h2, payload: { method: 'face', imageBase64: await frame(170) } });
    assert.equal(step.statusCode, 200, step.body);
    const full = await p.app.inject({ method: 'GET', url: '/api/v1/realname/me/id-number', headers: h2 });
    assert.equal(full.statusCode, 200, full.body);
    assert.equal(full.json().idNumber, '32060219900101123X');
    assert.doesNotMatch(p.logs.text, /32060219900101123X/);
  });
});
