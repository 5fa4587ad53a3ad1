// PP-3.3 (PI stored inside the PRC; cross-border only with prior consent) and PP-1.17 (PI from partners only with the
// citizen's authorisation to them): the inventory declarations these rest on.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { STORAGE_LOCATIONS, residencyProblems } from '../../src/modules/privacy/inventory/jurisdiction.ts';
import { EXTERNAL_PROVIDERS, SHARING_CATEGORIES } from '../../src/modules/privacy/inventory/recipients.ts';
import { INBOUND_SOURCES } from '../../src/modules/privacy/inventory/inbound.ts';
import { isConsentBased, purposeById } from '../../src/modules/privacy/inventory/purposes.ts';
import { elementById } from '../../src/modules/privacy/inventory/elements.ts';
import { sharingDeclarations, inboundDeclarations } from '../../src/modules/privacy/index.ts';

it('PP-3.3: every storage location of personal information is inside the PRC mainland', () => {
  assert.ok(STORAGE_LOCATIONS.length >= 3);
  const abroad = STORAGE_LOCATIONS.filter((l) => l.jurisdiction !== 'CN');
  assert.deepEqual(abroad.map((l) => `${l.id}: ${l.jurisdiction}`), [], 'PI is stored in China (policy 三(三)); a location abroad is a policy change, not a config change');
});

it('PP-3.3: every sharing recipient, external provider and inbound source declares a jurisdiction, and the sharing service gets it', () => {
  for (const c of SHARING_CATEGORIES) assert.match(c.jurisdiction, /^[A-Z]{2}$/, c.id);
  for (const p of EXTERNAL_PROVIDERS) assert.match(p.jurisdiction, /^[A-Z]{2}$/, p.id);
  for (const s of INBOUND_SOURCES) assert.match(s.jurisdiction, /^[A-Z]{2}$/, s.id);
  for (const [id, d] of sharingDeclarations()) assert.equal(d.jurisdiction, SHARING_CATEGORIES.find((c) => c.id === id)!.jurisdiction);
});

it('PP-3.3: production refuses to start unless DATA_REGION (and SMTP_REGION with mail) is declared as the PRC mainland', () => {
  assert.deepEqual(residencyProblems({ NODE_ENV: 'test' }), [], 'development and tests run where they run');
  assert.equal(residencyProblems({ NODE_ENV: 'production' }).length, 1, 'undeclared');
  assert.deepEqual(residencyProblems({ NODE_ENV: 'production', DATA_REGION: 'CN' }), []);
  assert.deepEqual(residencyProblems({ NODE_ENV: 'production', DATA_REGION: 'cn' }), []);
  for (const abroad of ['HK', 'SG', 'US', 'TW']) assert.match(residencyProblems({ NODE_ENV: 'production', DATA_REGION: abroad })[0]!, /outside the PRC/);
  assert.match(residencyProblems({ NODE_ENV: 'production', DATA_REGION: 'CN', SMTP_URL: 'smtp://mail.example' })[0]!, /SMTP_REGION is not declared/);
  assert.match(residencyProblems({ NODE_ENV: 'production', DATA_REGION: 'CN', SMTP_URL: 'smtp://mail.example', SMTP_REGION: 'SG' })[0]!, /outside the PRC/);
  assert.deepEqual(residencyProblems({ NODE_ENV: 'production', DATA_REGION: 'CN', SMTP_URL: 'smtp://mail.example', SMTP_REGION: 'CN' }), []);
});

it('PP-1.17: every inbound source declares what it sends, why, and a consent-based authorisation the citizen gives to it', () => {
  assert.ok(INBOUND_SOURCES.length > 0);
  const ids = new Set<string>();
  for (const s of INBOUND_SOURCES) {
    assert.ok(!ids.has(s.id), `duplicate ${s.id}`);
    ids.add(s.id);
    for (const e of s.elements) assert.ok(elementById(e), `${s.id}: unknown element ${e}`);
    const use = purposeById(s.purposeId);
    assert.ok(use, `${s.id}: unknown purpose ${s.purposeId}`);
    for (const e of s.elements) assert.ok(use.elements.includes(e), `${s.id}: ${e} is not declared for ${s.purposeId}`);
    const auth = purposeById(s.authorisationPurposeId);
    assert.ok(auth, `${s.id}: its authorisation purpose ${s.authorisationPurposeId} is not in the inventory`);
    assert.ok(isConsentBased(auth), `${s.id}: the authorisation must be a consent the citizen gives (and can withdraw)`);
    assert.ok(auth.clauses.includes('PP-1.17'));
    assert.deepEqual([...s.elements].sort(), [...auth.elements].sort());
  }
  assert.deepEqual([...inboundDeclarations().keys()].sort(), [...ids].sort());
});

it('PP-3.3: the server does not start in production with the data declared outside the PRC (main.ts start)', async () => {
  const { start } = await import('../../src/main.ts');
  const { ConfigError } = await import('../../src/platform/config.ts');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(tmpdir(), 'ntbt-residency-'));
  for (const env of [{ DATA_REGION: 'SG' }, {}, { DATA_REGION: 'CN', SMTP_URL: 'smtp://relay.example', SMTP_REGION: 'US' }]) {
    await assert.rejects(start({ NODE_ENV: 'production', DATA_DIR: dir, ...env }), (e: unknown) =>
      e instanceof ConfigError && e.problems.some((p) => /REGION/.test(p) && /PP-3\.3/.test(p)));
  }
});
