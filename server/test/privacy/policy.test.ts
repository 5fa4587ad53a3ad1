// The policy lifecycle (issue #5): the policy generated from the inventory, versions, major-change detection, re-consent
// per changed purpose, receipts, and the console's publish flow.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { AppError } from '../../src/platform/http/problem.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createPrivacyModule, type Inventory, type PrivacyModule } from '../../src/modules/privacy/index.ts';
import { inventory as live } from '../../src/modules/privacy/lists.ts';
import { classifyChange, snapshotOf } from '../../src/modules/privacy/policy/changes.ts';
import { defaultProse, withOverrides } from '../../src/modules/privacy/policy/prose.ts';
import { renderPolicy, toMarkdown } from '../../src/modules/privacy/policy/render.ts';
import { isConsentBased, purposeById } from '../../src/modules/privacy/inventory/purposes.ts';
import { announceJobs, POLICY_TEMPLATE } from '../../src/modules/privacy/policy/announce.ts';
import { assertIdsOnly } from '../../src/platform/jobs.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testConfig } from '../support/platform.ts';
import { asCitizen, asStaff, testAuthenticator } from '../support/auth.ts';

const consentBased = (id: string) => {
  const p = purposeById(id);
  return !!p && isConsentBased(p);
};
const meta = { version: 1, effectiveDate: '2026-01-01' };
const textOf = (inv: Inventory, lang: 'zh-CN' | 'en' = 'zh-CN', prose = defaultProse()) => toMarkdown(renderPolicy(inv, prose, meta, lang));

/** The live inventory plus one new element, used by the location purpose. */
function withPalmPrint(inv: Inventory): Inventory {
  return {
    ...inv,
    elements: [
      ...inv.elements,
      { id: 'palm-print', nameZh: '掌纹信息', nameEn: 'Palm print', category: 'biometric', sensitive: true, storage: [], retention: 'not retained', protection: 'transient', clauses: [] },
    ],
    purposes: inv.purposes.map((p) => (p.id === 'location-services' ? { ...p, elements: [...p.elements, 'palm-print'] } : p)),
  };
}

describe('the generated policy', () => {
  it('PP-1.4 lists exactly the inventory: every citizen purpose, element, sharing category, recipient and SDK, and no staff data', () => {
    const md = textOf(live);
    const staff = live.elements.filter((e) => e.subjects === 'staff');
    const citizenPurposes = live.purposes.filter((p) => !(p.elements.length && p.elements.every((e) => staff.some((s) => s.id === e))));
    for (const p of citizenPurposes) assert.ok(md.includes(p.nameZh), `purpose ${p.id} missing`);
    for (const p of citizenPurposes) for (const e of p.elements) assert.ok(md.includes(live.elements.find((x) => x.id === e)!.nameZh), `element ${e} missing`);
    for (const c of live.sharingCategories) {
      assert.ok(md.includes(`当您使用${c.nameZh}服务时`), `category ${c.id} missing`);
      for (const r of c.recipientsZh) assert.ok(md.includes(r), `recipient ${r} missing`);
    }
    for (const s of live.sdks) assert.ok(md.includes(s.nameZh), `SDK ${s.nameZh} missing`);
    for (const x of live.externalProviders) assert.ok(md.includes(x.nameZh));
    for (const s of staff) assert.ok(!md.includes(s.nameZh), `staff element ${s.id} must not be in the citizen policy`);
    // the seven sections and the appendix, in order
    const heads = ['一、', '二、', '三、', '四、', '五、', '六、', '七、', '附录1'].map((h) => md.indexOf(`## ${h}`));
    assert.ok(heads.every((i, k) => i > 0 && (k === 0 || i > heads[k - 1]!)), 'sections in the seed policy\u2019s order');
  });

  it('LAW-1 sensitive elements and separate consent are emphasised in bold, and refusing degrades only that feature (PP-1.9)', () => {
    const md = textOf(live);
    assert.match(md, /\*\*面部信息\(敏感\)\*\*/);
    assert.match(md, /\*\*精确位置信息\(敏感\)\*\*/);
    assert.match(md, /\*\*该功能涉及敏感个人信息[^*]*单独同意。\*\*/);
    assert.match(md, /\*\*您可以拒绝,拒绝仅导致该功能无法使用,不影响您使用其他服务。\*\*/);
    assert.match(textOf(live, 'en'), /\*\*Face image \/ facial features\(sensitive\)\*\*/);
  });

  it('LAW-4 the sharing section names, for every category, its recipients, purpose and exactly the PI types shared', () => {
    const md = textOf(live);
    const name = (id: string) => live.elements.find((e) => e.id === id)!.nameZh;
    for (const c of live.sharingCategories) {
      const line = md.split('\n').find((l) => l.includes(`当您使用${c.nameZh}服务时`))!;
      assert.ok(line.includes(`共享您的**${c.fields.map(name).join('、')}**`), `fields of ${c.id}`);
      assert.ok(line.includes(c.recipientsZh.join('、')) && line.includes(c.purposeZh), `recipients and purpose of ${c.id}`);
    }
  });

  it('PP-1.12 PP-1.13 PP-1.14 each purpose states the device permission it asks for, and that it is asked only at the moment of use', () => {
    const md = textOf(live);
    const block = (purposeZh: string) => md.slice(md.indexOf(`. ${purposeZh}`), md.indexOf(`. ${purposeZh}`) + 400);
    assert.match(block('定位服务(天气、周边地图、区县专区、一键召车)'), /需要的设备权限: 位置/);
    assert.match(block('相册/相机'), /需要的设备权限: 相机、存储\(Android\)、访问相册\(iOS\)/);
    assert.match(block('语音'), /需要的设备权限: 麦克风/);
    assert.match(md, /不会在启动时申请/);
  });

  it('LAW-2 the minors section asks for the guardian\u2019s consent, and a guardian\u2019s consent is recorded as such', () => {
    assert.match(textOf(live), /\*\*若您是未满18周岁的未成年人[^*]*监护人同意[^*]*\*\*/);
  });

  it('PP-6.2 an element added to a purpose appears in the text and is a major change for that purpose', () => {
    const next = withPalmPrint(live);
    assert.ok(!textOf(live).includes('掌纹信息'));
    assert.match(textOf(next), /\*\*掌纹信息\(敏感\)\*\*/);
    const c = classifyChange(snapshotOf(live, defaultProse()), snapshotOf(next, defaultProse()), {}, consentBased);
    assert.equal(c.classification, 'major');
    assert.ok(c.changes.some((x) => x.kind === 'purpose-element-added' && x.major && x.zh.includes('掌纹信息')));
    assert.deepEqual(c.changedPurposes, ['location-services', 'policy-acceptance']);
  });

  it('PP-6.2 a new recipient, changed shared fields, changed rights or contact, and declared ownership change or high-risk PIA are major', () => {
    const base = snapshotOf(live, defaultProse());
    const major = (inv: Inventory, prose = defaultProse(), declared = {}) => classifyChange(base, snapshotOf(inv, prose), declared, consentBased);
    const recip = major({ ...live, sharingCategories: live.sharingCategories.map((c) => (c.id === 'tourism' ? { ...c, recipientsZh: [...c.recipientsZh, '某旅行社'] } : c)) });
    assert.equal(recip.classification, 'major');
    assert.deepEqual(recip.changedPurposes, ['policy-acceptance']); // tourism-services rests on contract: nothing to re-consent but the policy
    const fields = major({ ...live, sharingCategories: live.sharingCategories.map((c) => (c.id === 'health' ? { ...c, fields: [...c.fields, 'mobile'] } : c)) });
    assert.ok(fields.changes.some((x) => x.kind === 'shared-fields-changed' && x.major));
    assert.equal(major(live, withOverrides({ rights: { 'zh-CN': '新的权利说明' } })).classification, 'major');
    assert.equal(major(live, withOverrides({ contact: { 'zh-CN': '联系电话:0513-00000000' } })).classification, 'major');
    assert.equal(major(live, defaultProse(), { ownershipChange: true }).classification, 'major');
    assert.equal(major(live, defaultProse(), { highRiskPia: true }).classification, 'major');
    const declared = major(live, defaultProse(), { declaredPurposes: ['voice'] });
    assert.equal(declared.classification, 'major');
    assert.deepEqual(declared.changedPurposes, ['policy-acceptance', 'voice']);
  });

  it('PP-6.2 wording only is a minor change and asks no purpose for consent again', () => {
    const c = classifyChange(snapshotOf(live, defaultProse()), snapshotOf(live, withOverrides({ minors: { 'zh-CN': '南通百通非常重视未成年人保护。' } })), {}, consentBased);
    assert.equal(c.classification, 'minor');
    assert.deepEqual(c.changedPurposes, []);
    assert.deepEqual(c.changes.map((x) => x.kind), ['wording-changed']);
  });
});

const problemOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  assert.fail('expected a problem');
};

describeEachDatabase('policy versions, re-consent and receipts', (ctx) => {
  const clock = new FixedClock();
  let privacy: PrivacyModule;
  let app: FastifyInstance;
  const officer = asStaff('st-officer', ['privacy.policy']);
  const sent: { name: string; data: unknown }[] = [];
  // like Jobs.send: payloads must carry ids only
  const jobs = { send: async (name: string, data: unknown) => (assertIdsOnly(name, data), sent.push({ name, data }), 'job-1') } as any;

  const make = async (inventory: Inventory) => {
    await app?.close();
    privacy = createPrivacyModule({ database: ctx.database, clock, inventory, jobs });
    app = await buildApp({ config: testConfig(), database: ctx.database, logger: createLogger({ level: 'silent' }), authenticator: testAuthenticator, modules: [privacy.module] });
    await app.ready();
  };

  before(async () => {
    await make(live);
    await privacy.seed();
    await privacy.seed(); // idempotent
  });
  after(async () => app?.close());

  it('PP-6.1 version 1 is published at first boot from the inventory, with content and inventory hashes, and readable as JSON, Markdown and HTML', async () => {
    const res = await app.inject({ url: '/api/v1/privacy/policy' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.version, 1);
    assert.equal(body.classification, 'initial');
    assert.match(body.contentHash, /^[0-9a-f]{64}$/);
    assert.match(body.inventoryHash, /^[0-9a-f]{64}$/);
    assert.equal(body.document.sections.length, 9);
    assert.equal(await privacy.consents.currentPolicyVersion(), 1);
    const md = await app.inject({ url: '/api/v1/privacy/policy/versions/1/markdown' });
    assert.match(md.headers['content-type'] as string, /text\/markdown/);
    assert.match(md.body, /# 南通百通隐私政策/);
    const html = await app.inject({ url: '/api/v1/privacy/policy/versions/1/html?lang=en' });
    assert.match(html.body, /<strong>/);
    assert.equal((await app.inject({ url: '/api/v1/privacy/policy/versions/99' })).statusCode, 404);
  });

  it('PP-6.2 the console previews a major change with its diff, publishes it after confirming, and refuses a stale confirmation', async () => {
    const alice = 'acc-policy-alice';
    await privacy.consents.grant({ kind: 'account', ref: alice }, 'policy-acceptance');
    await privacy.consents.grant({ kind: 'account', ref: alice }, 'location-services', { separate: true });
    await privacy.consents.grant({ kind: 'account', ref: alice }, 'voice');
    await privacy.guard.require({ kind: 'account', ref: alice }, 'location-services');

    await make(withPalmPrint(live));
    assert.equal((await app.inject({ url: '/api/v1/privacy/policy/draft/preview', headers: asCitizen(alice) })).statusCode, 403);
    const preview = (await app.inject({ url: '/api/v1/privacy/policy/draft/preview', headers: officer })).json();
    assert.equal(preview.classification, 'major');
    assert.equal(preview.basedOn, 1);
    assert.deepEqual(preview.changedPurposes, ['location-services', 'policy-acceptance']);
    assert.ok(preview.changes.some((c: any) => c.zh.includes('掌纹信息')));

    const confirm = { basedOn: 1, inventoryHash: preview.inventoryHash, contentHash: preview.contentHash, classification: 'major' };
    const stale = await app.inject({ method: 'POST', url: '/api/v1/privacy/policy/publish', headers: officer, payload: { ...confirm, classification: 'minor' } });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().type.endsWith('policy-draft-changed'), true);
    const res = await app.inject({ method: 'POST', url: '/api/v1/privacy/policy/publish', headers: officer, payload: confirm });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().version, 2);
    assert.equal(await privacy.consents.currentPolicyVersion(), 2);
    assert.deepEqual(sent.at(-1), { name: 'privacy.announce-policy', data: { versionId: 2 } });
    // the old version stays readable and unchanged
    assert.ok(!(await app.inject({ url: '/api/v1/privacy/policy/versions/1/markdown' })).body.includes('掌纹信息'));
    assert.ok((await app.inject({ url: '/api/v1/privacy/policy/versions/2/markdown' })).body.includes('掌纹信息'));
    // publishing again without a change is refused
    const again = (await app.inject({ url: '/api/v1/privacy/policy/draft/preview', headers: officer })).json();
    const none = await app.inject({ method: 'POST', url: '/api/v1/privacy/policy/publish', headers: officer, payload: { basedOn: 2, inventoryHash: again.inventoryHash, contentHash: again.contentHash, classification: again.classification } });
    assert.equal(none.statusCode, 422);
  });

  it('PP-6.1 after a major change the changed purpose is refused until re-consent, an unchanged one keeps working, and the status lists the changes', async () => {
    const alice = { kind: 'account' as const, ref: 'acc-policy-alice' };
    assert.equal((await problemOf(privacy.guard.require(alice, 'location-services'))).problem, 'consent-required');
    await privacy.guard.require(alice, 'voice'); // unchanged terms: still effective
    const status = (await app.inject({ url: '/api/v1/privacy/policy/status', headers: asCitizen(alice.ref) })).json();
    assert.equal(status.version, 2);
    assert.equal(status.read, false);
    assert.equal(status.accepted, false);
    assert.equal(status.acceptedVersion, 1);
    assert.ok(status.changes.some((c: any) => c.version === 2 && c.major && c.zh.includes('掌纹信息')));
    assert.deepEqual(status.reconsent, ['location-services']);

    await app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: asCitizen(alice.ref), payload: { purposeId: 'policy-acceptance' } });
    await app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: asCitizen(alice.ref), payload: { purposeId: 'location-services', separate: true } });
    await privacy.guard.require(alice, 'location-services');
    const after = (await app.inject({ url: '/api/v1/privacy/policy/status', headers: asCitizen(alice.ref) })).json();
    assert.equal(after.read, true);
    assert.deepEqual(after.reconsent, []);
  });

  it('PP-0.1 a device that never agreed has no accepted version (the app shows the first-use sheet)', async () => {
    const s = (await app.inject({ url: '/api/v1/privacy/policy/status', headers: { 'x-device-id': 'dev-policy-0000000001' } })).json();
    assert.equal(s.acceptedVersion, null);
    assert.equal(s.accepted, false);
    await app.inject({ method: 'POST', url: '/api/v1/privacy/device-consents', headers: { 'x-device-id': 'dev-policy-0000000001' }, payload: { purposeId: 'policy-acceptance' } });
    const s2 = (await app.inject({ url: '/api/v1/privacy/policy/status', headers: { 'x-device-id': 'dev-policy-0000000001' } })).json();
    assert.equal(s2.accepted, true);
    assert.equal(s2.read, true);
  });

  it('LAW-3 a consent and a withdrawal each have a signed receipt that verifies, and a tampered receipt fails', async () => {
    const bob = 'acc-receipt-bob';
    const grant = (await app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: asCitizen(bob), payload: { purposeId: 'voice' } })).json();
    const withdraw = (await app.inject({ method: 'DELETE', url: '/api/v1/privacy/consents/voice', headers: asCitizen(bob) })).json();
    for (const [rec, action] of [[grant, 'grant'], [withdraw, 'withdraw']] as const) {
      const r = await app.inject({ url: `/api/v1/privacy/consents/${rec.id}/receipt`, headers: asCitizen(bob) });
      assert.equal(r.statusCode, 200);
      const { receipt } = r.json();
      const v = (await app.inject({ method: 'POST', url: '/api/v1/privacy/receipts/verify', headers: officer, payload: { receipt } })).json();
      assert.equal(v.valid, true);
      assert.equal(v.matchesRecord, true);
      assert.equal(v.claims.action, action);
      assert.equal(v.claims.purpose.id, 'voice');
      assert.deepEqual(v.claims.elements, ['voice']);
      assert.equal(v.claims.policy.version, 2);
      assert.match(v.claims.policy.contentHash, /^[0-9a-f]{64}$/);
      // tamper with the payload: the signature no longer matches
      const [h, p, s] = receipt.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      claims.action = action === 'grant' ? 'withdraw' : 'grant';
      const forged = [h, Buffer.from(JSON.stringify(claims)).toString('base64url'), s].join('.');
      const bad = (await app.inject({ method: 'POST', url: '/api/v1/privacy/receipts/verify', headers: officer, payload: { receipt: forged } })).json();
      assert.equal(bad.valid, false);
    }
    // someone else's record: not found
    assert.equal((await app.inject({ url: `/api/v1/privacy/consents/${grant.id}/receipt`, headers: asCitizen('acc-other') })).statusCode, 404);
  });

  it('LAW-2 a consent given by a guardian is recorded with method guardian and its receipt says so', async () => {
    const child = 'acc-child-1';
    // PP-5.1: nobody records a guardian consent about themselves through the self-service route …
    const self = await app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: asCitizen(child), payload: { purposeId: 'search-history', method: 'guardian' } });
    assert.equal(self.statusCode, 400);
    // … it comes from the guardian link (realname's ward routes call the consent service with method 'guardian')
    const rec = await privacy.consents.grant({ kind: 'account', ref: child }, 'search-history', { method: 'guardian' });
    assert.equal(rec.method, 'guardian');
    const { receipt } = (await app.inject({ url: `/api/v1/privacy/consents/${rec.id}/receipt`, headers: asCitizen(child) })).json();
    const v = await privacy.receipts.verify(receipt);
    assert.ok(v.valid && v.claims.method === 'guardian');
  });

  it('PP-4.4 consent statistics count subjects per purpose and version, without identifying anyone', async () => {
    const res = await app.inject({ url: '/api/v1/privacy/consent-stats', headers: officer });
    assert.equal(res.statusCode, 200);
    const items = res.json().items as any[];
    assert.ok(items.some((i) => i.purposeId === 'location-services' && i.policyVersion === 2 && i.granted && i.count === 1));
    assert.ok(items.some((i) => i.purposeId === 'voice' && !i.granted && i.count >= 1));
    assert.ok(!JSON.stringify(items).includes('acc-'));
  });

  it('PP-6.1 a major change is announced to every account by in-app message (and SMS/email where the directory gives an address), fanned out by ids', async () => {
    const batches: any[] = [];
    const enqueued: any[] = [];
    const fakeJobs = { send: async (name: string, data: any) => (assertIdsOnly(name, data), batches.push({ name, data }), 'j') } as any;
    const notifications = { enqueue: async (_tx: unknown, input: any) => (enqueued.push(input), 'o') } as any;
    const contacts = { lookup: async (ids: string[]) => new Map(ids.filter((i) => i === 'acc-policy-alice').map((i) => [i, { mobile: '13800000000' }])) };
    const [fan, batch] = announceJobs({ database: ctx.database, jobs: fakeJobs, notifications, contacts });
    await fan!.handler({ versionId: 2 }, { jobId: 'j', retryCount: 0 });
    assert.equal(batches.length, 1);
    assert.ok(batches[0].data.accountIds.includes('acc-policy-alice'));
    assert.ok(batches[0].data.accountIds.every((id: string) => !id.includes('dev-')));
    await batch!.handler(batches[0].data, { jobId: 'j', retryCount: 0 });
    const forAlice = enqueued.filter((e) => e.recipient.ref === 'acc-policy-alice');
    assert.deepEqual(forAlice.map((e) => e.channel).sort(), ['inapp', 'sms']);
    assert.ok(enqueued.every((e) => e.template === POLICY_TEMPLATE));
  });
});

describeEachDatabase('policy publishing on the composed platform', (ctx) => {
  it('PP-6.1 publishing a major change on the real platform is audited and queues the announcement; the fan-out puts an in-app message in the outbox', async () => {
    const { testPlatform } = await import('../support/platform.ts');
    const p = await testPlatform(ctx.database, { authenticator: testAuthenticator });
    try {
      const officer = asStaff('st-publisher', ['privacy.policy']);
      await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: asCitizen('00000000-0000-4000-8000-0000000000a1'), payload: { purposeId: 'policy-acceptance' } });
      assert.equal((await p.app.inject({ method: 'PUT', url: '/api/v1/privacy/policy/draft', headers: officer, payload: { declaredPurposes: ['location-services'] } })).statusCode, 200);
      const pv = (await p.app.inject({ url: '/api/v1/privacy/policy/draft/preview', headers: officer })).json();
      const res = await p.app.inject({ method: 'POST', url: '/api/v1/privacy/policy/publish', headers: officer, payload: { basedOn: pv.basedOn, inventoryHash: pv.inventoryHash, contentHash: pv.contentHash, classification: pv.classification } });
      assert.equal(res.statusCode, 201, res.body);
      const audit = await ctx.database.db.selectFrom('audit_records').select(['action', 'actor_ref']).where('action', '=', 'privacy.publish-policy').execute();
      assert.deepEqual(audit.map((a) => a.actor_ref), ['st-publisher']);
      // run the fan-out by hand (the test platform does not work jobs)
      const batches: any[] = [];
      const [fan, batch] = announceJobs({
        database: ctx.database,
        jobs: { send: async (name: string, data: any) => (assertIdsOnly(name, data), batches.push(data), 'j') } as any,
        notifications: undefined,
      });
      await fan!.handler({ versionId: res.json().version }, { jobId: 'j', retryCount: 0 });
      assert.deepEqual(batches[0].accountIds, ['00000000-0000-4000-8000-0000000000a1']);
      const real = p.jobs.registry.get('privacy.announce-policy-batch')!;
      await real.handler(batches[0], { jobId: 'j', retryCount: 0 });
      const outbox = await ctx.database.db.selectFrom('notification_outbox').select(['channel', 'template', 'recipient_ref']).where('template', '=', POLICY_TEMPLATE).execute();
      assert.deepEqual(outbox.map((o) => [o.channel, o.recipient_ref]), [['inapp', '00000000-0000-4000-8000-0000000000a1']]);
      void batch;
    } finally {
      await p.close();
    }
  });
});
