// PP-5.2: PI of a child under 14 collected without verifiable guardian consent (no active guardian link) is found by
// the scheduled sweep and deleted, with an audit record; a child with a guardian and an adult are left alone.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { before, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachDatabase } from '../support/db.ts';
import { testConfig } from '../support/platform.ts';
import { FieldCipher, blindIndexer } from '../../src/platform/crypto/index.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { AuditService, auditRepository } from '../../src/modules/audit/index.ts';
import { createRightsModule, sweepMinors } from '../../src/modules/rights/index.ts';

describeEachDatabase('rights: minors without guardian consent', (ctx) => {
  const child = randomUUID();
  const guarded = randomUUID();
  const adult = randomUUID();
  let rights: ReturnType<typeof createRightsModule>;
  let audit: AuditService;
  before(async () => {
    const config = testConfig();
    const cipher = new FieldCipher(ctx.database.db, { secrets: config.secrets });
    audit = new AuditService({ pseudonymKey: config.secrets.blindIndexKey, signingKey: config.secrets.auditSigningKey });
    const bands: Record<string, string> = { [child]: 'under-14', [guarded]: 'under-14', [adult]: 'adult' };
    const unused = async () => { throw new Error('not used'); };
    rights = createRightsModule({
      database: ctx.database, clock: new FixedClock(), logger: createLogger({ level: 'fatal' }), jobs: {} as never, cipher,
      blindIndex: blindIndexer(config.secrets.blindIndexKey), audit, sharing: {} as never, notifications: {} as never,
      stepUp: { require: unused, isFresh: async () => false }, contactOf: async () => null, describeStaff: async () => null, revokeOidc: unused,
      ageBand: async (id) => bands[id] ?? 'unknown',
    });
    const db = ctx.database.db;
    for (const id of [child, guarded, adult]) {
      await sql`insert into realname_identities (account_id, real_name_enc, id_number_enc, id_number_bidx, id_verified_at, id_check_ref, updated_at)
        values (${id}, ${randomBytes(8)}, ${randomBytes(8)}, ${randomBytes(16)}, now(), 'x', now())`.execute(db);
      await sql`insert into notification_inbox (account_id, title, body) values (${id}, '通知', '正文')`.execute(db);
    }
    await sql`insert into guardian_links (id, minor_account_id, guardian_account_id, relation, created_at) values (${randomUUID()}, ${guarded}, ${randomUUID()}, 'parent', now())`.execute(db);
  });

  it('PP-5.2 the sweep deletes the app data of a child without a guardian link, audited; others are untouched', async () => {
    const swept = await sweepMinors(rights.context);
    assert.deepEqual(swept, [child]);
    const inbox = async (id: string) => (await sql<{ n: number }>`select count(*)::int as n from notification_inbox where account_id = ${id}`.execute(ctx.database.db)).rows[0]!.n;
    assert.equal(await inbox(child), 0);
    assert.equal(await inbox(guarded), 1);
    assert.equal(await inbox(adult), 1);
    const actions = (await auditRepository.bySubject(ctx.database.db, audit.subjectPseudonym(child))).map((a) => a.action);
    assert.ok(actions.includes('rights.erase-minor-without-consent'));
  });
});
