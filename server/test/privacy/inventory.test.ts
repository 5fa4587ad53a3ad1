import assert from 'node:assert/strict';
import { it } from 'node:test';
import { UNDECLARED_STORAGE, ELEMENTS, ELEMENT_IDS, elementById } from '../../src/modules/privacy/inventory/elements.ts';
import { PURPOSES, isConsentBased, purposeById } from '../../src/modules/privacy/inventory/purposes.ts';
import { EXTERNAL_PROVIDERS, SDKS, SHARING_CATEGORIES } from '../../src/modules/privacy/inventory/recipients.ts';

const unique = (xs: string[]) => new Set(xs).size === xs.length;

it('element and purpose ids are unique and every purpose uses only elements of the inventory', () => {
  assert.ok(unique(ELEMENTS.map((e) => e.id)));
  assert.ok(unique(PURPOSES.map((p) => p.id)));
  assert.deepEqual([...UNDECLARED_STORAGE], [], 'modules store elements that no element declares');
  for (const p of PURPOSES) for (const e of p.elements) assert.ok(ELEMENT_IDS.has(e), `${p.id} uses unknown element ${e}`);
});

it('PP-1.2 registration collects account name, mobile number and password — and nothing more', () => {
  assert.deepEqual([...purposeById('registration')!.elements].sort(), ['account-name', 'mobile', 'password']);
});

it('LAW-1 face, ID number, bank card, precise location and financial accounts are sensitive', () => {
  for (const id of ['face', 'id-number', 'bank-card-number', 'bank-reserved-mobile', 'precise-location', 'social-security-account', 'housing-fund-account', 'password']) {
    assert.equal(elementById(id)?.sensitive, true, id);
  }
  assert.equal(elementById('ecard-number')?.sensitive, false, 'PP-1.16 calls card number and validity non-sensitive');
});

it('LAW-1 a consent-based purpose that touches sensitive PI rests on separate consent', () => {
  for (const p of PURPOSES.filter(isConsentBased)) {
    const sensitive = p.elements.filter((e) => elementById(e)!.sensitive);
    if (sensitive.length) assert.equal(p.legalBasis, 'separate-consent', `${p.id} touches ${sensitive.join(', ')}`);
  }
});

it('LAW-3 every purpose names its legal basis, and one that is not consent says why', () => {
  for (const p of PURPOSES) {
    assert.ok(['consent', 'separate-consent', 'statutory-duty', 'contract', 'legal-obligation'].includes(p.legalBasis));
    if (!isConsentBased(p)) assert.ok(p.basisNote, `${p.id} needs a basisNote`);
  }
});

it('PP-1.9 PP-1.12 PP-1.13 PP-1.14 refusing an optional, consent-based purpose only switches off that feature', () => {
  for (const p of PURPOSES.filter(isConsentBased)) assert.equal(p.refusalDegradesOnly, true, p.id);
  for (const [id, perm] of [['location-services', 'location'], ['photo-camera', 'camera'], ['voice', 'microphone'], ['phone-call', 'phone']] as const) {
    assert.ok(purposeById(id)!.devicePermissions.includes(perm), `${id} asks for ${perm}`);
  }
});

it('PP-1.5 PP-1.6 real-name verification collects exactly the policy\u2019s fields', () => {
  for (const e of ['face', 'real-name', 'id-number']) assert.ok(purposeById('real-name-face')!.elements.includes(e));
  for (const e of ['real-name', 'id-number', 'bank-card-number', 'bank-reserved-mobile']) assert.ok(purposeById('real-name-bank-card')!.elements.includes(e));
  assert.ok(!purposeById('real-name-bank-card')!.elements.includes('face'));
});

// The policy's 二(一) field lists, as element ids (PP-2.3).
const POLICY_SHARING: Record<string, string[]> = {
  政务办事类: ['real-name', 'id-number', 'mobile', 'face', 'social-security-account', 'housing-fund-account', 'precise-location'],
  社会保障类: ['real-name', 'id-number'],
  医疗健康类: ['real-name', 'id-number'],
  警务类: ['real-name', 'id-number', 'mobile', 'home-address'],
  缴费类: ['real-name', 'id-number', 'mobile', 'bill-details', 'payment-records'],
  交通出行类: ['mobile', 'precise-location', 'real-name', 'id-number', 'id-type', 'real-name-status'],
  公共类: ['real-name', 'mobile', 'id-number', 'precise-location', 'face', 'bank-card-number', 'household-registration'],
  文体教育类: ['mobile', 'real-name', 'id-number'],
  政务互动类: ['mobile', 'real-name', 'id-number', 'precise-location'],
  旅游类: ['real-name', 'mobile', 'id-number'],
  住房保障类: ['real-name', 'id-number'],
};

it('PP-2.3 the 11 sharing categories share exactly the fields the policy lists', () => {
  assert.equal(SHARING_CATEGORIES.length, 11);
  assert.deepEqual(SHARING_CATEGORIES.map((c) => c.nameZh).sort(), Object.keys(POLICY_SHARING).sort());
  for (const c of SHARING_CATEGORIES) {
    assert.deepEqual([...c.fields].sort(), [...POLICY_SHARING[c.nameZh]!].sort(), c.nameZh);
    assert.ok(unique(c.fields), `${c.nameZh} lists a field twice`);
    assert.ok(c.recipientsZh.length > 0 && c.servicesZh.length > 0, `${c.nameZh} names recipients and services`);
  }
});

it('PP-2.1 each sharing category shares only elements its purpose declares', () => {
  for (const c of SHARING_CATEGORIES) {
    const p = purposeById(c.purposeId);
    assert.ok(p, `${c.id} → unknown purpose ${c.purposeId}`);
    for (const f of c.fields) assert.ok(p.elements.includes(f), `${c.nameZh}: ${f} not declared by ${p.id}`);
  }
});

it('PP-1.20 the 21 SDKs are declared with vendor, permissions, PI and purpose', () => {
  assert.equal(SDKS.length, 21);
  assert.deepEqual(SDKS.map((s) => s.no), Array.from({ length: 21 }, (_, i) => i + 1));
  for (const s of SDKS) assert.ok(s.vendorZh && s.purposeZh && Array.isArray(s.permissionsZh) && Array.isArray(s.personalInfoZh), s.nameZh);
  assert.deepEqual(SDKS.find((s) => s.nameZh === '微信分享SDK')!.personalInfoZh, [], 'the policy says 未收集任何个人信息');
});

it('PP-1.20 the platform\u2019s own external providers send only elements their purpose declares', () => {
  for (const id of ['sms-gateway', 'face-liveness', 'id-check', 'bank-card-check', 'smtp']) assert.ok(EXTERNAL_PROVIDERS.some((p) => p.id === id), id);
  for (const p of EXTERNAL_PROVIDERS) {
    const purpose = purposeById(p.purposeId)!;
    for (const e of p.elements) assert.ok(purpose.elements.includes(e), `${p.id}: ${e} not declared by ${purpose.id}`);
  }
});

it('every element states its retention and protection, and one stored nowhere yet says where it will be', () => {
  for (const e of ELEMENTS) {
    assert.ok(e.retention && e.protection, e.id);
    if (e.storage.length === 0) assert.ok(e.plannedStorage, `${e.id} needs plannedStorage`);
    for (const s of e.storage) assert.match(s, /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/);
  }
});

it('PP-1.4 every element the inventory names is processed by at least one declared purpose', () => {
  const used = new Set(PURPOSES.flatMap((p) => p.elements));
  assert.deepEqual(ELEMENTS.map((e) => e.id).filter((id) => !used.has(id)), []);
});

it('PP-2.3 the sharing declarations handed to the sharing ledger are exactly the 11 categories\u2019 fields', async () => {
  const { sharingDeclarations } = await import('../../src/modules/privacy/lists.ts');
  const d = sharingDeclarations();
  assert.equal(d.size, 11);
  assert.deepEqual(d.get('policing'), { purposeIds: ['government-services'], elements: ['real-name', 'id-number', 'mobile', 'home-address'], jurisdiction: 'CN' });
});
