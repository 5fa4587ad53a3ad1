import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { Authenticator } from '../../src/platform/http/access.ts';
import { AppError } from '../../src/platform/http/problem.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createPrivacyModule, type PrivacyModule } from '../../src/modules/privacy/index.ts';
import { AuditService } from '../../src/modules/audit/index.ts';
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

describeEachDatabase('the purpose guard inside the write statement', (ctx) => {
  let privacy: PrivacyModule;
  let audit: AuditService;
  const clock = new FixedClock();
  before(async () => {
    privacy = createPrivacyModule({ database: ctx.database, clock });
    audit = new AuditService({ pseudonymKey: randomBytes(32), signingKey: generateKeyPairSync('ed25519').privateKey, clock });
    await sql`create table if not exists guarded_writes (id text primary key, subject text not null)`.execute(ctx.database.db);
  });

  /** One guarded write: the row rides in the audit statement, which carries the consent test. */
  const write = (subject: { kind: 'account'; ref: string }, purpose: string, elements: string[]) => {
    const id = randomUUID();
    return privacy.guard
      .within(subject, purpose, { elements }, ({ legalBasis, requires }) =>
        audit.record(ctx.database.db, { actor: { kind: 'citizen', ref: subject.ref }, action: 'test.write-guarded', subjectId: subject.ref, elements, purposeId: purpose, legalBasis }, [
          sql`insert into guarded_writes (id, subject) values (${id}, ${subject.ref})`,
        ], { requires }),
      )
      .then(() => 'written', (e) => (e instanceof AppError ? e.problem : Promise.reject(e)));
  };
  const rowsOf = async (ref: string) => {
    const rows = (await sql<{ n: string }>`select count(*)::text as n from guarded_writes where subject = ${ref}`.execute(ctx.database.db)).rows[0]!.n;
    const audits = (await ctx.database.db.selectFrom('audit_records').select('id').where('subject_pseudonym', '=', audit.subjectPseudonym(ref)).execute()).length;
    return { rows: Number(rows), audits };
  };
  const required = (subject: { kind: 'account'; ref: string }, purpose: string, elements: string[]) =>
    privacy.guard.require(subject, purpose, { elements }).then(() => 'written', (e) => (e instanceof AppError ? e.problem : Promise.reject(e)));

  it('PP-4.4 LAW-3 LAW-1 the in-statement consent test decides as require() does, and a refused write leaves neither row nor audit record', async () => {
    const s = { kind: 'account' as const, ref: `acc-${randomUUID()}` };
    const steps: [string, () => Promise<unknown>, string, string[]][] = [
      ['no consent', async () => {}, 'search-history', ['search-keywords']],
      ['granted', () => privacy.consents.grant(s, 'search-history'), 'search-history', ['search-keywords']],
      ['withdrawn', () => privacy.consents.withdraw(s, 'search-history'), 'search-history', ['search-keywords']],
      ['granted again', () => privacy.consents.grant(s, 'search-history'), 'search-history', ['search-keywords']],
      ['separate purpose, consent not separate', () => privacy.consents.grant(s, 'real-name-bank-card', { separate: false }), 'real-name-bank-card', ['id-number', 'bank-card-number']],
      ['separate purpose, separate consent', () => privacy.consents.grant(s, 'real-name-bank-card', { separate: true }), 'real-name-bank-card', ['id-number', 'bank-card-number']],
    ];
    const expected = ['consent-required', 'written', 'consent-required', 'written', 'consent-required', 'written'];
    let written = 0;
    for (const [i, [label, change, purpose, elements]] of steps.entries()) {
      clock.advance(1000);
      await change();
      const before = await rowsOf(s.ref);
      const viaRequire = await required(s, purpose, elements);
      const viaStatement = await write(s, purpose, elements);
      assert.equal(viaStatement, expected[i], label);
      assert.equal(viaStatement, viaRequire, `${label}: the statement and require() agree`);
      if (viaStatement === 'written') written++;
      const after = await rowsOf(s.ref);
      assert.deepEqual(after, { rows: before.rows + (viaStatement === 'written' ? 1 : 0), audits: before.audits + (viaStatement === 'written' ? 1 : 0) }, label);
    }
    assert.equal(written, 3);
  });

  it('PP-6.1 the in-statement consent test asks again after the purpose terms changed, and refuses undeclared elements before writing', async () => {
    const s = { kind: 'account' as const, ref: `acc-${randomUUID()}` };
    await privacy.consents.grant(s, 'voice');
    assert.equal(await write(s, 'voice', ['voice']), 'written');
    await privacy.consents.setPolicyVersion(2);
    try {
      assert.equal(await write(s, 'voice', ['voice']), 'consent-required');
    } finally {
      await privacy.consents.setPolicyVersion(1);
    }
    assert.equal(await write(s, 'voice', ['voice', 'id-number']), 'purpose-not-declared');
    assert.deepEqual(await rowsOf(s.ref), { rows: 1, audits: 1 });
  });

  it('PP-4.4 a withdrawal committed while a guarded write is under way refuses that write (no window between check and write)', async () => {
    const s = { kind: 'account' as const, ref: `acc-${randomUUID()}` };
    await privacy.consents.grant(s, 'search-history');
    // The guard has passed its checks in JS (as after a slow provider call); the withdrawal commits before the write.
    const outcome = await privacy.guard
      .within(s, 'search-history', { elements: ['search-keywords'] }, async ({ legalBasis, requires }) => {
        clock.advance(1000);
        await privacy.consents.withdraw(s, 'search-history');
        return audit.record(ctx.database.db, { actor: { kind: 'citizen', ref: s.ref }, action: 'test.write-guarded', subjectId: s.ref, purposeId: 'search-history', legalBasis }, [
          sql`insert into guarded_writes (id, subject) values (${randomUUID()}, ${s.ref})`,
        ], { requires });
      })
      .then(() => 'written', (e) => (e instanceof AppError ? e.problem : Promise.reject(e)));
    assert.equal(outcome, 'consent-required');
    assert.deepEqual(await rowsOf(s.ref), { rows: 0, audits: 0 });
  });
});
