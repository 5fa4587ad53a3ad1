// Real-name verification with real citizen accounts (issue #4 §5–§7, §10 at API level): register through identity,
// verify ID + face, sign in by face, step up by face, and only then see the full ID number.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import type { TestPlatform } from '../support/platform.ts';
import { cookieOf, identityPlatform, register, withSid } from '../identity/support.ts';
import { challenge, frames, live } from './support.ts';

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
    const before = await p.app.inject({ method: 'POST', url: '/api/v1/realname/face', headers: h, payload: { realName: '张三', idNumber: '32060219900101123X', ...(await live(p)) } });
    assert.equal(before.json().type, '/problems/consent-required');
    const consent = await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: h, payload: { purposeId: 'real-name-face', separate: true } });
    assert.equal(consent.statusCode, 201, consent.body);
    const face = await p.app.inject({
      method: 'POST', url: '/api/v1/realname/face', headers: h,
      payload: { realName: '张三', idNumber: '32060219900101123X', ...(await live(p)), enableFaceLogin: true },
    });
    assert.equal(face.statusCode, 200, face.body);
    assert.equal(face.json().level, 'face-verified');

    // face sign-in through identity, proved by realname's face proof
    const login = await p.app.inject({ method: 'POST', url: '/api/v1/identity/login/face', headers: { 'x-ntbt-csrf': '1' }, payload: { login: me.accountName, ...(await live(p)), deviceConsent: false } });
    assert.equal(login.statusCode, 200, login.body);
    const sid = cookieOf(login)!;
    const h2 = withSid(sid);

    // the full ID number needs a fresh step-up
    const refused = await p.app.inject({ method: 'GET', url: '/api/v1/realname/me/id-number', headers: h2 });
    assert.equal(refused.json().type, '/problems/step-up-required');
    const step = await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: h2, payload: { method: 'face', ...(await live(p)) } });
    assert.equal(step.statusCode, 200, step.body);
    const full = await p.app.inject({ method: 'GET', url: '/api/v1/realname/me/id-number', headers: h2 });
    assert.equal(full.statusCode, 200, full.body);
    assert.equal(full.json().idNumber, '32060219900101123X');
    assert.doesNotMatch(p.logs.text, /32060219900101123X/);
  });

  // Face sign-in and face step-up run the face service's liveness check with its action challenge exactly as
  // verification does: the same refusals, the same one-time, expiring challenge.
  async function faceVerified(realName: string, idNumber: string) {
    const me = await register(p);
    const h = withSid(me.sid);
    await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: h, payload: { purposeId: 'real-name-face', separate: true } });
    const face = await p.app.inject({ method: 'POST', url: '/api/v1/realname/face', headers: h, payload: { realName, idNumber, ...(await live(p)), enableFaceLogin: true } });
    return { me, h, face };
  }
  const faceLogin = (login: string, capture: { challengeId: string; frames: string[] }) =>
    p.app.inject({ method: 'POST', url: '/api/v1/identity/login/face', headers: { 'x-ntbt-csrf': '1' }, payload: { login, ...capture, deviceConsent: false } });

  it('PP-1.5 face sign-in with a still photo (the same frame for every prompted action) is refused as liveness-failed, a named problem', async () => {
    const { me, face } = await faceVerified('郑敏', '320602199511118889');
    assert.equal(face.statusCode, 200, face.body);
    const still = (await frames(1))[0]!;
    const photo = await faceLogin(me.accountName, { challengeId: await challenge(p), frames: [still, still, still] });
    assert.equal(photo.statusCode, 401, photo.body);
    assert.equal(photo.json().type, '/problems/face-liveness-failed');
    assert.match(photo.json().title, /活体检测未通过/);
    // stopping after two of the three prompted actions fails liveness too
    const short = await faceLogin(me.accountName, await live(p, 2));
    assert.equal(short.json().type, '/problems/face-liveness-failed');
    const ok = await faceLogin(me.accountName, await live(p));
    assert.equal(ok.statusCode, 200, ok.body);
    // the refusals are attempts on the face route, audited like any face proof
    const proofs = await ctx.database.db.selectFrom('audit_records').select(['details']).where('action', '=', 'realname.prove-face').execute();
    assert.ok(proofs.some((r) => (r.details as { code?: string }).code === 'liveness-failed'));
  });

  it('PP-1.5 a replayed or expired action challenge is refused for sign-in, step-up and verification alike', async () => {
    const { me, h, face } = await faceVerified('冯丽', '320602196906062222');
    assert.equal(face.statusCode, 200, face.body);
    // replay: a capture that signed in once cannot sign in again (the challenge is spent)
    const capture = await live(p);
    const first = await faceLogin(me.accountName, capture);
    assert.equal(first.statusCode, 200, first.body);
    const replay = await faceLogin(me.accountName, capture);
    assert.equal(replay.statusCode, 401);
    assert.equal(replay.json().type, '/problems/face-challenge-invalid');
    // step-up: the same replay is refused, then an expired challenge (older than two minutes) too
    const sid = withSid(cookieOf(first)!);
    const stepReplay = await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: sid, payload: { method: 'face', ...capture } });
    assert.equal(stepReplay.json().type, '/problems/face-challenge-invalid');
    const stale = await live(p);
    p.clock.advance(2 * 60_000 + 1);
    const stepStale = await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: sid, payload: { method: 'face', ...stale } });
    assert.equal(stepStale.statusCode, 401);
    assert.equal(stepStale.json().type, '/problems/face-challenge-invalid');
    const stepOk = await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: sid, payload: { method: 'face', ...(await live(p)) } });
    assert.equal(stepOk.statusCode, 200, stepOk.body);
    // verification: an unknown challenge is the realname problem liveness-challenge-invalid (422)
    const forged = await p.app.inject({ method: 'POST', url: '/api/v1/realname/face', headers: h, payload: { realName: '冯丽', idNumber: '320602196906062222', frames: await frames(3), challengeId: 'sandbox-live-forged' } });
    assert.equal(forged.statusCode, 422);
    assert.equal(forged.json().type, '/problems/liveness-challenge-invalid');
  });

  it('the action challenge prompts 眨眼/张嘴/摇头 in a random order, once each, for two minutes', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const res = await p.app.inject({ method: 'POST', url: '/api/v1/realname/liveness-challenge' });
      assert.equal(res.statusCode, 200);
      const c = res.json() as { challengeId: string; actions: string[]; expiresAt: string };
      assert.deepEqual([...c.actions].sort(), ['blink', 'mouth', 'shake']);
      assert.equal(Date.parse(c.expiresAt) - p.clock.now().getTime(), 120_000);
      seen.add(c.actions.join());
    }
    assert.ok(seen.size > 1, 'the order varies');
  });
});
