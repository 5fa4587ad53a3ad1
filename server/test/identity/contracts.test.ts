// What other modules call: stepUp.require / record (二次核身), accounts.contactOf / exists / lookup, and the
// housekeeping job.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { AuditService } from '../../src/modules/audit/index.ts';
import { createIdentityModule, PURGE_JOB, type IdentityModule } from '../../src/modules/identity/index.ts';
import { createNotificationsModule } from '../../src/modules/notifications/index.ts';
import { createPrivacyModule } from '../../src/modules/privacy/index.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { FieldCipher, blindIndexer } from '../../src/platform/crypto/index.ts';
import type { Principal } from '../../src/platform/http/access.ts';
import { isAppError } from '../../src/platform/http/problem.ts';
import { JobRegistry, Jobs } from '../../src/platform/jobs.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { describeEachDatabase } from '../support/db.ts';
import { identityPlatform, lastCode, register } from './support.ts';
import type { TestPlatform } from '../support/platform.ts';

describeEachDatabase('identity contracts for other modules', (ctx) => {
  let identity: IdentityModule;
  let jobs: Jobs;
  let clock: FixedClock;
  let p: TestPlatform;
  before(async () => {
    p = await identityPlatform(ctx.database);
    const config = p.config; // same keys as the platform that registers the accounts
    const logger = createLogger({ level: 'silent' });
    clock = new FixedClock();
    const registry = new JobRegistry();
    jobs = new Jobs(ctx.database.executor, registry, logger);
    const cipher = new FieldCipher(ctx.database.db, { secrets: config.secrets });
    const audit = new AuditService({ pseudonymKey: config.secrets.blindIndexKey, signingKey: config.secrets.auditSigningKey, clock });
    const n = createNotificationsModule({ database: ctx.database, jobs, logger, clock, config, cipher, audit });
    for (const def of n.jobs) registry.define(def);
    identity = createIdentityModule({
      database: ctx.database, config, clock, logger, notifications: n.service, privacy: createPrivacyModule({ database: ctx.database, clock }),
      kernel: { cipher, blindIndex: blindIndexer(config.secrets.blindIndexKey), audit },
    });
    for (const def of identity.jobs) registry.define(def);
    await jobs.start({ work: false });
  });
  after(async () => {
    await jobs.stop(1000);
    await p.close();
  });

  it('stepUp.require throws the named step-up-required problem (403) until the session records a fresh proof', async () => {
    const principal: Principal = { kind: 'citizen', accountId: 'acc-1', sessionId: 'test-acc-1' };
    const refusal = await identity.stepUp.require(principal).then(() => null, (e: unknown) => e);
    assert.ok(isAppError(refusal));
    assert.equal(refusal.problem, 'step-up-required');
    assert.equal(refusal.status, 403);
    await ctx.database.db.transaction().execute((tx) => identity.stepUp.record(tx, principal, { method: 'sms' }));
    await identity.stepUp.require(principal);
    // another session of the same account has no proof
    await assert.rejects(identity.stepUp.require({ ...principal, sessionId: 'test-acc-1-b' }), /核验/);
    clock.advance(5 * 60_000 + 1);
    await assert.rejects(identity.stepUp.require(principal));
    await assert.rejects(identity.stepUp.require(null), (e: unknown) => isAppError(e) && e.problem === 'unauthenticated');
  });

  it('accounts.contactOf decrypts the bound mobile; exists and lookup know real accounts only', async () => {
    const r = await register(p);
    assert.deepEqual(await identity.accounts.contactOf(r.accountId), { mobile: r.mobile });
    assert.equal(await identity.accounts.exists(r.accountId), true);
    assert.equal(await identity.accounts.exists('00000000-0000-0000-0000-000000000000'), false);
    assert.equal(await identity.accounts.exists('not-a-uuid'), false);
    assert.equal(await identity.accounts.contactOf('00000000-0000-0000-0000-000000000000'), null);
    const found = await identity.accounts.lookup([r.accountId, 'not-a-uuid']);
    assert.deepEqual([...found.keys()], [r.accountId]);
  });

  it('gives the identity provider a lockout-guarded password check, the amr of a session and SMS step-up', async () => {
    const r = await register(p);
    const request = { ip: '10.0.0.9', socket: { remoteAddress: '10.0.0.9' }, headers: {}, cookies: {} } as never;
    assert.deepEqual(await identity.provider.verifyPassword(r.accountName, r.password, request), { accountId: r.accountId });
    assert.equal(await identity.provider.verifyPassword(r.accountName, 'wrong wrong wrong', request), null);
    const session = await ctx.database.db.selectFrom('account_sessions').select('id').where('account_id', '=', r.accountId).executeTakeFirstOrThrow();
    // the registration session proved the mobile by SMS code; the password was being chosen, not checked
    assert.deepEqual(await identity.provider.sessionAmr(session.id), ['sms']);
    const current = await identity.provider.currentSession({ url: '/oidc/interaction/x', method: 'POST', headers: {}, cookies: { ntbt_sid: r.sid } } as never);
    assert.deepEqual({ ...current, authTime: undefined }, { accountId: r.accountId, amr: ['sms'], authTime: undefined }, 'read from the cookie without the API CSRF header');
    assert.equal(await identity.provider.currentSession({ url: '/', method: 'GET', headers: {}, cookies: {} } as never), null);
    assert.equal(await identity.provider.sessionAmr('test-session'), null);
    await identity.provider.sendStepUpCode(r.accountId);
    const code = await lastCode(p, r.mobile);
    assert.equal(await identity.provider.verifyStepUpCode(r.accountId, code === '000000' ? '000001' : '000000'), false);
    assert.equal(await identity.provider.verifyStepUpCode(r.accountId, code), true);
    assert.equal(await identity.provider.verifyStepUpCode(r.accountId, code), false, 'single use');
  });

  it('LAW-7 the housekeeping job drops used codes and old sessions, and keeps sign-in history for 12 months', async () => {
    const r = await register(p);
    const events = async () => (await ctx.database.db.selectFrom('login_events').select('id').where('account_id', '=', r.accountId).execute()).length;
    assert.equal(await events(), 1);
    clock.set(new Date(p.clock.now().getTime() + 200 * 86_400_000));
    await jobs.run(PURGE_JOB, {});
    assert.equal(await events(), 1, 'kept at 200 days (at least 6 months)');
    assert.equal((await ctx.database.db.selectFrom('otp_challenges').select('id').where('account_id', 'is', null).execute()).length, 0, 'codes gone');
    clock.set(new Date(p.clock.now().getTime() + 366 * 86_400_000));
    await jobs.run(PURGE_JOB, {});
    assert.equal(await events(), 0, 'gone after 12 months');
  });
});
