import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { assertIdsOnly, JobRegistry } from '../../src/platform/jobs.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';

it('refuses job payloads that carry anything but ids', () => {
  assert.doesNotThrow(() => assertIdsOnly('x.y', { outboxId: '6f1c2c1e-1111-4a4a-9b9b-123456789abc', accountIds: ['a1', 'a2'] }));
  assert.throws(() => assertIdsOnly('x.y', { mobile: '13812345678' }), /not an id/);
  assert.throws(() => assertIdsOnly('x.y', { accountId: '13812345678' }), /not an id/);
  assert.throws(() => assertIdsOnly('x.y', { noteId: '张三 的诉求' }), /not an id/);
});

it('refuses a job definition without a handler or with a duplicate name', () => {
  const r = new JobRegistry();
  assert.throws(() => r.define({ name: 'x.no-handler' } as any), /no handler/);
  r.define({ name: 'x.once', handler: async () => {} });
  assert.throws(() => r.define({ name: 'x.once', handler: async () => {} }), /twice/);
});

describeEachDatabase('job registry', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database);
  });
  after(async () => p.close());

  it('every registered job has a handler and every handler is registered as a queue', async () => {
    for (const def of p.jobs.registry.all()) assert.equal(typeof def.handler, 'function', def.name);
    const sizes = await p.jobs.queueSizes();
    assert.deepEqual(Object.keys(sizes).sort(), p.jobs.registry.all().map((d) => d.name).sort());
  });

  it('refuses to send a job whose name is not registered', async () => {
    await assert.rejects(p.jobs.send('nobody.knows-me', { id: 'x1' }), /No job named/);
  });
});
