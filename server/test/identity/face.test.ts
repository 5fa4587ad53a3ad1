// Face sign-in and face step-up through the FaceProof port (issue #4 §6, §7). The realname module implements the
// port; here a fake stands in so that identity's side is tested on its own.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { buildApp, type App } from '../../src/app.ts';
import { AuditService } from '../../src/modules/audit/index.ts';
import { createIdentityModule, type FaceProof } from '../../src/modules/identity/index.ts';
import { createNotificationsModule } from '../../src/modules/notifications/index.ts';
import { createPrivacyModule } from '../../src/modules/privacy/index.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { FieldCipher, blindIndexer } from '../../src/platform/crypto/index.ts';
import { JobRegistry, Jobs } from '../../src/platform/jobs.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { describeEachDatabase } from '../support/db.ts';
import { LogCapture, testConfig, type TestPlatform } from '../support/platform.ts';
import { cookieOf, register, withSid } from './support.ts';

describeEachDatabase('identity face sign-in and step-up (FaceProof port)', (ctx) => {
  let app: App;
  let jobs: Jobs;
  let p: TestPlatform;
  const enabled = new Set<string>();
  const calls: string[] = [];
  const changed: ((accountId: string) => void)[] = [];
  const face: FaceProof = {
    enabled: async (id) => enabled.has(id),
    onChanged: (listener) => void changed.push(listener),
    verify: async (id, capture) => {
      calls.push(id);
      if (capture.challengeId !== 'live-1') return { ok: false, reason: 'challenge-invalid' };
      return capture.frames[0] === 'GOOD' ? { ok: true, providerRef: 'face-ref-1' } : { ok: false, reason: capture.frames[0] === 'BAD' ? 'liveness-failed' : 'face-mismatch' };
    },
  };

  before(async () => {
    const config = testConfig({ TRUST_PROXY: 'true' });
    const logs = new LogCapture();
    const logger = createLogger({ level: 'info', destination: logs });
    const clock = new FixedClock();
    const registry = new JobRegistry();
    jobs = new Jobs(ctx.database.executor, registry, logger);
    const cipher = new FieldCipher(ctx.database.db, { secrets: config.secrets });
    const audit = new AuditService({ pseudonymKey: config.secrets.blindIndexKey, signingKey: config.secrets.auditSigningKey, clock });
    const n = createNotificationsModule({ database: ctx.database, jobs, logger, clock, config, cipher, audit });
    for (const def of n.jobs) registry.define(def);
    const privacy = createPrivacyModule({ database: ctx.database, clock });
    const identity = createIdentityModule({
      database: ctx.database, config, clock, logger, notifications: n.service, privacy,
      kernel: { cipher, blindIndex: blindIndexer(config.secrets.blindIndexKey), audit },
    });
    identity.useFaceProof(face);
    await jobs.start({ work: false });
    app = await buildApp({ config, database: ctx.database, logger, jobs, modules: [n.module, identity.module], authenticator: identity.authenticator });
    await app.ready();
    // the helpers in support.ts only need app, database, jobs and clock
    p = { app, database: ctx.database, jobs, clock, logs } as unknown as TestPlatform;
  });
  after(async () => {
    await app.close();
    await jobs.stop(1000);
  });

  it('offers face sign-in only to accounts the port says are enabled, and signs in on a match', async () => {
    assert.equal((await app.inject('/api/v1/identity/session')).json().faceLogin, true);
    const a = await register(p);
    const attempt = (image: string) => app.inject({ method: 'POST', url: '/api/v1/identity/login/face', payload: { login: a.accountName, challengeId: 'live-1', frames: [image] } });
    const off = await attempt('GOOD');
    assert.equal(off.statusCode, 409);
    assert.equal(off.json().type, '/problems/face-unavailable');
    enabled.add(a.accountId);
    const bad = await attempt('BAD');
    assert.equal(bad.statusCode, 401);
    assert.equal(bad.json().type, '/problems/face-liveness-failed');
    assert.equal(bad.json().reason, 'liveness-failed');
    const other = await attempt('SOMEONE-ELSE');
    assert.equal(other.statusCode, 401);
    assert.equal(other.json().type, '/problems/face-rejected', 'a mismatch is not told apart from other refusals');
    const ok = await attempt('GOOD');
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(cookieOf(ok));
  });

  it('accepts a face proof as step-up for face-enabled accounts', async () => {
    const a = await register(p);
    const state = await app.inject({ url: '/api/v1/identity/step-up', headers: withSid(a.sid) });
    assert.deepEqual(state.json().methods, ['sms']);
    const refused = await app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: withSid(a.sid), payload: { method: 'face', challengeId: 'live-1', frames: ['GOOD'] } });
    assert.equal(refused.statusCode, 409);
    enabled.add(a.accountId);
    const required = await app.inject({ method: 'POST', url: '/api/v1/identity/password', headers: withSid(a.sid), payload: { newPassword: 'face verified new pass' } });
    assert.deepEqual(required.json().methods, ['sms', 'face']);
    const proved = await app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: withSid(a.sid), payload: { method: 'face', challengeId: 'live-1', frames: ['GOOD'] } });
    assert.equal(proved.statusCode, 200, proved.body);
    const change = await app.inject({ method: 'POST', url: '/api/v1/identity/password', headers: withSid(a.sid), payload: { newPassword: 'face verified new pass' } });
    assert.equal(change.statusCode, 200, change.body);
    const proof = await ctx.database.db.selectFrom('step_up_proofs').selectAll().where('account_id', '=', a.accountId).executeTakeFirstOrThrow();
    assert.deepEqual([proof.method, proof.provider_ref], ['face', 'face-ref-1']);
  });

  it('the step-up methods 我的 offers are kept briefly and follow a face change the moment the face proof reports it', async () => {
    const a = await register(p);
    const methods = async () => (await app.inject({ url: '/api/v1/identity/session', headers: withSid(a.sid) })).json().account.stepUpMethods;
    assert.deepEqual(await methods(), ['sms']);
    enabled.add(a.accountId);
    assert.deepEqual(await methods(), ['sms'], 'display data is cached: the face proof was not consulted again');
    for (const listener of changed) listener(a.accountId);
    assert.deepEqual(await methods(), ['sms', 'face'], 'the change notice drops the cached view');
    enabled.delete(a.accountId);
    for (const listener of changed) listener(a.accountId);
    assert.deepEqual(await methods(), ['sms']);
  });
});
