// Property-based: random sequences of actions, by random roles with random (sometimes missing) input, against the
// transition table and an in-memory model of many requests — and a shorter run against the database service.
// Whatever happens, no request reaches an illegal state, a refused step changes nothing, and no request is lost.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { addWorkingDays } from '../../src/platform/calendar.ts';
import { ACTIONS, decide, invariantViolations, STATUSES, TRANSITIONS, type CaseState, type Role } from '../../src/modules/hotline/workflow.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, asStaff, testAuthenticator } from '../support/auth.ts';

const ROLES: Role[] = ['citizen', 'hotline.dispatch', 'hotline.handle', 'hotline.approve', 'hotline.callback', 'system'];
const RATINGS = ['satisfied', 'basically-satisfied', 'unsatisfied'] as const;

const step = fc.record({
  target: fc.nat({ max: 4 }),
  action: fc.constantFrom(...ACTIONS, 'fly-away'),
  role: fc.constantFrom(...ROLES),
  reason: fc.option(fc.constantFrom('理由', '  ', ''), { nil: undefined }),
  basis: fc.option(fc.constantFrom('依据', ''), { nil: undefined }),
  days: fc.option(fc.integer({ min: -1, max: 40 }), { nil: undefined }),
  rating: fc.option(fc.constantFrom(...RATINGS), { nil: undefined }),
  advance: fc.integer({ min: 0, max: 3 }),
});

const fresh = (): CaseState => ({ status: 'submitted', dueDate: '2026-12-14', dispatchedOn: null, extensionPending: false, extensionCount: 0, maxExtensions: 1, reopenCount: 0, rating: null });

describe('the 12345 transition table (property-based)', () => {
  it('LAW-11 random action sequences never reach an illegal state and never lose a request', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 80 }), (steps) => {
        const model = new Map<number, CaseState>([0, 1, 2, 3, 4].map((i) => [i, fresh()]));
        let today = '2026-11-24';
        for (const s of steps) {
          today = addWorkingDays(today, s.advance);
          const before = model.get(s.target)!;
          const d = decide(before, s.action, s.role, { today, reason: s.reason, basis: s.basis, days: s.days ?? undefined, rating: s.rating }, s.days ?? 0);
          if (d.ok) {
            const t = TRANSITIONS.find((x) => x.action === s.action)!;
            assert.ok(t.from.includes(before.status), 'only from a listed state');
            assert.equal(d.next.status, t.to === 'same' ? before.status : t.to);
            assert.deepEqual(invariantViolations(d.next), [], `${before.status} --${s.action}--> ${d.next.status}`);
            model.set(s.target, d.next);
          } else {
            assert.deepEqual(model.get(s.target), before, 'a refused step changes nothing');
          }
          assert.equal(model.size, 5, 'no request is lost');
          for (const st of model.values()) assert.ok(STATUSES.includes(st.status));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('final states accept no further step except 重办 after 不满意', () => {
    for (const status of ['rejected', 'merged'] as const) {
      for (const action of ACTIONS) for (const role of ROLES) assert.equal(decide({ ...fresh(), status }, action, role, { today: '2026-11-24', reason: 'x', basis: 'x', days: 1, rating: 'satisfied' }).ok, false);
    }
    const rated = { ...fresh(), status: 'rated' as const, rating: 'satisfied' as const, dispatchedOn: '2026-11-24' };
    assert.equal(decide(rated, 'reopen', 'citizen', { today: '2026-11-24' }).ok, false);
    assert.equal(decide({ ...rated, rating: 'unsatisfied' }, 'reopen', 'citizen', { today: '2026-11-24' }).ok, true);
    assert.equal(decide({ ...rated, rating: 'unsatisfied', reopenCount: 1 }, 'reopen', 'citizen', { today: '2026-11-24' }).ok, false);
  });

  it('every transition names a past-tense event and every non-final state has a way out', () => {
    for (const t of TRANSITIONS) assert.match(t.event, /^citizen-request\.[a-z-]+(ed|back|sent-back)$/);
    for (const s of STATUSES) {
      if (['rejected', 'merged'].includes(s)) continue;
      assert.ok(TRANSITIONS.some((t) => t.from.includes(s) && t.to !== 'same' && t.to !== s), `${s} can move on`);
    }
  });
});

// The same kind of run against the real service over HTTP (fewer, shorter sequences: each step is a transaction).
const DB_ROLES: Record<Exclude<Role, 'system'>, Record<string, string>> = {
  citizen: {},
  'hotline.dispatch': asStaff('d1', ['hotline.dispatch']),
  'hotline.handle': asStaff('h1', ['hotline.handle'], 'urban-management'),
  'hotline.approve': asStaff('a1', ['hotline.approve'], 'urban-management'),
  'hotline.callback': asStaff('c1', ['hotline.callback']),
};

describeEachDatabase('the 12345 workflow service (property-based)', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: testAuthenticator });
    p.clock.set('2026-11-24T10:00:00+08:00');
  });
  after(async () => p.close());

  it('LAW-11 random steps through the API keep every request in a legal, persisted state', async () => {
    const dbStep = fc.record({
      target: fc.nat({ max: 1 }),
      action: fc.constantFrom(...ACTIONS.filter((a) => a !== 'urge' && a !== 'escalate' && a !== 'merge')),
      role: fc.constantFrom(...(Object.keys(DB_ROLES) as (keyof typeof DB_ROLES)[])),
      withText: fc.boolean(),
      rating: fc.constantFrom(...RATINGS),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(dbStep, { minLength: 5, maxLength: 14 }), async (steps) => {
        const citizen = randomUUID();
        const ids: string[] = [];
        for (let i = 0; i < 2; i++) {
          const r = await p.app.inject({ method: 'POST', url: '/api/v1/hotline/requests', headers: asCitizen(citizen), payload: { type: 'complaint', title: '占道经营', description: '门口占道经营严重', contact: { mobile: '13812345678' } } });
          assert.equal(r.statusCode, 201, r.body);
          ids.push(r.json().id);
        }
        for (const s of steps) {
          const id = ids[s.target]!;
          const input = { text: s.withText ? '说明' : undefined, basis: s.withText ? '依据' : undefined, days: 3, rating: s.rating, organisationId: 'urban-management' };
          const url =
            s.role === 'citizen'
              ? s.action === 'rate'
                ? `/api/v1/hotline/requests/${id}/rating`
                : s.action === 'reopen'
                  ? `/api/v1/hotline/requests/${id}/reopen`
                  : null
              : `/api/v1/console/hotline/${s.role.slice(8)}/requests/${id}/${s.action}`;
          if (!url) continue;
          const headers = s.role === 'citizen' ? asCitizen(citizen) : DB_ROLES[s.role];
          const payload = s.role === 'citizen' && s.action === 'rate' ? { rating: s.rating, comment: input.text } : s.role === 'citizen' ? undefined : input;
          const before = await ctx.database.db.selectFrom('hotline_requests').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
          const res = await p.app.inject({ method: 'POST', url, headers, payload: payload as any });
          assert.ok([200, 403, 404, 409, 422].includes(res.statusCode), `${s.action} by ${s.role}: ${res.statusCode} ${res.body}`);
          const after = await ctx.database.db.selectFrom('hotline_requests').select(['status', 'version', 'extension_pending', 'extension_count', 'reopen_count', 'rating', 'dispatched_at']).where('id', '=', id).executeTakeFirstOrThrow();
          if (res.statusCode === 200) assert.equal(after.status, res.json().status);
          else assert.deepEqual({ status: after.status, version: after.version }, before, 'a refused step changes nothing');
          assert.deepEqual(
            invariantViolations({ status: after.status, dueDate: '2026-12-31', dispatchedOn: after.dispatched_at ? '2026-11-24' : null, extensionPending: after.extension_pending, extensionCount: after.extension_count, maxExtensions: 1, reopenCount: after.reopen_count, rating: after.rating }),
            [],
          );
        }
        const mine = (await p.app.inject({ url: '/api/v1/hotline/requests', headers: asCitizen(citizen) })).json();
        assert.deepEqual(mine.items.map((i: { id: string }) => i.id).sort(), [...ids].sort(), 'no request is lost');
      }),
      { numRuns: 6 },
    );
  });
});
