// The inventory must describe the database as it is: every column of every table in schema public is either storage
// of a PI element (inventory/elements.ts) or declared non-personal with a reason (inventory/non-personal.ts).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sql } from 'kysely';
import { ELEMENTS } from '../../src/modules/privacy/inventory/elements.ts';
import { NON_PERSONAL } from '../../src/modules/privacy/inventory/non-personal.ts';
import { describeEachDatabase } from '../support/db.ts';

describeEachDatabase('PI inventory against the live schema', (ctx) => {
  const liveColumns = async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select c.table_name, c.column_name
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
       where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
       order by 1, 2`.execute(ctx.database.db);
    return new Set(rows.map((r) => `${r.table_name}.${r.column_name}`));
  };
  const stored = () => new Set(ELEMENTS.flatMap((e) => e.storage));

  it('PP-3.4 every column of every table is classified: PI element storage or non-personal with a reason', async () => {
    const live = await liveColumns();
    assert.ok(live.has('consent_records.subject_ref'), 'migrations ran');
    const mapped = stored();
    const unclassified = [...live].filter((c) => !mapped.has(c) && !(c in NON_PERSONAL));
    assert.deepEqual(unclassified, [], 'classify these columns in inventory/elements.ts (storage) or inventory/non-personal.ts');
  });

  it('every storage the inventory names and every non-personal column exists in the schema', async () => {
    const live = await liveColumns();
    assert.deepEqual([...stored()].filter((c) => !live.has(c)), [], 'element storage that no table has');
    assert.deepEqual(Object.keys(NON_PERSONAL).filter((c) => !live.has(c)), [], 'non-personal declarations for columns that do not exist');
  });

  // A column may hold more than one element (notification_outbox.to_address: a mobile number or an email address).
  it('no column is both an element\u2019s storage and non-personal', () => {
    const all = ELEMENTS.flatMap((e) => e.storage);
    assert.deepEqual(all.filter((c) => c in NON_PERSONAL), []);
    for (const [col, reason] of Object.entries(NON_PERSONAL)) assert.ok(reason.trim().length > 5, `${col} needs a reason`);
  });
});
