// SMS_SANDBOX_PER_MINUTE: the browser tests raise the sandbox's per-number minute limit so that a journey with several
// codes needs no minute-long waits. The default stays a carrier's one a minute (the outbox test proves the refusal
// through the job queue too), the hourly limit is untouched, and production refuses the variable like the sandbox.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Transaction } from 'kysely';
import type { Tables } from '../../src/platform/db/tables.ts';
import { ConfigError, loadConfig } from '../../src/platform/config.ts';
import { DELIVER_JOB, type EnqueueInput } from '../../src/modules/notifications/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testConfig } from '../support/platform.ts';
import { harness, type Harness } from './support.ts';

const otp = (mobile: string): EnqueueInput => ({
  recipient: { kind: 'account', ref: 'acc-1', address: mobile },
  channel: 'sms',
  template: 'otp',
  params: { code: '482913', minutes: 5 },
});

it('SMS_SANDBOX_PER_MINUTE defaults to one message a minute, like a carrier gateway', () => {
  assert.equal(testConfig().SMS_SANDBOX_PER_MINUTE, 1);
  assert.equal(testConfig({ SMS_SANDBOX_PER_MINUTE: '20' }).SMS_SANDBOX_PER_MINUTE, 20);
  assert.throws(() => testConfig({ SMS_SANDBOX_PER_MINUTE: '0' }), (e: unknown) => e instanceof ConfigError && /SMS_SANDBOX_PER_MINUTE="0"/.test(e.message));
});

it('production refuses a raised SMS_SANDBOX_PER_MINUTE, as it refuses the sandbox itself', () => {
  const secrets = {
    KEK: Buffer.alloc(32, 1).toString('base64'),
    BLIND_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
    SESSION_SECRET: Buffer.alloc(32, 3).toString('base64'),
    AUDIT_SIGNING_KEY: 'not-read-here',
  };
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production', SMS_SANDBOX_PER_MINUTE: '20', ...secrets }, '/tmp'),
    (e: unknown) => e instanceof ConfigError && /SMS_SANDBOX_PER_MINUTE: only the SMS sandbox reads it/.test(e.message),
  );
  assert.equal(loadConfig({ NODE_ENV: 'production', ...secrets }, '/tmp').SMS_SANDBOX_PER_MINUTE, 1);
});

for (const [title, env, perMinute] of [
  ['by default', {}, 1],
  ['with SMS_SANDBOX_PER_MINUTE=3', { SMS_SANDBOX_PER_MINUTE: '3' }, 3],
] as const) {
  describeEachDatabase(`the SMS sandbox's per-minute limit ${title}`, (ctx) => {
    let h: Harness;
    before(async () => {
      h = await harness(ctx.database, env);
    });
    after(async () => h.close());
    const enqueue = (input: EnqueueInput) => ctx.database.db.transaction().execute((tx: Transaction<Tables>) => h.n.service.enqueue(tx, input));

    it(`accepts ${perMinute} message(s) a minute per number and refuses the next one within the minute as a temporary failure`, async () => {
      const mobile = '13712345679';
      for (let i = 0; i < perMinute; i++) await h.jobs.run(DELIVER_JOB, { outboxId: await enqueue(otp(mobile)) });
      const refused = await enqueue(otp(mobile));
      await assert.rejects(h.jobs.run(DELIVER_JOB, { outboxId: refused }), new RegExp(`rate limited: ${perMinute} per minute`));
      const row = await ctx.database.db.selectFrom('notification_outbox').select(['status', 'last_error']).where('id', '=', refused).executeTakeFirstOrThrow();
      assert.equal(row.status, 'temporary-failure');
      // another number is not held up
      await h.jobs.run(DELIVER_JOB, { outboxId: await enqueue(otp('13712345680')) });
      // a minute later the refused one goes
      h.clock.advance(61_000);
      await h.jobs.run(DELIVER_JOB, { outboxId: refused });
    });

    it('keeps the ten-an-hour limit whatever the minute limit', async () => {
      const mobile = '13712345681';
      for (let i = 0; i < 10; i++) {
        h.clock.advance(61_000);
        await h.jobs.run(DELIVER_JOB, { outboxId: await enqueue(otp(mobile)) });
      }
      h.clock.advance(61_000);
      await assert.rejects(h.jobs.run(DELIVER_JOB, { outboxId: await enqueue(otp(mobile)) }), /10 per hour/);
    });
  });
}
