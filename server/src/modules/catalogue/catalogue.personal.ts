// The citizen's own catalogue data, each under the purpose the policy declares for it:
//  - 收藏 and 办事记录 (PP-1.9, purpose search-history, consent): guard first (adding a favourite: the consent is
//    tested by the write's own audit statement, guard.within); refused → consent-required, and the app shows the
//    consent sheet. Handling records arrive from the features that handle items through
//    recordHandling(tx, …), which enqueues a job in the caller's transaction; the job writes the record only if the
//    consent is in force then (the purpose guard cannot run inside a PGlite transaction).
//  - usage logs (PP-1.11): which service, when, how long, keyed by a pseudonym; written for signed-in citizens under
//    service-logs (legal obligation, LAW-7) and for devices only with usage-statistics consent; only rows written
//    with usage-statistics consent feed the anonymous statistics, and counts below K_ANONYMITY are suppressed.
//  - nearby halls (PP-1.12, location-services, separate consent): the coordinates are used in the request and never
//    stored or logged (the body is not logged; the query string would be).
import type { Transaction } from 'kysely';
import type { AuditService } from '../audit/index.ts';
import type { PurposeGuard, Subject } from '../privacy/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import type { Tables } from '../../platform/db/tables.ts';
import type { JobDefinition, Jobs } from '../../platform/jobs.ts';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import type { HandlingStatus } from './catalogue.repository.ts';
import type { CatalogueReader } from './catalogue.service.ts';
import type { Hall } from './catalogue.types.ts';

export const HANDLING_STATUSES: readonly HandlingStatus[] = ['started', 'submitted', 'accepted', 'in-progress', 'completed', 'rejected', 'withdrawn'];
/** statistics cells with fewer uses than this are suppressed (small counts could single people out) */
export const K_ANONYMITY = 5;
export const RECORD_HANDLING_JOB = 'catalogue.record-handling';

export interface HandlingInput {
  accountId: string;
  itemCode: string;
  status: HandlingStatus;
  /** the handling feature's own reference, e.g. the 12345 ticket number (an id, never PI) */
  reference: string;
  at: Date;
}

interface Deps {
  db: () => Db;
  clock: Clock;
  guard: PurposeGuard;
  audit: AuditService;
  jobs: Jobs;
  reader: CatalogueReader;
  pseudonym: (subject: Subject) => string;
}

const citizen = (p: Principal | null) => {
  if (p?.kind !== 'citizen') throw new AppError(P.unauthenticated);
  return p;
};

export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

export function createPersonalService(deps: Deps) {
  const { db, clock, guard, audit, jobs, reader } = deps;
  const FAV = { elements: ['favourites'] };
  const REC = { elements: ['handling-records'] };

  async function writeHandling(tx: Transaction<Tables>, input: HandlingInput) {
    await tx
      .insertInto('catalogue_handling_records')
      .values({ account_id: input.accountId, item_code: input.itemCode, status: input.status, reference: input.reference, started_at: input.at, updated_at: input.at })
      .onConflict((oc) => oc.columns(['account_id', 'item_code', 'reference']).doUpdateSet({ status: input.status, updated_at: input.at }))
      .execute();
    await audit.record(tx, {
      actor: { kind: 'job', ref: RECORD_HANDLING_JOB }, action: 'catalogue.record-handling', subjectId: input.accountId,
      elements: ['handling-records'], purposeId: 'search-history', legalBasis: 'consent',
      details: { itemCode: input.itemCode, status: input.status, reference: input.reference },
    });
  }

  const recordHandlingJob: JobDefinition<{ accountId: string; itemId: string; statusId: string; referenceId: string; atId: number }> = {
    name: RECORD_HANDLING_JOB,
    retryLimit: 5,
    async handler(data) {
      try {
        await guard.require({ kind: 'account', ref: data.accountId }, 'search-history', REC);
      } catch (err) {
        if (err instanceof AppError) return; // PP-1.9: no consent → the record is not kept
        throw err;
      }
      if (!(await reader.getItem(data.itemId))) return; // unknown or withdrawn item: nothing to show
      await db().transaction().execute((tx) =>
        writeHandling(tx, { accountId: data.accountId, itemCode: data.itemId, status: data.statusId as HandlingStatus, reference: data.referenceId, at: new Date(data.atId) }),
      );
    },
  };

  return {
    jobs: [recordHandlingJob] as JobDefinition<any>[],

    /**
     * For the features that handle items (12345 first): note that the citizen started or progressed an item. Runs in
     * the caller's transaction (the record exists only if it commits) and is written only under PP-1.9 consent.
     */
    async recordHandling(tx: Transaction<any>, input: HandlingInput): Promise<void> {
      if (!HANDLING_STATUSES.includes(input.status)) throw new Error(`unknown handling status ${input.status}`);
      await jobs.send(RECORD_HANDLING_JOB, { accountId: input.accountId, itemId: input.itemCode, statusId: input.status, referenceId: input.reference, atId: input.at.getTime() }, { tx });
    },

    async handlingRecords(principal: Principal | null) {
      const p = citizen(principal);
      await guard.require(p, 'search-history', REC);
      const rows = await db().selectFrom('catalogue_handling_records').selectAll().where('account_id', '=', p.accountId).orderBy('updated_at', 'desc').limit(200).execute();
      const out = [];
      for (const r of rows) {
        const item = await reader.getItem(r.item_code);
        out.push({ itemCode: r.item_code, name: item?.name ?? r.item_code, status: r.status, reference: r.reference, startedAt: new Date(r.started_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString() });
      }
      return out;
    },

    async favourites(principal: Principal | null) {
      const p = citizen(principal);
      await guard.require(p, 'search-history', FAV);
      const rows = await db().selectFrom('catalogue_favourites').selectAll().where('account_id', '=', p.accountId).orderBy('created_at', 'desc').execute();
      const items = [];
      for (const r of rows) {
        const item = await reader.getItem(r.item_code);
        if (item) items.push(item); // an unpublished item drops out of the list until it is published again
      }
      return items;
    },

    async addFavourite(principal: Principal | null, code: string) {
      const p = citizen(principal);
      if (!(await reader.getItem(code))) throw new AppError(P.notFound);
      // The consent is tested by the audit record's statement (guard.within): in the snapshot the favourite commits
      // from, with no query of its own first.
      await guard.within(p, 'search-history', FAV, ({ legalBasis, requires }) =>
        db().transaction().execute(async (tx) => {
          const res = await tx.insertInto('catalogue_favourites').values({ account_id: p.accountId, item_code: code, created_at: clock.now() }).onConflict((oc) => oc.doNothing()).executeTakeFirst();
          if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return; // already a favourite: nothing changed
          await audit.record(
            tx,
            {
              actor: { kind: 'citizen', ref: p.accountId }, action: 'catalogue.add-favourite', subjectId: p.accountId,
              elements: ['favourites'], purposeId: 'search-history', legalBasis, details: { itemCode: code },
            },
            [],
            { requires },
          );
        }),
      );
    },

    /** Removing is always allowed, consent or not: it only ever deletes the citizen's own data. */
    async removeFavourite(principal: Principal | null, code: string) {
      const p = citizen(principal);
      await db().transaction().execute(async (tx) => {
        const res = await tx.deleteFrom('catalogue_favourites').where('account_id', '=', p.accountId).where('item_code', '=', code).executeTakeFirst();
        if (Number(res.numDeletedRows) === 0) return;
        await audit.record(tx, {
          actor: { kind: 'citizen', ref: p.accountId }, action: 'catalogue.remove-favourite', subjectId: p.accountId,
          elements: ['favourites'], purposeId: 'search-history', legalBasis: 'consent', details: { itemCode: code },
        });
      });
    },

    /** For erasure (PP-4.x): deletes the account's favourites and handling records in the caller's transaction. */
    async eraseAccount(tx: Transaction<any>, accountId: string): Promise<{ favourites: number; handlingRecords: number }> {
      const t = tx as Transaction<Tables>;
      const f = await t.deleteFrom('catalogue_favourites').where('account_id', '=', accountId).executeTakeFirst();
      const h = await t.deleteFrom('catalogue_handling_records').where('account_id', '=', accountId).executeTakeFirst();
      return { favourites: Number(f.numDeletedRows), handlingRecords: Number(h.numDeletedRows) };
    },

    /**
     * PP-1.11: a usage log line. Signed-in citizens: service-logs (legal obligation). Guests: only a device with
     * usage-statistics consent. Returns whether anything was written.
     */
    async logUsage(principal: Principal | null, device: Subject | null, input: { itemCode: string; durationMs: number | null }): Promise<boolean> {
      const subject: Subject | null = principal?.kind === 'citizen' ? { kind: 'account', ref: principal.accountId } : device;
      if (!subject) return false;
      if (!(await reader.getItem(input.itemCode))) throw new AppError(P.notFound);
      const statistics = await guard.require(subject, 'usage-statistics', { elements: ['usage-logs'] }).then(() => true, (err) => {
        if (err instanceof AppError) return false;
        throw err;
      });
      if (subject.kind === 'device' && !statistics) return false; // a guest device without consent: nothing is kept
      if (subject.kind === 'account') await guard.require(subject, 'service-logs', { elements: ['usage-logs'] });
      // Duration is reported by the app when the page closes; it is clamped to an hour (a tab left open is not use).
      const duration = input.durationMs == null ? null : Math.min(Math.max(0, Math.round(input.durationMs)), 3_600_000);
      await db()
        .insertInto('catalogue_usage_logs')
        .values({ subject_pseudonym: deps.pseudonym(subject), item_code: input.itemCode, opened_at: clock.now(), duration_ms: duration, for_statistics: statistics })
        .execute();
      return true;
    },

    /** Anonymous statistics over consented usage logs only; cells below K_ANONYMITY are suppressed. */
    async usageStatistics(from: Date, to: Date) {
      const rows = await db()
        .selectFrom('catalogue_usage_logs')
        .select((eb) => ['item_code', eb.fn.countAll<string>().as('uses'), eb.fn.count<string>('subject_pseudonym').distinct().as('people'), eb.fn.avg<string>('duration_ms').as('avg_ms')])
        .where('for_statistics', '=', true)
        .where('opened_at', '>=', from)
        .where('opened_at', '<', to)
        .groupBy('item_code')
        .execute();
      let suppressed = 0;
      const items = [];
      for (const r of rows) {
        // the threshold applies to people, not uses: one person opening an item 10 times is still one person
        if (Number(r.people) < K_ANONYMITY) {
          suppressed++;
          continue;
        }
        const item = await reader.getItem(r.item_code);
        items.push({ itemCode: r.item_code, name: item?.name ?? r.item_code, uses: Number(r.uses), averageSeconds: r.avg_ms == null ? null : Math.round(Number(r.avg_ms) / 1000) });
      }
      items.sort((a, b) => b.uses - a.uses);
      return { from: from.toISOString(), to: to.toISOString(), threshold: K_ANONYMITY, suppressedItems: suppressed, items };
    },

    /** PP-1.12: halls by distance, only with the location purpose consented; the coordinates are not kept. */
    async nearbyHalls(principal: Principal | null, device: Subject | null, at: { lat: number; lng: number }, limit: number): Promise<(Hall & { distanceKm: number })[]> {
      const subject: Subject | null = principal?.kind === 'citizen' ? { kind: 'account', ref: principal.accountId } : device;
      await guard.require(subject, 'location-services', { elements: ['precise-location'] });
      const halls = await reader.halls();
      return halls
        .map((h) => ({ ...h, distanceKm: Math.round(haversineKm(at, h) * 10) / 10 }))
        .sort((a, b) => a.distanceKm - b.distanceKm)
        .slice(0, limit);
    },
  };
}

export type PersonalService = ReturnType<typeof createPersonalService>;
