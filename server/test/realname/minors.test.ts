// Minors and guardians (PP-5.1, LAW-2): the age comes from the verified ID number; a child under 14 can use
// consent-based purposes only with a linked, real-name-verified adult guardian's consent; 14–17 get a guardian notice.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { testAuthenticator, asCitizen } from '../support/auth.ts';
import { createPrivacyModule } from '../../src/modules/privacy/index.ts';
import { createRealnameModule, type RealnameModule } from '../../src/modules/realname/index.ts';
import { consent, post } from './support.ts';

const FENG = { realName: '冯丽', idNumber: '320602196906062222' }; // adult
const ZHOU = { realName: '周小红', idNumber: '320602201406010024' }; // born 2014-06-01: 12 on the test clock
const WU = { realName: '吴小丽', idNumber: '32061220100901004X' }; // born 2010-09-01: 16

describeEachDatabase('minors and guardians', (ctx) => {
  let p: TestPlatform;
  let realname: RealnameModule;
  const guardian = 'guardian-feng';
  const child = 'child-zhou';
  const teen = 'teen-wu';
  const stranger = 'stranger-1';
  let code = '';

  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: testAuthenticator });
    // a second handle on the same database, for the functions other modules call
    realname = createRealnameModule({ database: ctx.database, clock: p.clock, logger: p.logger, config: p.config, kernel: p.kernel, privacy: createPrivacyModule({ database: ctx.database, clock: p.clock }) });
    await consent(p, guardian, 'real-name-face');
    assert.equal((await post(p, guardian, '/api/v1/realname/id-check', FENG)).statusCode, 200);
  });
  after(async () => {
    await p.close();
  });

  it('PP-5.1 LAW-2 a child under 14 cannot be verified on their own consent: the guardian must consent', async () => {
    await consent(p, child, 'real-name-face');
    const res = await post(p, child, '/api/v1/realname/id-check', ZHOU);
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().type, '/problems/guardian-consent-required');
    assert.equal((await ctx.database.db.selectFrom('realname_attempts').selectAll().where('account_id', '=', child).execute()).length, 0, 'no provider call');
  });

  it('PP-5.1 the child\u2019s account issues a one-time code; only a real-name-verified adult can redeem it', async () => {
    const inv = await post(p, child, '/api/v1/realname/guardian-invitations', {});
    assert.equal(inv.statusCode, 201);
    code = inv.json().code;
    assert.match(code, /^\d{8}$/);
    const unverified = await post(p, stranger, '/api/v1/realname/wards', { code, relation: 'parent' });
    assert.equal(unverified.statusCode, 403);
    assert.equal(unverified.json().type, '/problems/guardian-not-eligible');
    const wrong = await post(p, guardian, '/api/v1/realname/wards', { code: '00000000', relation: 'parent' });
    assert.equal(wrong.json().type, '/problems/guardian-invitation-invalid');
    const ok = await post(p, guardian, '/api/v1/realname/wards', { code, relation: 'parent' });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().minorAccountId, child);
    const again = await post(p, guardian, '/api/v1/realname/wards', { code, relation: 'parent' });
    assert.equal(again.json().type, '/problems/guardian-invitation-invalid', 'single use');
  });

  it('PP-5.1 an expired code is refused', async () => {
    const inv = (await post(p, 'child-2', '/api/v1/realname/guardian-invitations', {})).json();
    p.clock.advance(31 * 60_000);
    const res = await post(p, guardian, '/api/v1/realname/wards', { code: inv.code, relation: 'guardian' });
    assert.equal(res.json().type, '/problems/guardian-invitation-invalid');
  });

  it('PP-5.1 LAW-2 the linked guardian consents for the child, and then the child can be verified (age band under-14)', async () => {
    const before = await realname.minors.mayConsent(child, 'real-name-face');
    assert.equal(before, true, 'age unknown before verification');
    const grant = await post(p, guardian, `/api/v1/realname/wards/${child}/consents`, { purposeId: 'real-name-face' });
    assert.equal(grant.statusCode, 201, grant.body);
    assert.equal(grant.json().method, 'guardian');
    const res = await post(p, child, '/api/v1/realname/id-check', ZHOU);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().verified.ageBand, 'under-14');
    assert.equal(res.json().guardianNotice, true);
    assert.equal(res.json().guardians, 1);
    assert.equal(await realname.minors.ageOf(child), 12);
  });

  it('PP-5.1 LAW-2 mayConsent: a child under 14 only with the guardian\u2019s consent; the child\u2019s own tap does not count', async () => {
    assert.equal(await realname.minors.mayConsent(child, 'real-name-face'), true, 'guardian consented');
    await consent(p, child, 'search-history'); // the child taps 同意 by themselves
    assert.equal(await realname.minors.mayConsent(child, 'search-history'), false);
    await post(p, guardian, `/api/v1/realname/wards/${child}/consents`, { purposeId: 'search-history' });
    assert.equal(await realname.minors.mayConsent(child, 'search-history'), true);
    assert.equal(await realname.minors.mayConsent(child, 'registration'), true, 'not consent-based');
    assert.equal(await realname.minors.mayConsent(guardian, 'search-history'), true, 'adult');
  });

  it('LAW-2 a child who writes method "guardian" on their own consent does not pass for their guardian', async () => {
    const own = await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: asCitizen(child), payload: { purposeId: 'voice', method: 'guardian', separate: true } });
    assert.equal(own.statusCode, 400, 'the self-service route does not take method "guardian"');
    const tap = await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: asCitizen(child), payload: { purposeId: 'voice', separate: true } });
    assert.equal(tap.statusCode, 201);
    assert.equal(await realname.minors.mayConsent(child, 'voice'), false);
  });

  it('PP-5.1 the purpose guard of every feature refuses a child under 14 whose only consent is their own', async () => {
    const own = await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: asCitizen(child), payload: { purposeId: 'location-services', separate: true } });
    assert.equal(own.statusCode, 201);
    const near = await p.app.inject({ method: 'POST', url: '/api/v1/catalogue/halls/nearby', headers: asCitizen(child), payload: { lat: 32.0, lng: 120.86 } });
    assert.equal(near.statusCode, 403);
    assert.equal(near.json().type, '/problems/guardian-consent-required');
  });

  it('LAW-2 the guardian sees and manages the child\u2019s consents; anyone else gets 404', async () => {
    const wards = await p.app.inject({ method: 'GET', url: '/api/v1/realname/wards', headers: asCitizen(guardian) });
    assert.equal(wards.json().items.length, 1);
    assert.equal(wards.json().items[0].realNameMasked, '周*红');
    assert.equal(wards.json().items[0].ageBand, 'under-14');
    const list = await p.app.inject({ method: 'GET', url: `/api/v1/realname/wards/${child}/consents`, headers: asCitizen(guardian) });
    assert.equal(list.statusCode, 200);
    assert.equal(list.json().items.find((i: any) => i.purposeId === 'real-name-face').effective, true);
    const other = await p.app.inject({ method: 'GET', url: `/api/v1/realname/wards/${child}/consents`, headers: asCitizen(stranger) });
    assert.equal(other.statusCode, 404);
    const withdraw = await p.app.inject({ method: 'DELETE', url: `/api/v1/realname/wards/${child}/consents/search-history`, headers: asCitizen(guardian) });
    assert.equal(withdraw.statusCode, 200);
    assert.equal(await realname.minors.mayConsent(child, 'search-history'), false);
    const audits = await ctx.database.db.selectFrom('audit_records').select('action').where('subject_pseudonym', '=', p.kernel.audit.subjectPseudonym(child)).execute();
    const actions = audits.map((a) => a.action);
    for (const a of ['realname.invite-guardian', 'realname.link-guardian', 'realname.grant-ward-consent', 'realname.withdraw-ward-consent']) assert.ok(actions.includes(a), a);
  });

  it('PP-5.1 a 14–17-year-old consents for themselves and gets the guardian notice', async () => {
    await consent(p, teen, 'real-name-face');
    const res = await post(p, teen, '/api/v1/realname/id-check', WU);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().verified.ageBand, '14-17');
    assert.equal(res.json().guardianNotice, true);
    assert.equal(await realname.minors.mayConsent(teen, 'search-history'), true);
  });

  it('PP-5.1 an adult account cannot invite a guardian', async () => {
    const res = await post(p, guardian, '/api/v1/realname/guardian-invitations', {});
    assert.equal(res.json().type, '/problems/not-a-minor');
  });

  it('PP-4.5 erasing the guardian\u2019s account removes the links and the proofs of the guardian\u2019s consents', async () => {
    const g = 'guardian-erased';
    const kid = 'child-erased';
    await consent(p, g, 'real-name-face');
    assert.equal((await post(p, g, '/api/v1/realname/id-check', { realName: '张三', idNumber: '32060219900101123X' })).statusCode, 200);
    const { code: c } = (await post(p, kid, '/api/v1/realname/guardian-invitations', {})).json();
    const { linkId } = (await post(p, g, '/api/v1/realname/wards', { code: c, relation: 'guardian' })).json();
    assert.equal((await post(p, g, `/api/v1/realname/wards/${kid}/consents`, { purposeId: 'voice' })).statusCode, 201);
    const proofs = () => ctx.database.db.selectFrom('guardian_consents').selectAll().where('link_id', '=', linkId).execute();
    assert.equal((await proofs()).length, 1);
    await realname.erasure.erase(g);
    assert.equal((await ctx.database.db.selectFrom('guardian_links').selectAll().where('guardian_account_id', '=', g).execute()).length, 0);
    assert.equal((await proofs()).length, 0);
    // the rights centre's generic erasure deletes guardian_links rows directly: the proofs must not block it
    const { code: c2 } = (await post(p, kid, '/api/v1/realname/guardian-invitations', {})).json();
    assert.equal((await post(p, guardian, '/api/v1/realname/wards', { code: c2, relation: 'guardian' })).statusCode, 201);
    assert.equal((await post(p, guardian, `/api/v1/realname/wards/${kid}/consents`, { purposeId: 'voice' })).statusCode, 201);
    await ctx.database.db.deleteFrom('guardian_links').where('minor_account_id', '=', kid).execute();
  });

  it('PP-5.1 either side can end the link; the child\u2019s guardian consents then no longer count', async () => {
    const mine = await p.app.inject({ method: 'GET', url: '/api/v1/realname/guardians', headers: asCitizen(child) });
    const linkId = mine.json().items[0].linkId;
    assert.equal(mine.json().items[0].guardianNameMasked, '冯*');
    const end = await p.app.inject({ method: 'DELETE', url: `/api/v1/realname/guardians/${linkId}`, headers: asCitizen(child) });
    assert.equal(end.statusCode, 200);
    assert.equal(await realname.minors.mayConsent(child, 'real-name-face'), false);
    const gone = await p.app.inject({ method: 'GET', url: `/api/v1/realname/wards/${child}/consents`, headers: asCitizen(guardian) });
    assert.equal(gone.statusCode, 404);
  });
});
