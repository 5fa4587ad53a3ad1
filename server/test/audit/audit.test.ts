import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { AuditService, AUDIT_CHAINS, assertNoPI, linkHash, verify, type AuditLinkRow, type AuditRecordRow } from '../../src/modules/audit/index.ts';
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
  await sql`alter table audit_links disable trigger user`.execute(database.db);
  try {
    await fn();
  } finally {
    await sql`alter table audit_records enable trigger user`.execute(database.db);
    await sql`alter table audit_links enable trigger user`.execute(database.db);
  }
}

/**
 * Links until no record waits. The linker takes only records below the oldest transaction still running anywhere in
 * the PostgreSQL cluster (pg_snapshot_xmin), and other test files write in other databases of the same cluster at the
 * same time: a run may leave our records for the next. Production runs the linker every 5 minutes and does the same.
 */
async function linkAll(database: Database, audit: AuditService, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    await audit.linkChains(database.db);
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from audit_records r where not exists (select 1 from audit_links l where l.record_id = r.id)`.execute(database.db);
    if (rows[0]!.n === '0') return;
    if (Date.now() > until) throw new Error(`${rows[0]!.n} audit record(s) still not linked after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A subject's records with their links, in chain order (records not linked yet come last, without a link). */
async function chainOf(database: Database, subjectPseudonym: string): Promise<(AuditRecordRow & { link: AuditLinkRow | undefined })[]> {
  const records = await database.db.selectFrom('audit_records').selectAll().where('subject_pseudonym', '=', subjectPseudonym).orderBy('txid').execute();
  const links = records.length ? await database.db.selectFrom('audit_links').selectAll().where('record_id', 'in', records.map((r) => r.id)).execute() : [];
  const linkOf = new Map(links.map((l) => [l.record_id, { ...l, seq: Number(l.seq) }]));
  return records.map((r) => ({ ...r, link: linkOf.get(r.id) })).sort((a, b) => (a.link?.seq ?? Infinity) - (b.link?.seq ?? Infinity));
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
    await linkAll(ctx.database, audit);
    assert.ok((await audit.sealChains(ctx.database.db)) > 0);
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
          await sql`select pg_sleep(0.01)`.execute(tx); // keep the transaction open a while
          return r;
        }),
      ),
    );
    assert.equal(new Set(results.map((r) => r.id)).size, 20);
    assert.ok(new Set(results.map((r) => r.chain)).size > 1, 'writes spread over several chains');
    await linkAll(ctx.database, audit);
    const v = await verify(ctx.database, audit.publicKey);
    assert.equal(v.ok, true, JSON.stringify(v));
    for (const s of subjects) assert.ok((await chainOf(ctx.database, audit.subjectPseudonym(s)))[0]!.link, 'every record linked');
  });

  it('LAW-9 the linker leaves the records of a transaction still running for its next run, and links them then', async (t) => {
    if (ctx.backend === 'PGlite') return t.skip('PGlite has one connection: no transaction is running while the linker runs');
    const subject = randomUUID();
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let written!: () => void;
    const isWritten = new Promise<void>((r) => (written = r));
    const open = ctx.database.db.transaction().execute(async (tx) => {
      await audit.record(tx, { actor: { kind: 'system' }, action: 'jobs.slow-operation', subjectId: subject });
      written();
      await held;
    });
    await isWritten;
    await writeSome(ctx.database, audit, 1); // a later transaction that commits first
    await audit.linkChains(ctx.database.db);
    release();
    await open;
    assert.equal((await chainOf(ctx.database, audit.subjectPseudonym(subject)))[0]!.link, undefined, 'not linked while its transaction ran');
    const before = await verify(ctx.database, audit.publicKey);
    assert.ok(before.ok && before.pending >= 1, JSON.stringify(before));
    await linkAll(ctx.database, audit);
    assert.ok((await chainOf(ctx.database, audit.subjectPseudonym(subject)))[0]!.link, 'linked by a later run');
    const after = await verify(ctx.database, audit.publicKey);
    assert.ok(after.ok && after.pending === 0, JSON.stringify(after));
  });

  it('a writer with an open transaction does not block another writer, even on the same chain', async (t) => {
    if (ctx.backend === 'PGlite') return t.skip('PGlite has one connection; transactions take turns by design');
    const a = randomUUID();
    let b = randomUUID();
    while (audit.chainOf(audit.subjectPseudonym(b)) !== audit.chainOf(audit.subjectPseudonym(a))) b = randomUUID();
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
    await audit.linkChains(ctx.database.db);
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 links the waiting records and seals every moved chain head with an Ed25519 signature, as the audit.seal-chains job', async () => {
    await writeSome(ctx.database, audit, 2);
    await linkAll(ctx.database, audit);
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
    assert.ok(v.ok && v.checkpoints === cps.length && v.records > 0 && v.pending === 0, JSON.stringify(v));
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
  let rows: Awaited<ReturnType<typeof chainOf>>;
  before(async () => {
    audit = newService();
    subject = await writeSome(ctx.database, audit, 6);
    await linkAll(ctx.database, audit);
    await audit.sealChains(ctx.database.db);
    rows = await chainOf(ctx.database, audit.subjectPseudonym(subject));
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r, i) => i === 0 || r.link!.seq === rows[i - 1]!.link!.seq + 1), 'one subject: consecutive links of one chain');
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });
  const record = (r: (typeof rows)[number]): AuditRecordRow => {
    const { link: _link, ...rest } = r;
    return rest;
  };

  it('LAW-9 verify reports the first broken link when a row is altered', async () => {
    const target = rows[2]!;
    await asAttacker(ctx.database, () => sql`update audit_records set action = 'accounts.nothing-happened' where id = ${target.id}`.execute(ctx.database.db));
    const v = await verify(ctx.database, audit.publicKey);
    assert.equal(v.ok, false);
    assert.deepEqual(!v.ok && { chain: v.break.chain, seq: v.break.seq, id: v.break.id, reason: v.break.reason }, { chain: target.chain, seq: target.link!.seq, id: target.id, reason: 'hash-mismatch' });
    await asAttacker(ctx.database, () => sql`update audit_records set action = ${target.action} where id = ${target.id}`.execute(ctx.database.db));
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 verify reports the first broken link when a row is altered and its link recomputed', async () => {
    const target = rows[1]!;
    const forged = { ...record(target), details: { requestId: 'forged' } };
    const hash = linkHash(forged, target.link!.prev_hash, target.link!.seq);
    await asAttacker(ctx.database, async () => {
      await sql`update audit_records set details = ${JSON.stringify(forged.details)}::jsonb where id = ${target.id}`.execute(ctx.database.db);
      await sql`update audit_links set hash = ${hash} where record_id = ${target.id}`.execute(ctx.database.db);
    });
    const v = await verify(ctx.database, audit.publicKey);
    assert.equal(!v.ok && v.break.reason, 'prev-hash-mismatch');
    assert.equal(!v.ok && v.break.seq, target.link!.seq + 1);
    await asAttacker(ctx.database, async () => {
      await sql`update audit_records set details = ${JSON.stringify(target.details)}::jsonb where id = ${target.id}`.execute(ctx.database.db);
      await sql`update audit_links set hash = ${Buffer.from(target.link!.hash)} where record_id = ${target.id}`.execute(ctx.database.db);
    });
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 verify reports the first broken link when a row is removed', async () => {
    const target = rows[3]!;
    await asAttacker(ctx.database, () => sql`delete from audit_records where id = ${target.id}`.execute(ctx.database.db));
    const v = await verify(ctx.database, audit.publicKey);
    assert.deepEqual(!v.ok && { chain: v.break.chain, seq: v.break.seq, reason: v.break.reason }, { chain: target.chain, seq: target.link!.seq, reason: 'record-missing' });
    await ctx.database.db.insertInto('audit_records').values(record(target)).execute();
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 verify reports the first broken link when a row is removed with its link', async () => {
    const target = rows[3]!;
    await asAttacker(ctx.database, async () => {
      await sql`delete from audit_records where id = ${target.id}`.execute(ctx.database.db);
      await sql`delete from audit_links where record_id = ${target.id}`.execute(ctx.database.db);
    });
    const v = await verify(ctx.database, audit.publicKey);
    assert.deepEqual(!v.ok && { chain: v.break.chain, seq: v.break.seq, reason: v.break.reason }, { chain: target.chain, seq: target.link!.seq, reason: 'sequence-gap' });
    await ctx.database.db.insertInto('audit_records').values(record(target)).execute();
    await ctx.database.db.insertInto('audit_links').values(target.link!).execute();
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 verify reports the first broken link when the newest rows are removed (head no longer matches)', async () => {
    const target = rows[5]!;
    await asAttacker(ctx.database, async () => {
      await sql`delete from audit_records where id = ${target.id}`.execute(ctx.database.db);
      await sql`delete from audit_links where record_id = ${target.id}`.execute(ctx.database.db);
    });
    const v = await verify(ctx.database, audit.publicKey);
    assert.deepEqual(!v.ok && { chain: v.break.chain, seq: v.break.seq, reason: v.break.reason }, { chain: target.chain, seq: target.link!.seq, reason: 'head-mismatch' });
    await ctx.database.db.insertInto('audit_records').values(record(target)).execute();
    await ctx.database.db.insertInto('audit_links').values(target.link!).execute();
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 verify reports a row inserted among records already linked', async () => {
    const at = rows[2]!;
    const forged = { ...record(at), id: randomUUID(), action: 'accounts.forged-entry' };
    await ctx.database.db.insertInto('audit_records').values(forged).execute(); // same (old) txid: below the horizon
    const v = await verify(ctx.database, audit.publicKey);
    assert.deepEqual(!v.ok && { id: v.break.id, reason: v.break.reason }, { id: forged.id, reason: 'unlinked-record' });
    await asAttacker(ctx.database, () => sql`delete from audit_records where id = ${forged.id}`.execute(ctx.database.db));
    assert.equal((await verify(ctx.database, audit.publicKey)).ok, true);
  });

  it('LAW-9 verify reports the first broken link when a row is inserted with a link of its own', async () => {
    const chain = rows[0]!.chain;
    const at = rows[2]!; // insert a forged record between links 2 and 3 of the subject, shifting the rest up
    const forged = { ...record(at), id: randomUUID(), action: 'accounts.forged-entry' };
    const prev = Buffer.from(rows[1]!.link!.hash);
    await asAttacker(ctx.database, async () => {
      await sql`update audit_links set seq = seq + 1000 where chain = ${chain} and seq >= ${at.link!.seq}`.execute(ctx.database.db);
      await sql`update audit_links set seq = seq - 999 where chain = ${chain} and seq >= ${at.link!.seq + 1000}`.execute(ctx.database.db);
      await ctx.database.db.insertInto('audit_records').values(forged).execute();
      await ctx.database.db.insertInto('audit_links').values({ chain, seq: at.link!.seq, record_id: forged.id, prev_hash: prev, hash: linkHash(forged, prev, at.link!.seq) }).execute();
    });
    const v = await verify(ctx.database, audit.publicKey);
    assert.equal(v.ok, false);
    assert.equal(!v.ok && v.break.chain, chain);
    assert.ok(!v.ok && v.break.seq === at.link!.seq + 1, `break at the link after the inserted row, got ${JSON.stringify(v)}`);
  });
});

it('spreads subjects over all chains', () => {
  const audit = newService();
  const seen = new Set(Array.from({ length: 400 }, () => audit.chainOf(createHash('sha1').update(randomUUID()).digest('hex'))));
  assert.equal(seen.size, AUDIT_CHAINS);
});
