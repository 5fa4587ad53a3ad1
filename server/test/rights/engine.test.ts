// Issue #6 item 11: export and deletion are generic over the inventory's subject-table declarations. A test module
// declares a table holding a new PI element; export and erasure cover it without any rights code knowing the table.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { testConfig } from '../support/platform.ts';
import { FieldCipher, blindIndexer, pseudonym } from '../../src/platform/crypto/index.ts';
import { collectSubjectData, eraseItem, eraseSubject, inventoryDeclarations, storageOnlyOf, purgeStorageOnly, type EngineDeps } from '../../src/modules/rights/subject-data.ts';
import type { SubjectTable } from '../../src/modules/privacy/index.ts';

const testModule: SubjectTable[] = [
  {
    table: 'test_pets', subjectColumn: 'account_id', elements: { 'pet-name': ['name_enc'], 'pet-kind': ['kind'] }, encrypted: { name_enc: 'test_pets.name/{id}' },
    purpose: 'test-purpose', scope: 'app', itemDeletable: true, erasure: { mode: 'delete' },
  },
  {
    table: 'test_logs', subjectColumn: 'account_id', elements: { 'pet-log': ['what', 'at'] }, purpose: 'test-purpose', scope: 'identity',
    erasure: { mode: 'storage-only', reason: 'security log', law: 'LAW-7', retainDays: 183, timeColumn: 'at' },
  },
  {
    table: 'test_cases', subjectColumn: 'account_id', elements: { 'pet-case': ['text_enc'] }, encrypted: { text_enc: 'test_cases.text/{id}' }, purpose: 'test-purpose', scope: 'app',
    erasure: { mode: 'statutory-record', reason: 'case file', law: 'LAW-6', rekeySubject: '{id}', subjectBecomes: null, retainedUntil: 'archive rules' },
  },
];

describeEachDatabase('rights engine over declarations', (ctx) => {
  let deps: EngineDeps;
  let cipher: FieldCipher;
  const now = new Date('2026-03-02T02:00:00Z');
  before(async () => {
    const config = testConfig();
    cipher = new FieldCipher(ctx.database.db, { secrets: config.secrets });
    deps = { cipher, blindIndex: blindIndexer(config.secrets.blindIndexKey), pseudonym: (s) => pseudonym(config.secrets.blindIndexKey, s) };
    await sql`create table test_pets (id uuid primary key, account_id text not null, name_enc bytea not null, kind text)`.execute(ctx.database.db);
    await sql`create index on test_pets (account_id)`.execute(ctx.database.db);
    await sql`create table test_logs (id uuid primary key, account_id text not null, what text, at timestamptz not null)`.execute(ctx.database.db);
    await sql`create table test_cases (id uuid primary key, account_id text, text_enc bytea not null)`.execute(ctx.database.db);
  });

  async function seed(accountId: string) {
    const db = ctx.database.db;
    const petId = randomUUID();
    await sql`insert into test_pets values (${petId}, ${accountId}, ${await cipher.encryptField(accountId, '旺财', `test_pets.name/${petId}`)}, 'dog')`.execute(db);
    await sql`insert into test_logs values (${randomUUID()}, ${accountId}, 'signed in', ${now})`.execute(db);
    const caseId = randomUUID();
    await sql`insert into test_cases values (${caseId}, ${accountId}, ${await cipher.encryptField(accountId, '路灯坏了', `test_cases.text/${caseId}`)})`.execute(db);
    return { petId, caseId };
  }

  it('PP-4.1 LAW-5 a table a module declares is exported, decrypted, without rights code knowing it', async () => {
    const a = randomUUID();
    const other = randomUUID();
    await seed(a);
    await seed(other);
    const decls = inventoryDeclarations(testModule);
    const data = await collectSubjectData(ctx.database.db, a, decls, deps);
    const pets = data.find((t) => t.table === 'test_pets')!;
    assert.equal(pets.rows.length, 1, 'only the subject\u2019s row');
    assert.equal(pets.rows[0]!.elements['pet-name']!.name_enc, '旺财');
    assert.equal(pets.rows[0]!.elements['pet-kind']!.kind, 'dog');
    assert.equal(data.find((t) => t.table === 'test_cases')!.rows[0]!.elements['pet-case']!.text_enc, '路灯坏了');
  });

  it('PP-4.3 one declared item is deleted at once; other subjects keep theirs', async () => {
    const a = randomUUID();
    const other = randomUUID();
    const { petId } = await seed(a);
    const o = await seed(other);
    const decls = inventoryDeclarations(testModule);
    assert.equal((await eraseItem(ctx.database.db, a, decls, 'test_pets', o.petId, deps)).deleted, 0, 'not someone else\u2019s row');
    assert.equal((await eraseItem(ctx.database.db, a, decls, 'test_logs', petId, deps)).deleted, 0, 'not a table without single-item deletion');
    assert.equal((await eraseItem(ctx.database.db, a, decls, 'test_pets', petId, deps)).deleted, 1);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from test_pets where account_id = ${other}`.execute(ctx.database.db);
    assert.equal(rows[0]!.n, 1);
  });

  it('PP-4.5 LAW-6 LAW-7 erasure deletes, keeps security logs in storage only, re-keys case files, then shreds the key', async () => {
    const a = randomUUID();
    const { caseId } = await seed(a);
    const decls = inventoryDeclarations(testModule);
    const receipts = await ctx.database.db.transaction().execute((tx) => eraseSubject(tx, a, decls, { scopes: ['app', 'identity'], shredAccountKey: true, now }, deps));
    const by = Object.fromEntries(receipts.map((r) => [r.table, r]));
    assert.deepEqual([by.test_pets!.action, by.test_pets!.rows], ['deleted', 1]);
    assert.deepEqual([by.test_logs!.action, by.test_logs!.rows], ['storage-only', 1]);
    assert.deepEqual([by.test_cases!.action, by.test_cases!.rows], ['rekeyed', 1]);
    const db = ctx.database.db;
    assert.equal((await sql<{ n: number }>`select count(*)::int as n from test_pets where account_id = ${a}`.execute(db)).rows[0]!.n, 0);
    assert.equal((await sql<{ n: number }>`select count(*)::int as n from test_logs where account_id = ${a}`.execute(db)).rows[0]!.n, 0);
    // the case file is still readable by its holder, under its own key, no longer linked to the account
    const c = (await sql<{ account_id: string | null; text_enc: Buffer }>`select account_id, text_enc from test_cases where id = ${caseId}`.execute(db)).rows[0]!;
    assert.equal(c.account_id, null);
    assert.equal(await cipher.decryptField(caseId, c.text_enc, `test_cases.text/${caseId}`), '路灯坏了');
    // the storage-only log is listed with its reason and end date, then purged by the job after it
    const kept = await storageOnlyOf(db, a, deps);
    assert.equal(kept.length, 1);
    assert.equal(kept[0]!.reason, 'security log');
    assert.ok(new Date(kept[0]!.until) > new Date(now.getTime() + 180 * 86_400_000));
    assert.ok(!JSON.stringify((await sql`select data from rights_storage_only`.execute(db)).rows).includes(a), 'the account id is not kept');
    assert.equal(await purgeStorageOnly(db, now), 0);
    assert.ok((await purgeStorageOnly(db, new Date(now.getTime() + 200 * 86_400_000))) >= 1);
    // crypto-shredding: whatever was encrypted under the account key is gone
    const after = await collectSubjectData(db, a, decls, deps);
    assert.ok(after.every((t) => t.rows.length === 0));
  });
});
