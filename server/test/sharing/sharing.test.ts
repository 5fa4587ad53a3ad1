import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import { AuditService, verify } from '../../src/modules/audit/index.ts';
import { SharingService, STATUTORY_GROUNDS, type RecipientDeclaration } from '../../src/modules/sharing/index.ts';
import { AppError, problemSpec } from '../../src/platform/http/problem.ts';
import { FixedClock } from '../../src/platform/clock.ts';

const declared = new Map<string, RecipientDeclaration>([
  ['social-security-bureau', { purposeIds: ['social-security-card'], elements: ['name', 'id_number'] }],
  ['public-security-bureau', { purposeIds: ['oversize-permit', 'criminal-investigation'], elements: ['name', 'id_number', 'mobile', 'home_address'] }],
]);

describeEachDatabase('sharing ledger', (ctx) => {
  let audit: AuditService;
  let sharing: SharingService;
  const clock = new FixedClock('2026-11-27T10:00:00+08:00');
  before(() => {
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    audit = new AuditService({ pseudonymKey: randomBytes(32), signingKey, clock });
    sharing = new SharingService({ declared, audit, clock });
  });

  it('LAW-4 each provision records date, recipient, purpose, basis, elements — and its audit record, in the same transaction', async () => {
    const subject = randomUUID();
    const out = await ctx.database.db.transaction().execute((tx) =>
      sharing.provide(tx, {
        recipientId: 'social-security-bureau',
        purposeId: 'social-security-card',
        subjectId: subject,
        elements: ['name', 'id_number'],
        data: { name: '张三', id_number: '11010519491231002X', mobile: '13800138000' },
        basis: 'consent',
        actor: { kind: 'citizen', ref: subject },
      }),
    );
    assert.deepEqual(out.data, { name: '张三', id_number: '11010519491231002X' }, 'only the requested, declared fields leave');
    const [row] = await sharing.provisionsOf(ctx.database.db, subject);
    assert.ok(row);
    assert.equal(row.provided_at.toISOString(), '2026-11-27T02:00:00.000Z');
    assert.equal(row.recipient_id, 'social-security-bureau');
    assert.equal(row.purpose_id, 'social-security-card');
    assert.equal(row.legal_basis, 'consent');
    assert.deepEqual(row.elements, ['name', 'id_number']);
    assert.equal(row.subject_count, 1);
    assert.equal(row.subject_account_id, subject);
    assert.equal(row.statutory_ground, null);
    assert.ok(!JSON.stringify(row).includes('张三') && !JSON.stringify(row).includes('11010519491231002X'), 'the ledger holds no values');
    const rec = await ctx.database.db.selectFrom('audit_records').selectAll().where('id', '=', out.auditRecordId).executeTakeFirstOrThrow();
    assert.equal(rec.action, 'sharing.provide');
    assert.deepEqual(rec.elements, ['name', 'id_number']);
    assert.equal(rec.details.provisionId, out.provisionId);
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('PP-2.3 PP-2.5 a field, a recipient or a purpose outside the declarations is refused, and nothing is recorded', async () => {
    const subject = randomUUID();
    const attempt = (over: Partial<Parameters<SharingService['provide']>[1]>) =>
      ctx.database.db.transaction().execute((tx) =>
        sharing.provide(tx, {
          recipientId: 'social-security-bureau',
          purposeId: 'social-security-card',
          subjectId: subject,
          elements: ['name'],
          data: { name: '张三', mobile: '13800138000' },
          basis: 'consent',
          ...over,
        }),
      );
    for (const over of [{ elements: ['name', 'mobile'] }, { recipientId: 'an-undeclared-company' }, { purposeId: 'marketing' }]) {
      await assert.rejects(attempt(over), (e: unknown) => e instanceof AppError && e.problem === 'sharing-not-declared' && e.status === 403);
    }
    assert.equal(problemSpec('sharing-not-declared')?.status, 403);
    assert.deepEqual(await sharing.provisionsOf(ctx.database.db, subject), []);
  });

  it('PP-2.7 a statutory exception is recorded with its ground, and one without a ground is refused', async () => {
    assert.equal(STATUTORY_GROUNDS.length, 8);
    const subject = randomUUID();
    await ctx.database.db.transaction().execute((tx) =>
      sharing.provide(tx, {
        recipientId: 'public-security-bureau',
        purposeId: 'criminal-investigation',
        subjectId: subject,
        elements: ['name', 'id_number', 'home_address'],
        data: { name: '李四', id_number: '440524188001010014', home_address: '崇川区' },
        basis: 'statutory-exception',
        ground: 'criminal-investigation',
        actor: { kind: 'staff', ref: 'staff-7' },
      }),
    );
    const [row] = await sharing.provisionsOf(ctx.database.db, subject);
    assert.equal(row?.legal_basis, 'statutory-exception');
    assert.equal(row?.statutory_ground, 'criminal-investigation');
    const rec = await ctx.database.db.selectFrom('audit_records').selectAll().where('id', '=', row!.audit_record_id).executeTakeFirstOrThrow();
    assert.equal(rec.details.statutoryGround, 'criminal-investigation');
    await assert.rejects(
      ctx.database.db.transaction().execute((tx) =>
        sharing.provide(tx, { recipientId: 'public-security-bureau', purposeId: 'criminal-investigation', subjectId: subject, elements: ['name'], data: { name: '李四' }, basis: 'statutory-exception' }),
      ),
      (e: unknown) => e instanceof AppError && e.problem === 'sharing-ground-required',
    );
  });

  it('PP-2.8 a de-identified provision records the method used', async () => {
    const subject = randomUUID();
    await ctx.database.db.transaction().execute((tx) =>
      sharing.provide(tx, {
        recipientId: 'social-security-bureau',
        purposeId: 'social-security-card',
        subjectId: subject,
        elements: ['name'],
        data: { name: '王*' },
        basis: 'statutory-duty',
        deidentificationMethod: 'name masked to surname; id number removed',
      }),
    );
    const [row] = await sharing.provisionsOf(ctx.database.db, subject);
    assert.equal(row?.deidentification_method, 'name masked to surname; id number removed');
  });

  it('stores no raw subject id when the subject id is not an internal account uuid', async () => {
    await ctx.database.db.transaction().execute((tx) =>
      sharing.provide(tx, { recipientId: 'social-security-bureau', purposeId: 'social-security-card', subjectId: 'legacy-42', elements: ['name'], data: { name: 'x' }, basis: 'consent' }),
    );
    const [row] = await sharing.provisionsOf(ctx.database.db, 'legacy-42');
    assert.equal(row?.subject_account_id, null);
    assert.match(row!.subject_pseudonym!, /^[0-9a-f]{64}$/);
  });
});
