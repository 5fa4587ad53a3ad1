import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { AuditService, AUDIT_CHAINS, assertNoPI, linkHash, verify, type AuditRecordRow } from '../../src/modules/audit/index.ts';
import { JobRegistry } from '../../src/platform/jobs.ts';
import type { Database } from '../../src/platform/db/database.ts';

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const newService = () => new AuditService({ pseudonymKey: randomBytes(32), signingKey });

async function writeSome(database: Database, audit: AuditService, n: number, subjectId = randomUUID()) {
  for (let i = 0; i < n; i++) {
    await database.db.transaction().execute((tx) =>
      audit.record(tx, {
        actor: { kind: 'staff', ref: 'staff-1' },
        action: 'accounts.read-profile',
        subjectId,
        elements: ['name', 'mobile'],
        purposeId: 'service-handling',
        legalBasis: 'consent',
        details: { requestId: `r-${i}` },
      }),
    );
  }
  return subjectId;
}

/** What a superuser attacker does: switch the append-only trigger off, change history, switch it on again. */
async function asAttacker(database: Database, fn: () => Promise<unknown>) {
  await sql`alter table audit_records disable trigger user`.execute(database.db);
  try {
    await fn();
  } finally {
    await sql`alter table audit_records enable trigger user`.execute(database.db);
  }
}

async function chainOf(database: Database, subjectPseudonym: string) {
  return database.db.selectFrom('audit_records').selectAll().where('subject_pseudonym', '=', subjectPseudonym).orderBy('seq').execute();
}

describeEachDatabase('audit trail', (ctx) => {
  let audit: AuditService;
  before(() => {
    audit = newService();
  });

  it('records in the caller transaction: a rolled-back operation leaves no audit record', async () => {
    const subject = randomUUID();
    await assert.rejects(
      ctx.database.db.transaction().execute(async (tx) => {
        await audit.record(tx, { actor: { kind: 'citizen', ref: subject }, action: 'accounts.update-profile', subjectId: subject });
        throw new Error('operation failed');
      }),
      /operation failed/,
    );
    assert.equal((await chainOf(ctx.database, audit.subjectPseudonym(subject))).length, 0);
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('stores a pseudonym of the subject, never the raw id, and refuses PI in details', async () => {
    const subject = randomUUID();
    await writeSome(ctx.database, audit, 1, subject);
    const [row] = await chainOf(ctx.database, audit.subjectPseudonym(subject));
    assert.ok(row);
    assert.ok(!JSON.stringify(row).includes(subject));
    assert.match(row.subject_pseudonym!, /^[0-9a-f]{64}$/);
    assert.deepEqual(row.elements, ['name', 'mobile']);
    await assert.rejects(
      ctx.database.db.transaction().execute((tx) =>
        audit.record(tx, { actor: { kind: 'staff', ref: 's' }, action: 'accounts.read-profile', details: { mobile: '13800138000' } }),
      ),
      /personal information/,
    );
  });

  it('lets ids through the PI check, even a UUID whose last group looks like a mobile number', () => {
    assert.doesNotThrow(() => assertNoPI({ provisionId: '0b7c1f2e-3d4a-4b5c-8d6e-a13912345678', ids: ['f0e1d2c3-b4a5-4968-8776-138000138000'] }));
    assert.throws(() => assertNoPI({ note: 'call 13912345678' }), /personal information/);
  });

  it('LAW-9 the database itself rejects UPDATE, DELETE and TRUNCATE of audit records', async () => {
    await writeSome(ctx.database, audit, 1);
    await audit.sealChains(ctx.database.db);
    await assert.rejects(sql`update audit_records set action = 'x.y'`.execute(ctx.database.db), /append-only/);
    await assert.rejects(sql`delete from audit_records`.execute(ctx.database.db), /append-only/);
    await assert.rejects(sql`truncate audit_records cascade`.execute(ctx.database.db), /append-only/);
    await assert.rejects(sql`delete from audit_checkpoints`.execute(ctx.database.db), /append-only/);
    await assert.rejects(sql`update audit_checkpoints set seq = seq + 1`.execute(ctx.database.db), /append-only/);
  });

  it('concurrent audit writes from 20 parallel transactions all succeed and verify', async () => {
    const subjects = Array.from({ length: 20 }, () => randomUUID());
    const results = await Promise.all(
      subjects.map((s, i) =>
        ctx.database.db.transaction().execute(async (tx) => {
          const r = await audit.record(tx, { actor: { kind: 'job', ref: 'bulk' }, action: 'jobs.process-subject', subjectId: s, details: { n: i } });
          await sql`select pg_sleep(0.01)`.execute(tx); // hold the chain lock for a while
          return r;
        }),
      ),
    );
    assert.equal(new Set(results.map((r) => r.id)).size, 20);
    assert.ok(new Set(results.map((r) => r.chain)).size > 1, 'writes spread over several chains');
    const v = await verify(ctx.database, audit.publicKey);
    assert.equal(v.ok, true, JSON.stringify(v));
  });

  it('a writer holding one chain does not block a writer on another chain', async (t) => {
    if (ctx.backend === 'PGlite') return t.skip('PGlite has one connection; transactions take turns by design');
    const a = randomUUID();
    let b = randomUUID();
    while (audit.chainOf(audit.subjectPseudonym(b)) === audit.chainOf(audit.subjectPseudonym(a))) b = randomUUID();
    let releaseA!: () => void;
    const held = new Promise<void>((r) => (releaseA = r));
    let aRecorded!: () => void;
    const aIn = new Promise<void>((r) => (aRecorded = r));
    const txA = ctx.database.db.transaction().execute(async (tx) => {
      await audit.record(tx, { actor: { kind: 'system' }, action: 'jobs.hold-chain', subjectId: a });
      aRecorded();
      await held;
    });
    await aIn;
    const other = await Promise.race([
      ctx.database.db.transaction().execute((tx) => audit.record(tx, { actor: { kind: 'system' }, action: 'jobs.other-chain', subjectId: b })).then(() => 'done'),
      new Promise((r) => setTimeout(() => r('blocked'), 2000)),
    ]);
    releaseA();
    await txA;
    assert.equal(other, 'done');
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 seals every moved chain head with an Ed25519 signature, as the audit.seal-chains job', async () => {
    await writeSome(ctx.database, audit, 2);
    const registry = new JobRegistry();
    const job = registry.define(audit.sealJob(ctx.database.db));
    assert.equal(job.name, 'audit.seal-chains');
    assert.ok(job.schedule);
    await job.handler({}, { jobId: 't', retryCount: 0 });
    const heads = await ctx.database.db.selectFrom('audit_chain_heads').selectAll().where('seq', '>', 0).execute();
    const cps = await ctx.database.db.selectFrom('audit_checkpoints').selectAll().execute();
    for (const h of heads) assert.ok(cps.some((c) => c.chain === h.chain && Number(c.seq) === Number(h.seq)), `chain ${h.chain} sealed at its head`);
    assert.equal(await audit.sealChains(ctx.database.db), 0, 'nothing moved, nothing sealed');
    const v = await verify(ctx.database, audit.publicKey);
    assert.ok(v.ok && v.checkpoints === cps.length && v.records > 0);
    const other = generateKeyPairSync('ed25519').publicKey;
    const bad = await verify(ctx.database, other);
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.break.reason, 'checkpoint-signature');
  });
});

describeEachDatabase('audit trail tampering', (ctx) => {
  // A fresh chain per case would need a fresh database; instead each case tampers, checks, and repairs what it changed.
  let audit: AuditService;
  let subject: string;
  let rows: AuditRecordRow[];
  before(async () => {
    audit = newService();
    subject = await writeSome(ctx.database, audit, 6);
    rows = await chainOf(ctx.database, audit.subjectPseudonym(subject));
    assert.equal(rows.length, 6);
  });

  it('LAW-9 verify reports the first broken link when a row is altered', async () => {
    const target = rows[2]!;
    await asAttacker(ctx.database, () => sql`update audit_records set action = 'accounts.nothing-happened' where id = ${target.id}`.execute(ctx.database.db));
    const v = await verify(ctx.database, audit.publicKey);
    assert.equal(v.ok, false);
    assert.deepEqual(!v.ok && { chain: v.break.chain, seq: v.break.seq, id: v.break.id, reason: v.break.reason }, { chain: target.chain, seq: target.seq, id: target.id, reason: 'hash-mismatch' });
    await asAttacker(ctx.database, () => sql`update audit_records set action = ${target.action} where id = ${target.id}`.execute(ctx.database.db));
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 verify reports the first broken link when a row is altered and its own hash recomputed', async () => {
    const target = rows[1]!;
    const forged = { ...target, details: { requestId: 'forged' } };
    const hash = linkHash(forged);
    await asAttacker(ctx.database, () =>
      sql`update audit_records set details = ${JSON.stringify(forged.details)}::jsonb, hash = ${hash} where id = ${target.id}`.execute(ctx.database.db),
    );
    const v = await verify(ctx.database, audit.publicKey);
    assert.equal(!v.ok && v.break.reason, 'prev-hash-mismatch');
    assert.equal(!v.ok && v.break.seq, target.seq + 1);
    await asAttacker(ctx.database, () =>
      sql`update audit_records set details = ${JSON.stringify(target.details)}::jsonb, hash = ${Buffer.from(target.hash)} where id = ${target.id}`.execute(ctx.database.db),
    );
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 verify reports the first broken link when a row is removed', async () => {
    const target = rows[3]!;
    await asAttacker(ctx.database, () => sql`delete from audit_records where id = ${target.id}`.execute(ctx.database.db));
    const v = await verify(ctx.database, audit.publicKey);
    assert.deepEqual(!v.ok && { chain: v.break.chain, seq: v.break.seq, reason: v.break.reason }, { chain: target.chain, seq: target.seq, reason: 'sequence-gap' });
    await ctx.database.db.insertInto('audit_records').values(target).execute();
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 verify reports the first broken link when the newest rows are removed (head no longer matches)', async () => {
    const target = rows[5]!;
    await asAttacker(ctx.database, () => sql`delete from audit_records where id = ${target.id}`.execute(ctx.database.db));
    const v = await verify(ctx.database, audit.publicKey);
    assert.deepEqual(!v.ok && { chain: v.break.chain, seq: v.break.seq, reason: v.break.reason }, { chain: target.chain, seq: target.seq, reason: 'head-mismatch' });
    await ctx.database.db.insertInto('audit_records').values(target).execute();
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 verify reports the first broken link when a row is inserted', async () => {
    const chain = rows[0]!.chain;
    const at = rows[2]!; // insert a forged record between seq 2 and 3, shifting the rest up
    await asAttacker(ctx.database, async () => {
      await sql`update audit_records set seq = seq + 1000 where chain = ${chain} and seq >= ${at.seq}`.execute(ctx.database.db);
      await sql`update audit_records set seq = seq - 999 where chain = ${chain} and seq >= ${at.seq + 1000}`.execute(ctx.database.db);
      const forged = { ...at, id: randomUUID(), action: 'accounts.forged-entry', prev_hash: Buffer.from(rows[1]!.hash) };
      await ctx.database.db.insertInto('audit_records').values({ ...forged, hash: linkHash(forged) }).execute();
    });
    const v = await verify(ctx.database, audit.publicKey);
    assert.equal(v.ok, false);
    assert.equal(!v.ok && v.break.chain, chain);
    assert.ok(!v.ok && v.break.seq === at.seq + 1, `break at the link after the inserted row, got ${JSON.stringify(v)}`);
  });
});

it('spreads subjects over all chains', () => {
  const audit = newService();
  const seen = new Set(Array.from({ length: 400 }, () => audit.chainOf(createHash('sha1').update(randomUUID()).digest('hex'))));
  assert.equal(seen.size, AUDIT_CHAINS);
});
