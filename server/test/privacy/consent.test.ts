import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { Authenticator } from '../../src/platform/http/access.ts';
import { AppError } from '../../src/platform/http/problem.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createPrivacyModule, type PrivacyModule } from '../../src/modules/privacy/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testConfig } from '../support/platform.ts';

// Resolves `x-test-account: <id>` to a citizen (the accounts module provides the real authenticator).
const testAuthenticator: Authenticator = {
  authenticate: async (req) => {
    const id = req.headers['x-test-account'];
    return typeof id === 'string' ? { kind: 'citizen', accountId: id, sessionId: 's-1' } : null;
  },
};

const problemOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  assert.fail('expected a problem');
};

describeEachDatabase('consent records and the purpose guard', (ctx) => {
  let privacy: PrivacyModule;
  let app: FastifyInstance;
  const clock = new FixedClock();
  const alice = { kind: 'account' as const, ref: `acc-alice-${Math.random().toString(36).slice(2)}` };

  before(async () => {
    privacy = createPrivacyModule({ database: ctx.database, clock });
    app = await buildApp({
      config: testConfig(),
      database: ctx.database,
      logger: createLogger({ level: 'silent' }),
      authenticator: testAuthenticator,
      modules: [privacy.module],
    });
    await app.ready();
  });
  after(async () => app?.close());

  it('LAW-3 a consent-based purpose is refused without consent, with the named problem in Chinese', async () => {
    const err = await problemOf(privacy.guard.require(alice, 'search-history', { elements: ['search-keywords'] }));
    assert.equal(err.problem, 'consent-required');
    assert.equal(err.status, 403);
    const body = err.toBody();
    assert.equal(body.title, '需要您的授权同意后才能使用此功能');
    assert.equal(body.purpose, 'search-history');
    assert.deepEqual(body.elements, ['search-keywords']);
  });

  it('PP-4.4 LAW-3 a grant lets the purpose run and a withdrawal stops it on the very next call', async () => {
    await privacy.consents.grant(alice, 'search-history');
    const ok = await privacy.guard.require(alice, 'search-history', { elements: ['search-keywords', 'favourites'] });
    assert.equal(ok.legalBasis, 'consent');
    clock.advance(1000);
    await privacy.consents.withdraw(alice, 'search-history');
    assert.equal((await problemOf(privacy.guard.require(alice, 'search-history'))).problem, 'consent-required');
  });

  it('LAW-1 a separate-consent purpose needs consent given separately', async () => {
    clock.advance(1000);
    await privacy.consents.grant(alice, 'real-name-face', { separate: false });
    assert.equal((await problemOf(privacy.guard.require(alice, 'real-name-face', { elements: ['face'] }))).problem, 'consent-required');
    clock.advance(1000);
    await privacy.consents.grant(alice, 'real-name-face', { separate: true });
    assert.equal((await privacy.guard.require(alice, 'real-name-face', { elements: ['face', 'id-number'] })).consent?.separate, true);
  });

  it('LAW-3 statutory-duty, contract and legal-obligation purposes need no consent, even without an actor', async () => {
    for (const id of ['hotline-12345', 'registration', 'service-logs']) {
      const r = await privacy.guard.require(null, id);
      assert.equal(r.consent, null);
    }
  });

  it('PP-2.1 an element the purpose does not declare is refused as purpose-not-declared', async () => {
    const err = await problemOf(privacy.guard.require(null, 'registration', { elements: ['mobile', 'id-number'] }));
    assert.equal(err.problem, 'purpose-not-declared');
    assert.equal(err.status, 403);
    assert.deepEqual(err.toBody().elements, ['id-number']);
  });

  it('PP-6.1 a new policy version asks for consent again; a grant at a stale version is refused', async () => {
    const bob = { kind: 'account' as const, ref: 'acc-bob-version' };
    await privacy.consents.grant(bob, 'voice');
    await privacy.guard.require(bob, 'voice');
    await privacy.consents.setPolicyVersion(2);
    try {
      assert.equal(await privacy.consents.currentPolicyVersion(), 2);
      assert.equal((await problemOf(privacy.guard.require(bob, 'voice'))).problem, 'consent-required');
      assert.equal((await problemOf(privacy.consents.grant(bob, 'voice', { policyVersion: 1 }))).problem, 'policy-version-outdated');
      await privacy.consents.grant(bob, 'voice', { policyVersion: 2 });
      assert.equal((await privacy.guard.require(bob, 'voice')).consent?.policyVersion, 2);
    } finally {
      await privacy.consents.setPolicyVersion(1);
    }
  });

  it('PP-0.1 consent records are append-only: updates and deletes are refused by the database', async () => {
    await assert.rejects(sql`update consent_records set granted = true`.execute(ctx.database.db), /append-only/);
    await assert.rejects(sql`delete from consent_records`.execute(ctx.database.db), /append-only/);
    const history = await privacy.consents.history(alice);
    assert.deepEqual(
      history.map((r) => [r.purposeId, r.granted, r.separate]),
      [['search-history', true, false], ['search-history', false, false], ['real-name-face', true, false], ['real-name-face', true, true]],
    );
  });

  it('PP-4.4 LAW-3 a citizen grants, lists and withdraws their own consent over HTTP, withdrawal as easy as granting', async () => {
    const h = { 'x-test-account': 'acc-http-carol' };
    const granted = await app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: h, payload: { purposeId: 'location-services', separate: true } });
    assert.equal(granted.statusCode, 201, granted.body);
    assert.equal(granted.json().granted, true);
    assert.equal(granted.json().policyVersion, 1);
    const list = (await app.inject({ url: '/api/v1/privacy/consents', headers: h })).json();
    const loc = list.items.find((i: any) => i.purposeId === 'location-services');
    assert.equal(loc.effective, true);
    assert.equal(loc.legalBasis, 'separate-consent');
    assert.ok(list.items.every((i: any) => ['consent', 'separate-consent'].includes(i.legalBasis)));
    await privacy.guard.require({ kind: 'citizen', accountId: 'acc-http-carol', sessionId: 's' }, 'location-services', { elements: ['precise-location'] });

    const withdrawn = await app.inject({ method: 'DELETE', url: '/api/v1/privacy/consents/location-services', headers: h });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    assert.equal(withdrawn.json().granted, false);
    const after = (await app.inject({ url: '/api/v1/privacy/consents', headers: h })).json();
    assert.equal(after.items.find((i: any) => i.purposeId === 'location-services').effective, false);
    const refused = await problemOf(privacy.guard.require({ kind: 'citizen', accountId: 'acc-http-carol', sessionId: 's' }, 'location-services'));
    assert.equal(refused.problem, 'consent-required');
  });

  it('refuses consent routes without sign-in, unknown purposes, and consent to a purpose that does not rest on consent', async () => {
    assert.equal((await app.inject({ url: '/api/v1/privacy/consents' })).statusCode, 401);
    const h = { 'x-test-account': 'acc-http-dave' };
    const unknown = await app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: h, payload: { purposeId: 'no-such-purpose' } });
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().type, '/problems/unknown-purpose');
    const statutory = await app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: h, payload: { purposeId: 'hotline-12345' } });
    assert.equal(statutory.statusCode, 422);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: h, payload: { purposeId: 'voice', method: 'shout' } });
    assert.equal(bad.statusCode, 400);
  });

  it('PP-0.1 a device records consent before sign-in, identified by its device id header', async () => {
    const h = { 'x-device-id': 'dev-0123456789abcdef' };
    const res = await app.inject({ method: 'POST', url: '/api/v1/privacy/device-consents', headers: h, payload: { purposeId: 'policy-acceptance' } });
    assert.equal(res.statusCode, 201, res.body);
    const rows = await ctx.database.db.selectFrom('consent_records').selectAll().where('subject_ref', '=', 'dev-0123456789abcdef').execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.subject_kind, 'device');
    assert.equal(rows[0]!.policy_version, 1);
    assert.equal(rows[0]!.method, 'tap');
    await privacy.guard.require({ kind: 'device', ref: 'dev-0123456789abcdef' }, 'policy-acceptance');
    const state = (await app.inject({ url: '/api/v1/privacy/device-consents', headers: h })).json();
    assert.equal(state.items.find((i: any) => i.purposeId === 'policy-acceptance').effective, true);
    const off = await app.inject({ method: 'DELETE', url: '/api/v1/privacy/device-consents/policy-acceptance', headers: h });
    assert.equal(off.statusCode, 200);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/privacy/device-consents', payload: { purposeId: 'policy-acceptance' } })).statusCode, 400);
    assert.equal((await app.inject({ method: 'POST', url: '/api/v1/privacy/device-consents', headers: { 'x-device-id': 'short' }, payload: { purposeId: 'policy-acceptance' } })).statusCode, 400);
  });
});
