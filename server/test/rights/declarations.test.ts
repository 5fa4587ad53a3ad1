// Issue #6 item 1: every table that holds a citizen's data is declared for export and erasure (ModuleInventory.
// subjectTables). A module that adds such a table without a declaration fails here — so nothing escapes 用户资料,
// the export or a deletion.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { ELEMENTS, elementById, purposeById } from '../../src/modules/privacy/index.ts';
import { inventoryDeclarations } from '../../src/modules/rights/index.ts';

/** column names that point at a person */
const SUBJECT_COLUMNS = ['account_id', 'minor_account_id', 'guardian_account_id', 'subject_account_id', 'subject_ref', 'recipient_ref', 'subject_pseudonym'];

/** tables holding citizen PI that are deliberately not erased per subject, with the reason */
const EXEMPT: Record<string, string> = {
  audit_records: 'LAW-9 append-only tamper-evident audit trail, keyed by a pseudonym; kept for its retention period',
  'audit_records.subject_pseudonym': 'see audit_records',
  'sharing_provisions.subject_pseudonym': 'the ledger row is declared by subject_account_id (re-keyed, kept as a statutory record)',
  'rights_storage_only.subject_pseudonym': 'this IS the storage-only store; purged by its own job',
  rights_storage_only: 'the storage-only store itself',
  sms_sandbox_messages: 'development/test SMS sandbox, never in production',
  guardian_consents: 'child of guardian_links (on delete cascade, migration 0022): goes with the declared link',
  hotline_assignments: 'routing of a 12345 case file to departments, kept with hotline_requests (statutory record) and holding no PI of its own',
  open311_submissions: 'partner-filed 12345 requests have no account; the case file is its own subject',
  subject_keys: 'the keys themselves: destroyed by crypto-shredding at the end of erasure',
  login_source_throttle: 'per-source (IP) throttle windows of one day, not linked to an account',
  'rights_requests.subject_account_id': 'the same rows as rights_requests.account_id (the requester); a guardian request stays with the guardian',
};

describeEachDatabase('subject-table declarations against the live schema', (ctx) => {
  it('PP-4.1 PP-4.3 every column that points at a person is declared for export and erasure', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns where table_schema = current_schema()`.execute(ctx.database.db);
    const decls = inventoryDeclarations();
    const declared = new Set(decls.map((d) => `${d.table}.${d.subjectColumn}`));
    const missing = rows
      .filter((r) => SUBJECT_COLUMNS.includes(r.column_name) && !r.table_name.startsWith('pgboss'))
      .map((r) => `${r.table_name}.${r.column_name}`)
      .filter((c) => !declared.has(c) && !EXEMPT[c] && !EXEMPT[c.split('.')[0]!]);
    assert.deepEqual(missing, [], 'declare these in the owning module\u2019s inventory file (subjectTables)');
  });

  it('PP-4.1 every table that stores a citizen PI element is declared (or exempt with a reason)', async () => {
    const declaredTables = new Set(inventoryDeclarations().map((d) => d.table));
    const tables = new Set(ELEMENTS.filter((e) => e.subjects !== 'staff').flatMap((e) => e.storage.map((s) => s.split('.')[0]!)));
    const missing = [...tables].filter((t) => !declaredTables.has(t) && !EXEMPT[t]).sort();
    assert.deepEqual(missing, []);
  });

  it('every declaration names real columns, inventory elements and purposes', async () => {
    const { rows } = await sql<{ c: string }>`select table_name || '.' || column_name as c from information_schema.columns where table_schema = current_schema()`.execute(ctx.database.db);
    const columns = new Set(rows.map((r) => r.c));
    for (const d of inventoryDeclarations()) {
      assert.ok(columns.has(`${d.table}.${d.subjectColumn}`), `${d.table}.${d.subjectColumn}`);
      assert.ok(purposeById(d.purpose), `purpose ${d.purpose} of ${d.table}`);
      for (const [e, cols] of Object.entries(d.elements)) {
        assert.ok(elementById(e), `element ${e} of ${d.table}`);
        for (const c of cols) assert.ok(columns.has(`${d.table}.${c}`), `${d.table}.${c}`);
      }
      for (const c of Object.keys(d.encrypted ?? {})) assert.ok(columns.has(`${d.table}.${c}`), `${d.table}.${c}`);
      if (d.erasure.mode === 'storage-only') assert.ok(columns.has(`${d.table}.${d.erasure.timeColumn}`));
    }
  });
});
