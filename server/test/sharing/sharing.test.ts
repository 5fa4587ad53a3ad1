import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import type { Kysely } from 'kysely';
import type { Tables } from '../../src/platform/db/tables.ts';
import { describeEachDatabase } from '../support/db.ts';
import { AuditService, verify } from '../../src/modules/audit/index.ts';
import { SharingService, STATUTORY_GROUNDS, type AuthorisationGuard, type InboundDeclaration, type RecipientDeclaration } from '../../src/modules/sharing/index.ts';
import { AppError, problemSpec } from '../../src/platform/http/problem.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { PRIVACY_PROBLEMS } from '../../src/modules/privacy/index.ts';

const declared = new Map<string, RecipientDeclaration>([
  ['social-security-bureau', { purposeIds: ['social-security-card'], elements: ['name', 'id_number'], jurisdiction: 'CN' }],
  ['public-security-bureau', { purposeIds: ['oversize-permit', 'criminal-investigation'], elements: ['name', 'id_number', 'mobile', 'home_address'], jurisdiction: 'CN' }],
  // PP-3.3: a recipient outside the PRC mainland (none is declared in the live inventory; this one exists for the test)
  ['overseas-travel-insurer', { purposeIds: ['travel-insurance'], elements: ['name', 'mobile'], jurisdiction: 'SG', nameZh: '某境外旅行保险公司', rightsContactZh: '电子邮件 privacy@insurer.example' }],
]);

const inbound = new Map<string, InboundDeclaration>([
  ['card-issuer', { elements: ['ecard-number', 'ecard-validity'], purposeId: 'ecard-reminders', authorisationPurposeId: 'ecard-fetch-test', jurisdiction: 'CN' }],
]);

/** A stand-in for the purpose guard: the latest consent record of the account for 'ecard-fetch-test' (a purpose only
 * this test uses, so it is not in the inventory the real guard reads). */
function fakeGuard(db: () => Kysely<Tables>): AuthorisationGuard {
  return {
    async require(subject, purposeId) {
      const rec = await db().selectFrom('consent_records').select(['id', 'granted']).where('subject_ref', '=', subject.ref).where('purpose_id', '=', purposeId)
        .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      if (purposeId === 'ecard-fetch-test' && rec?.granted) return { consent: { id: Number(rec.id) } };
      throw new AppError(PRIVACY_PROBLEMS.consentRequired);
    },
  };
}

describeEachDatabase('sharing ledger', (ctx) => {
  let audit: AuditService;
  let sharing: SharingService;
  const clock = new FixedClock('2026-11-27T10:00:00+08:00');
  before(() => {
    const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    audit = new AuditService({ pseudonymKey: randomBytes(32), signingKey, clock });
    sharing = new SharingService({ declared, inbound, audit, clock, guard: fakeGuard(() => ctx.database.db) });
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

  it('PP-3.3: a recipient declared without a jurisdiction, or abroad without the details its consent notice needs, is refused at start', () => {
    assert.throws(() => new SharingService({ declared: new Map([['x', { purposeIds: ['p'], elements: ['name'] } as unknown as RecipientDeclaration]]), audit }), /jurisdiction/);
    assert.throws(() => new SharingService({ declared: new Map([['x', { purposeIds: ['p'], elements: ['name'], jurisdiction: 'US' }]]), audit }), /art\. 39/);
  });

  const abroad = (subject: string, elements = ['name']) =>
    ctx.database.db.transaction().execute((tx) =>
      sharing.provide(tx, { recipientId: 'overseas-travel-insurer', purposeId: 'travel-insurance', subjectId: subject, elements, data: { name: '张三', mobile: '13800138000' }, basis: 'consent' }),
    );
  const crossBorder = (subject: string, granted: boolean, elements = ['name']) =>
    ctx.database.db.transaction().execute((tx) =>
      sharing.recordCrossBorderConsent(tx, { subjectId: subject, recipientId: 'overseas-travel-insurer', purposeId: 'travel-insurance', elements, granted }),
    );
  const refusedCrossBorder = (e: unknown) => e instanceof AppError && e.problem === 'cross-border-consent-required' && e.status === 403;

  it('PP-3.3: a provision to a recipient outside the PRC without the subject\'s separate cross-border consent is refused, and nothing is recorded', async () => {
    const subject = randomUUID();
    await assert.rejects(abroad(subject), refusedCrossBorder);
    // a statutory basis does not replace it: the policy promises prior consent for any cross-border transfer
    await assert.rejects(
      ctx.database.db.transaction().execute((tx) =>
        sharing.provide(tx, { recipientId: 'overseas-travel-insurer', purposeId: 'travel-insurance', subjectId: subject, elements: ['name'], data: { name: '张三' }, basis: 'contract' }),
      ),
      refusedCrossBorder,
    );
    assert.deepEqual(await sharing.provisionsOf(ctx.database.db, subject), []);
    assert.equal(problemSpec('cross-border-consent-required')?.status, 403);
  });

  it('PP-3.3: with the separate consent (recipient, jurisdiction, purpose, elements, how to exercise rights) the provision is made and recorded with its jurisdiction and the consent; a withdrawal stops the next', async () => {
    const subject = randomUUID();
    const consent = await crossBorder(subject, true);
    for (const part of ['某境外旅行保险公司', 'SG', 'travel-insurance', 'name', 'privacy@insurer.example', '撤回']) assert.ok(consent.notice_zh.includes(part), part);
    const out = await abroad(subject);
    assert.deepEqual(out.data, { name: '张三' });
    const [row] = await sharing.provisionsOf(ctx.database.db, subject);
    assert.equal(row?.direction, 'outbound');
    assert.equal(row?.jurisdiction, 'SG');
    assert.equal(row?.authorisation_ref, `cross-border:${consent.id}`);
    // consent covers these elements only: one more is a new transfer and needs its own consent
    await assert.rejects(abroad(subject, ['name', 'mobile']), refusedCrossBorder);
    await crossBorder(subject, false);
    await assert.rejects(abroad(subject), refusedCrossBorder);
    assert.equal((await sharing.provisionsOf(ctx.database.db, subject)).length, 1);
    const audits = await ctx.database.db.selectFrom('audit_records').select('action').where('subject_pseudonym', '=', audit.subjectPseudonym(subject)).orderBy('occurred_at').execute();
    assert.deepEqual(audits.map((a) => a.action).filter((a) => a.startsWith('sharing.cross-border')), ['sharing.cross-border-consent', 'sharing.cross-border-withdraw']);
  });

  it('PP-3.3: a provision inside the PRC records CN and needs no cross-border consent', async () => {
    const subject = randomUUID();
    await ctx.database.db.transaction().execute((tx) =>
      sharing.provide(tx, { recipientId: 'social-security-bureau', purposeId: 'social-security-card', subjectId: subject, elements: ['name'], data: { name: 'x' }, basis: 'statutory-duty' }),
    );
    const [row] = await sharing.provisionsOf(ctx.database.db, subject);
    assert.equal(row?.jurisdiction, 'CN');
    assert.equal(row?.authorisation_ref, null);
  });

  const receive = async (subject: string, data: Record<string, unknown>, sourceId = 'card-issuer') => {
    const authorisation = await sharing.assertAuthorised(sourceId, subject); // before the partner is asked
    return ctx.database.db.transaction().execute(async (tx) => {
      const r = await sharing.receive(tx, { authorisation, data });
      await tx.insertInto('platform_settings' as any).values({ key: `test-received-${subject}`, value: JSON.stringify(r.data), updated_at: new Date() } as any).execute();
      return r;
    });
  };
  const consentRecord = async (subject: string, granted: boolean) =>
    Number((await ctx.database.db.insertInto('consent_records').values({ subject_kind: 'account', subject_ref: subject, purpose_id: 'ecard-fetch-test', policy_version: 1, granted, method: 'tap', created_at: new Date() })
      .returning('id').executeTakeFirstOrThrow()).id);
  const stored = async (subject: string) => !!(await ctx.database.db.selectFrom('platform_settings' as any).select('key').where('key', '=', `test-received-${subject}`).executeTakeFirst());
  const CARD = { 'ecard-number': 'A12345678', 'ecard-validity': { from: '2024-01-01', until: '2034-01-01' } };

  it('PP-1.17: PI from a partner is refused without the citizen\'s authorisation to that partner, and nothing is stored or recorded', async () => {
    const subject = randomUUID();
    await assert.rejects(receive(subject, CARD), (e: unknown) => e instanceof AppError && e.problem === 'source-authorisation-required' && e.status === 403);
    await assert.rejects(sharing.assertAuthorised('card-issuer', subject), (e: unknown) => e instanceof AppError && e.problem === 'source-authorisation-required');
    await assert.rejects(receive(subject, CARD, 'an-undeclared-partner'), (e: unknown) => e instanceof AppError && e.problem === 'inbound-source-not-declared');
    assert.equal(await stored(subject), false);
    assert.deepEqual(await sharing.provisionsOf(ctx.database.db, subject), []);
  });

  it('PP-1.17: with the authorisation, a receipt is recorded in the ledger as inbound, with the authorisation it rested on, in the transaction that stores the data', async () => {
    const subject = randomUUID();
    const consentId = await consentRecord(subject, true);
    const r = await receive(subject, CARD);
    assert.deepEqual(r.data, CARD);
    assert.equal(await stored(subject), true);
    const [row] = await sharing.provisionsOf(ctx.database.db, subject);
    assert.equal(row?.direction, 'inbound');
    assert.equal(row?.recipient_id, 'card-issuer');
    assert.equal(row?.purpose_id, 'ecard-reminders');
    assert.equal(row?.legal_basis, 'consent');
    assert.equal(row?.authorisation_ref, `consent:${consentId}`);
    assert.equal(row?.jurisdiction, 'CN');
    assert.deepEqual(row?.elements, ['ecard-number', 'ecard-validity']);
    assert.ok(!JSON.stringify(row).includes('A12345678'), 'the ledger holds no values');
    const rec = await ctx.database.db.selectFrom('audit_records').selectAll().where('id', '=', row!.audit_record_id).executeTakeFirstOrThrow();
    assert.equal(rec.action, 'sharing.receive');
    // the caller's transaction fails after the receipt: the ledger row goes with it
    const other = randomUUID();
    await consentRecord(other, true);
    const authorisation = await sharing.assertAuthorised('card-issuer', other);
    await assert.rejects(ctx.database.db.transaction().execute(async (tx) => {
      await sharing.receive(tx, { authorisation, data: CARD });
      throw new Error('storing failed');
    }), /storing failed/);
    assert.deepEqual(await sharing.provisionsOf(ctx.database.db, other), []);
  });

  it('PP-1.17: a partner sending more than its declared elements is refused and nothing is stored; withdrawing the authorisation stops further receipt', async () => {
    const subject = randomUUID();
    await consentRecord(subject, true);
    await assert.rejects(receive(subject, { ...CARD, 'real-name': '张三', 'id-number': '32060219900101123X' }), (e: unknown) =>
      e instanceof AppError && e.problem === 'inbound-source-not-declared' && JSON.stringify(e.extensions.elements) === JSON.stringify(['real-name', 'id-number']));
    assert.equal(await stored(subject), false);
    assert.deepEqual(await sharing.provisionsOf(ctx.database.db, subject), []);
    // withdrawn after the check but before the data arrives: the receipt, re-checked in its transaction, is refused
    const authorisation = await sharing.assertAuthorised('card-issuer', subject);
    await consentRecord(subject, false); // the citizen withdrew the authorisation
    await assert.rejects(ctx.database.db.transaction().execute((tx) => sharing.receive(tx, { authorisation, data: CARD })),
      (e: unknown) => e instanceof AppError && e.problem === 'source-authorisation-required');
    await assert.rejects(receive(subject, CARD), (e: unknown) => e instanceof AppError && e.problem === 'source-authorisation-required');
    assert.deepEqual(await sharing.provisionsOf(ctx.database.db, subject), []);
  });
});
