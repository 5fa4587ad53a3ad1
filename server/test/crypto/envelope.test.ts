import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import {
  FieldCipher,
  SubjectKeyDestroyedError,
  DecryptionError,
  blindIndex,
  rotateSubjectKeys,
  type KekSecrets,
} from '../../src/platform/crypto/index.ts';

const secrets = (version = 1, kek: Buffer = randomBytes(32), previous = new Map<number, Buffer>()): KekSecrets => ({ kek, kekVersion: version, previousKeks: previous });

describeEachDatabase('field encryption', (ctx) => {
  it('round-trips a field and gives a different ciphertext each time', async () => {
    const sec = secrets();
    const c = new FieldCipher(ctx.database.db, { secrets: sec });
    const subject = randomUUID();
    const a = await c.encryptField(subject, '13800138000', 'accounts.mobile');
    const b = await c.encryptField(subject, '13800138000', 'accounts.mobile');
    assert.notDeepEqual(a, b);
    assert.equal(a[0], 1, 'format version byte');
    assert.ok(!a.includes(Buffer.from('13800138000')));
    assert.equal(await c.decryptField(subject, a, 'accounts.mobile'), '13800138000');
    // another process with the same KEK reads it too
    assert.equal(await new FieldCipher(ctx.database.db, { secrets: sec }).decryptField(subject, b, 'accounts.mobile'), '13800138000');
  });

  it('a data key created in a transaction that rolls back is not reused: later data stays readable by a fresh process', async () => {
    const sec = secrets();
    const c = new FieldCipher(ctx.database.db, { secrets: sec });
    const subject = randomUUID();
    await assert.rejects(
      ctx.database.db.transaction().execute(async (tx) => {
        await c.encryptField(subject, 'first', 'accounts.mobile', tx);
        throw new Error('roll back');
      }),
      /roll back/,
    );
    const ct = await c.encryptField(subject, 'second', 'accounts.mobile');
    assert.equal(await new FieldCipher(ctx.database.db, { secrets: sec }).decryptField(subject, ct, 'accounts.mobile'), 'second');
  });

  it('binds the ciphertext to its subject and its context (AAD)', async () => {
    const c = new FieldCipher(ctx.database.db, { secrets: secrets() });
    const s1 = randomUUID();
    const s2 = randomUUID();
    const ct = await c.encryptField(s1, '张三', 'accounts.name');
    await c.encryptField(s2, 'x', 'accounts.name');
    await assert.rejects(c.decryptField(s1, ct, 'accounts.address'), DecryptionError);
    await assert.rejects(c.decryptField(s2, ct, 'accounts.name'), DecryptionError);
    const tampered = Buffer.from(ct);
    tampered[tampered.length - 1]! ^= 1;
    await assert.rejects(c.decryptField(s1, tampered, 'accounts.name'), DecryptionError);
  });

  it('stores the data key only wrapped by the KEK, with its version', async () => {
    const c = new FieldCipher(ctx.database.db, { secrets: secrets(3) });
    const subject = randomUUID();
    await c.encryptField(subject, 'v', 'f');
    const row = await ctx.database.db.selectFrom('subject_keys').selectAll().where('subject_id', '=', subject).executeTakeFirstOrThrow();
    assert.equal(row.kek_version, 3);
    assert.equal(Buffer.from(row.wrapped_key!).length, 12 + 16 + 32);
  });

  it('PP-4.3 after destroySubjectKey the subject data is unreadable, also through a warm cache, and no new key is made', async () => {
    const c = new FieldCipher(ctx.database.db, { secrets: secrets() });
    const subject = randomUUID();
    const ct = await c.encryptField(subject, '320602199001011234', 'accounts.id_number');
    assert.equal(await c.decryptField(subject, ct, 'accounts.id_number'), '320602199001011234'); // key is now cached
    assert.equal(await c.destroySubjectKey(subject), true);
    await assert.rejects(c.decryptField(subject, ct, 'accounts.id_number'), SubjectKeyDestroyedError);
    await assert.rejects(c.encryptField(subject, 'again', 'accounts.id_number'), SubjectKeyDestroyedError);
    const row = await ctx.database.db.selectFrom('subject_keys').selectAll().where('subject_id', '=', subject).executeTakeFirstOrThrow();
    assert.equal(row.wrapped_key, null);
    assert.ok(row.destroyed_at);
  });

  it('PP-4.3 a dump taken before erasure, restored after it, yields nothing readable for that subject', async () => {
    const { db } = ctx.database;
    await sql`create table if not exists test_vault (subject_id text, field text, ct bytea)`.execute(db);
    const sec = secrets();
    const c = new FieldCipher(db, { secrets: sec });
    const erased = randomUUID();
    const kept = randomUUID();
    for (const [s, v] of [[erased, '13900001111'], [kept, '13900002222']] as const) {
      const ct = await c.encryptField(s, v, 'test_vault.mobile');
      await sql`insert into test_vault values (${s}, 'mobile', ${ct})`.execute(db);
    }
    // the "backup": ciphertext rows copied out before the erasure
    const dump = (await sql<{ subject_id: string; field: string; ct: Uint8Array }>`select * from test_vault`.execute(db)).rows;
    await c.destroySubjectKey(erased);
    await sql`delete from test_vault`.execute(db);
    // the "restore" after erasure
    for (const r of dump) await sql`insert into test_vault values (${r.subject_id}, ${r.field}, ${Buffer.from(r.ct)})`.execute(db);
    const restored = (await sql<{ subject_id: string; ct: Uint8Array }>`select subject_id, ct from test_vault`.execute(db)).rows;
    const fresh = new FieldCipher(db, { secrets: sec }); // a new process, empty cache
    for (const r of restored) {
      if (r.subject_id === erased) await assert.rejects(fresh.decryptField(r.subject_id, r.ct, 'test_vault.mobile'), SubjectKeyDestroyedError);
      else assert.equal(await fresh.decryptField(r.subject_id, r.ct, 'test_vault.mobile'), '13900002222');
    }
  });

  it('key rotation re-wraps every data key under the new KEK without changing ciphertext, and old data still decrypts', async () => {
    const { db } = ctx.database;
    await sql`delete from subject_keys`.execute(db);
    const k1 = randomBytes(32);
    const v1 = new FieldCipher(db, { secrets: secrets(1, k1) });
    const subjects = Array.from({ length: 7 }, () => randomUUID());
    const cts = await Promise.all(subjects.map((s, i) => v1.encryptField(s, `value-${i}`, 'f')));
    const destroyed = randomUUID();
    await v1.encryptField(destroyed, 'gone', 'f');
    await v1.destroySubjectKey(destroyed);
    const before = cts.map((b) => Buffer.from(b).toString('hex'));

    const s2 = secrets(2, randomBytes(32), new Map([[1, k1]]));
    const r = await rotateSubjectKeys(db, s2, 3);
    assert.deepEqual(r, { rewrapped: 7, remaining: 0 });
    const rows = await db.selectFrom('subject_keys').select(['kek_version', 'wrapped_key']).execute();
    assert.ok(rows.filter((x) => x.wrapped_key).every((x) => x.kek_version === 2));
    assert.deepEqual(cts.map((b) => Buffer.from(b).toString('hex')), before);
    // the old KEK is no longer needed
    const v2only = new FieldCipher(db, { secrets: secrets(2, s2.kek) });
    for (const [i, s] of subjects.entries()) assert.equal(await v2only.decryptField(s, cts[i]!, 'f'), `value-${i}`);
    assert.deepEqual(await rotateSubjectKeys(db, s2), { rewrapped: 0, remaining: 0 });
  });

  it('during rotation data under the previous KEK stays readable when KEK_PREVIOUS holds it', async () => {
    const { db } = ctx.database;
    const k1 = randomBytes(32);
    const s = randomUUID();
    const ct = await new FieldCipher(db, { secrets: secrets(10, k1) }).encryptField(s, 'v', 'f');
    const next = new FieldCipher(db, { secrets: secrets(11, randomBytes(32), new Map([[10, k1]])) });
    assert.equal(await next.decryptField(s, ct, 'f'), 'v');
    await assert.rejects(new FieldCipher(db, { secrets: secrets(11, randomBytes(32)) }).decryptField(s, ct, 'f'), /KEK version 10/);
  });
});

it('blind index: same value typed differently matches, kinds and keys are separated', () => {
  const key = randomBytes(32);
  assert.deepEqual(blindIndex(key, 'mobile', '+86 138-0013-8000'), blindIndex(key, 'mobile', '13800138000'));
  assert.deepEqual(blindIndex(key, 'id-number', '11010519491231002x'), blindIndex(key, 'id-number', '11010519491231002X'));
  assert.notDeepEqual(blindIndex(key, 'mobile', '13800138000'), blindIndex(key, 'id-number', '13800138000'));
  assert.notDeepEqual(blindIndex(key, 'mobile', '13800138000'), blindIndex(randomBytes(32), 'mobile', '13800138000'));
  assert.equal(blindIndex(key, 'mobile', '13800138000').length, 32);
});

