// What other modules call (index.ts): levels, face proof for identity's face login and face step-up, the decrypted
// verified identity, the full ID number behind step-up; and how the sandbox behaves as a provider (production refusal,
// /readyz labels, per-caller rate limits).
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { testAuthenticator, asCitizen } from '../support/auth.ts';
import { createPrivacyModule } from '../../src/modules/privacy/index.ts';
import { createRealnameModule, ProviderError, type RealnameModule } from '../../src/modules/realname/index.ts';
import { SandboxIdCheck, createSandboxProviders } from '../../src/modules/realname/providers/sandbox.ts';
import { isAppError, AppError, P } from '../../src/platform/http/problem.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { challenge, consent, frames, post } from './support.ts';

const FENG = { realName: '冯丽', idNumber: '320602196906062222' };

describeEachDatabase('realname module contracts', (ctx) => {
  let p: TestPlatform;
  let realname: RealnameModule;
  const privacy = () => createPrivacyModule({ database: ctx.database, clock: p.clock });
  const make = (extra: Partial<Parameters<typeof createRealnameModule>[0]> = {}) =>
    createRealnameModule({ database: ctx.database, clock: p.clock, logger: p.logger, config: p.config, kernel: p.kernel, privacy: privacy(), ...extra });
  const a = 'face-user';
  // a capture answering a challenge of THIS module's face provider (the sandbox keeps its challenges per instance)
  const live = async () => ({ challengeId: (await realname.service.livenessChallenge()).challengeId, frames: await frames(3) });

  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: testAuthenticator });
    realname = make();
    await consent(p, a, 'real-name-face');
    const res = await post(p, a, '/api/v1/realname/face', { ...FENG, frames: await frames(3), challengeId: await challenge(p), enableFaceLogin: true });
    assert.equal(res.statusCode, 200, res.body);
  });
  after(async () => {
    await p.close();
  });

  it('levels: levelOf reads the account\u2019s level; requireLevel throws real-name-required (403) below it', async () => {
    assert.equal(await realname.levels.levelOf(a), 'face-verified');
    assert.equal(await realname.levels.levelOf('nobody'), 'none');
    await realname.levels.requireLevel(a, 'card-verified'); // same tier as face
    await assert.rejects(realname.levels.requireLevel('nobody', 'id-verified'), (e: unknown) => isAppError(e) && e.problem === 'real-name-required' && e.status === 403 && e.extensions.current === 'none');
  });

  it('profile.verifiedIdentity returns the decrypted identity with the birth date from the ID number', async () => {
    assert.deepEqual(await realname.profile.verifiedIdentity(a), { ...FENG, birthDate: '1969-06-06' });
    assert.equal(await realname.profile.verifiedIdentity('nobody'), null);
  });

  it('PP-1.5 faceProof verifies a live face of a face-verified account with face login on, and audits it', async () => {
    assert.equal(await realname.faceProof.enabled(a), true);
    const r = await realname.faceProof.verify(a, await live());
    assert.equal(r.ok, true);
    assert.match(r.providerRef!, /^sandbox-face-/);
    const bad = await realname.faceProof.verify(a, { challengeId: (await realname.service.livenessChallenge()).challengeId, frames: [Buffer.from('not an image at all, just text that is long enough to sniff '.repeat(10)).toString('base64')] });
    assert.deepEqual(bad, { ok: false, reason: 'image-invalid' });
    const none = await realname.faceProof.verify('nobody', await live());
    assert.deepEqual(none, { ok: false, reason: 'face-login-not-enabled' });
    const audits = await ctx.database.db.selectFrom('audit_records').select('action').where('action', '=', 'realname.prove-face').execute();
    assert.equal(audits.length, 1);
  });

  it('PP-1.5 PP-4.4 withdrawing consent to real-name-face switches face proof off at once; turning face login off too', async () => {
    const del = await p.app.inject({ method: 'DELETE', url: '/api/v1/privacy/consents/real-name-face', headers: asCitizen(a) });
    assert.equal(del.statusCode, 200);
    assert.equal(await realname.faceProof.enabled(a), false);
    assert.deepEqual(await realname.faceProof.verify(a, await live()), { ok: false, reason: 'face-login-not-enabled' });
    await consent(p, a, 'real-name-face');
    assert.equal(await realname.faceProof.enabled(a), true);
    const off = await p.app.inject({ method: 'PUT', url: '/api/v1/realname/face-login', headers: asCitizen(a), payload: { enabled: false } });
    assert.equal(off.json().verified.faceLoginEnabled, false);
    assert.equal(await realname.faceProof.enabled(a), false);
  });

  it('faceProof.onChanged tells listeners once a face change committed (face login switched, identity erased)', async () => {
    const told: string[] = [];
    realname.faceProof.onChanged!((id) => told.push(id));
    await realname.service.setFaceLogin({ kind: 'citizen', accountId: a, sessionId: 'test' }, false);
    assert.deepEqual(told, [a]);
    await realname.erasure.erase('nobody-with-a-face');
    assert.deepEqual(told, [a, 'nobody-with-a-face']);
  });

  it('the full ID number needs step-up: refused without it, masked by default, shown and audited after it', async () => {
    const masked = await p.app.inject({ method: 'GET', url: '/api/v1/realname/me', headers: asCitizen(a) });
    assert.equal(masked.json().verified.idNumberMasked, '3206**********2222');
    // compose() wires identity's step-up: this session has made no fresh proof, so the app is asked to step up
    const http = await p.app.inject({ method: 'GET', url: '/api/v1/realname/me/id-number', headers: asCitizen(a) });
    assert.equal(http.statusCode, 403);
    assert.equal(http.json().type, '/problems/step-up-required');
    assert.doesNotMatch(http.body, /320602196906062222/);
    const principal = { kind: 'citizen' as const, accountId: a, sessionId: 's' };
    let fresh = false;
    const stepped = make({ stepUp: { require: async () => { if (!fresh) throw new AppError(P.forbidden); } } });
    await assert.rejects(stepped.service.fullIdNumber(principal), (e: unknown) => isAppError(e) && e.status === 403);
    fresh = true;
    assert.equal(await stepped.service.fullIdNumber(principal), FENG.idNumber);
    // wired after creation, as compose() does once identity exists
    const late = make();
    await assert.rejects(late.service.fullIdNumber(principal), (e: unknown) => isAppError(e) && e.problem === 'real-name-step-up-unavailable');
    late.useStepUp({ require: async () => {} });
    assert.equal(await late.service.fullIdNumber(principal), FENG.idNumber);
    const audits = await ctx.database.db.selectFrom('audit_records').select('action').where('action', '=', 'realname.view-id-number').execute();
    assert.equal(audits.length, 2);
  });

  it('PP-4.5 erasure deletes the identity, its blind index, attempts and guardian links; the ID number can then bind anew', async () => {
    const gone = 'erased-account';
    await consent(p, gone, 'real-name-face');
    assert.equal((await post(p, gone, '/api/v1/realname/id-check', { realName: '郑敏', idNumber: '320602199511118889' })).statusCode, 200);
    const removed = await realname.erasure.erase(gone);
    assert.ok(removed >= 2);
    assert.equal(await realname.levels.levelOf(gone), 'none');
    assert.equal((await ctx.database.db.selectFrom('realname_attempts').selectAll().where('account_id', '=', gone).execute()).length, 0);
    const other = 'new-owner';
    await consent(p, other, 'real-name-face');
    assert.equal((await post(p, other, '/api/v1/realname/id-check', { realName: '郑敏', idNumber: '320602199511118889' })).statusCode, 200);
  });

  it('PP-4.5 a subject whose key was destroyed (crypto-shredding) reads as not verified, not as an error', async () => {
    const shred = 'shredded-account';
    await consent(p, shred, 'real-name-face');
    assert.equal((await post(p, shred, '/api/v1/realname/id-check', { realName: '吴小丽', idNumber: '32061220100901004X' })).statusCode, 200);
    await p.kernel.cipher.destroySubjectKey(shred);
    p.kernel.cipher.clearCache();
    assert.equal(await realname.profile.verifiedIdentity(shred), null);
    const me = await p.app.inject({ method: 'GET', url: '/api/v1/realname/me', headers: asCitizen(shred) });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().verified, null);
  });

  it('/readyz lists the three providers, each labelled sandbox', async () => {
    const res = await p.app.inject({ method: 'GET', url: '/readyz' });
    const checks = res.json().checks.filter((c: any) => c.kind === 'provider' && /sandbox/.test(c.name) && /ID check|Face|Bank-card/.test(c.name));
    assert.equal(checks.length, 3);
    for (const c of checks) assert.equal(c.sandbox, true);
  });

  it('the sandbox is refused in production, at creation', () => {
    assert.throws(() => make({ config: { NODE_ENV: 'production' } }), /must not run in production/);
  });

  it('the sandbox rate-limits per caller like the real service: retryable, then open again a minute later', async () => {
    const clock = new FixedClock();
    const sandbox = new SandboxIdCheck({ nodeEnv: 'test', clock, logger: createLogger({ level: 'silent' }), perMinute: 2 });
    const ctxA = { callerRef: 'caller-a' };
    await sandbox.check(FENG, ctxA);
    await sandbox.check(FENG, ctxA);
    await assert.rejects(sandbox.check(FENG, ctxA), (e: unknown) => e instanceof ProviderError && e.code === 'rate-limited' && e.retryable);
    await sandbox.check(FENG, { callerRef: 'caller-b' }); // another account is not affected
    clock.advance(60_001);
    await sandbox.check(FENG, ctxA);
  });

  it('a provider rate limit reaches the citizen as a retryable 429 with Retry-After', async () => {
    const limited = make({ sandbox: { perMinute: 0 } });
    const principal = { kind: 'citizen' as const, accountId: 'limited', sessionId: 's' };
    await consent(p, 'limited', 'real-name-face');
    await assert.rejects(limited.service.verifyId(principal, { realName: '张三', idNumber: '32060219900101123X' }), (e: unknown) =>
      isAppError(e) && e.problem === 'real-name-provider-busy' && e.status === 429 && e.extensions.retryable === true && !!e.headers['retry-after'],
    );
  });

  it('PP-4.4 LAW-3 a consent withdrawn while the bank is answering stops the verification from being stored', async () => {
    const who = `card-withdraws-${Date.now()}`;
    const mod = make();
    const consents = privacy().consents;
    const sandbox = createSandboxProviders({ nodeEnv: 'test', clock: p.clock, logger: p.logger });
    const withdrawing = make({
      providers: {
        ...sandbox,
        bankCard: {
          name: sandbox.bankCard.name, sandbox: true, health: () => sandbox.bankCard.health(),
          // the citizen withdraws in 隐私设置 while the bank is still checking the four elements
          verify: async (input, c) => {
            const r = await sandbox.bankCard.verify(input, c);
            p.clock.advance(1000);
            await consents.withdraw({ kind: 'account', ref: who }, 'real-name-bank-card');
            return r;
          },
        },
      },
    });
    p.clock.advance(1000);
    await consent(p, who, 'real-name-bank-card');
    const principal = { kind: 'citizen' as const, accountId: who, sessionId: 's' };
    await assert.rejects(withdrawing.service.verifyCard(principal, { realName: '张三', idNumber: '32060219900101123X', cardNumber: '6222021234567890128', mobile: '13812340001' }), (e: unknown) =>
      isAppError(e) && e.problem === 'consent-required' && e.status === 403,
    );
    assert.equal(await mod.levels.levelOf(who), 'none', 'nothing stored');
    const audits = await ctx.database.db.selectFrom('audit_records').select('action').where('action', '=', 'realname.verify-bank-card').where('subject_pseudonym', '=', p.kernel.audit.subjectPseudonym(who)).execute();
    assert.equal(audits.length, 0, 'no audit record of a store that did not happen');
  });
});
