// PP-4.2: an editable field (the mobile) is corrected after step-up through the owning module (identity), and the
// change is audited with old and new value pseudonymised; verified fields point to re-verification in 用户资料.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import { identityPlatform, lastCode, newPerson, register, withSid } from '../identity/support.ts';
import type { TestPlatform } from '../support/platform.ts';
import { auditRepository } from '../../src/modules/audit/index.ts';

describeEachDatabase('rights: correction', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await identityPlatform(ctx.database);
  });
  after(() => p.close());

  it('PP-4.2 the mobile changes after step-up and the change is audited with old/new pseudonymised, never the numbers', async () => {
    const r = await register(p);
    const profile = (await p.app.inject({ method: 'GET', url: '/api/v1/rights/profile', headers: withSid(r.sid) })).json();
    const mobileItem = profile.groups.flatMap((g: any) => g.items).find((i: any) => i.element === 'mobile');
    assert.deepEqual(mobileItem.correction, { via: '/api/v1/identity/mobile' });
    const fresh = newPerson().mobile;
    const ask = await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up/code', headers: withSid(r.sid) });
    p.clock.advance(61_000);
    await p.app.inject({ method: 'POST', url: '/api/v1/identity/step-up', headers: withSid(r.sid), payload: { method: 'sms', challengeId: ask.json().challengeId, code: await lastCode(p, r.mobile) } });
    const c = await p.app.inject({ method: 'POST', url: '/api/v1/identity/mobile/code', headers: withSid(r.sid), payload: { mobile: fresh } });
    const done = await p.app.inject({ method: 'POST', url: '/api/v1/identity/mobile', headers: withSid(r.sid), payload: { mobile: fresh, challengeId: c.json().challengeId, code: await lastCode(p, fresh) } });
    assert.equal(done.statusCode, 200, done.body);
    const audits = await auditRepository.bySubject(p.database.db, p.kernel.audit.subjectPseudonym(r.accountId));
    const change = audits.find((a) => a.action === 'identity.change-mobile')!;
    assert.ok(change, 'audited');
    const d = change.details as { old: string; new: string };
    assert.match(d.old, /^[0-9a-f]{10}$/);
    assert.match(d.new, /^[0-9a-f]{10}$/);
    assert.notEqual(d.old, d.new);
    assert.ok(!JSON.stringify(change.details).includes(fresh) && !JSON.stringify(change.details).includes(r.mobile));
    const after = (await p.app.inject({ method: 'GET', url: '/api/v1/rights/profile', headers: withSid(r.sid) })).json();
    assert.ok(JSON.stringify(after).includes(fresh), '用户资料 shows the corrected value');
  });
});
