// Background jobs on pg-boss, in the same PostgreSQL. One registry of job names: a job can only be sent if it is
// defined, and every definition carries its handler (test/jobs-registry.test.ts checks both ways). Job payloads carry
// ids only — never PI — so a queue table, a retry log or a dead letter can never leak a citizen's data.
import PgBoss from 'pg-boss';
import { CompiledQuery, type Transaction } from 'kysely';
import type { SqlExecutor } from './db/database.ts';
import type { Logger } from './logger.ts';

export type JobPayload = Record<string, string | number | (string | number)[]>;

export interface JobDefinition<T extends JobPayload = JobPayload> {
  name: string;
  handler: (data: T, ctx: { jobId: string; retryCount: number }) => Promise<void>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** cron expression (UTC) for recurring jobs; the payload is then {} */
  schedule?: string;
  /** how many to work on at once in this process */
  concurrency?: number;
}

const ID_KEY = /^(id|[a-z][A-Za-z0-9]*Id|[a-z][A-Za-z0-9]*Ids)$/;
const ID_VALUE = /^[A-Za-z0-9_:.-]{1,80}$/;

/** Jobs carry ids only (DEVELOPERS.md; PP-3.4). Throws on anything else. */
export function assertIdsOnly(name: string, data: unknown): asserts data is JobPayload {
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`Job ${name}: payload must be an object of ids`);
  for (const [k, v] of Object.entries(data)) {
    const values = Array.isArray(v) ? v : [v];
    const ok =
      ID_KEY.test(k) &&
      values.every((x) => (typeof x === 'number' && Number.isSafeInteger(x)) || (typeof x === 'string' && ID_VALUE.test(x) && !/^\+?\d{11,}$/.test(x)));
    if (!ok) throw new Error(`Job ${name}: field "${k}" is not an id — jobs carry ids only`);
  }
}

export class JobRegistry {
  readonly #defs = new Map<string, JobDefinition<any>>();
  define<T extends JobPayload>(def: JobDefinition<T>): JobDefinition<T> {
    if (!/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/.test(def.name)) throw new Error(`Job name "${def.name}" must look like module.verb-object`);
    if (this.#defs.has(def.name)) throw new Error(`Job "${def.name}" is defined twice`);
    if (typeof def.handler !== 'function') throw new Error(`Job "${def.name}" has no handler`);
    this.#defs.set(def.name, def);
    return def;
  }
  get(name: string) {
    return this.#defs.get(name);
  }
  all(): JobDefinition<any>[] {
    return [...this.#defs.values()];
  }
}

export interface JobCounters {
  completed: Map<string, number>;
  failed: Map<string, number>;
}

/** Something with a transaction-bound connection, so a job is enqueued atomically with the write that caused it. */
type Tx = Transaction<any>;

export class Jobs {
  readonly registry: JobRegistry;
  readonly counters: JobCounters = { completed: new Map(), failed: new Map() };
  #boss: PgBoss;
  #log: Logger;
  #started = false;
  #working = false;
  #inFlight = 0;

  constructor(executor: SqlExecutor, registry: JobRegistry, log: Logger) {
    this.registry = registry;
    this.#log = log;
    this.#boss = new PgBoss({
      db: executor as PgBoss.Db,
      schema: 'pgboss',
      supervise: true,
      schedule: true,
      migrate: true,
      maintenanceIntervalSeconds: 120,
      monitorStateIntervalSeconds: 30,
    });
    this.#boss.on('error', (err) => this.#log.error({ err }, 'job queue error'));
  }

  get started() {
    return this.#started;
  }
  get inFlight() {
    return this.#inFlight;
  }

  /** Creates the queues. `work: false` lets tests enqueue and run handlers by hand. */
  async start({ work = true }: { work?: boolean } = {}): Promise<void> {
    await this.#boss.start();
    this.#started = true;
    for (const def of this.registry.all()) {
      await this.#boss.createQueue(def.name, {
        name: def.name,
        retryLimit: def.retryLimit ?? 5,
        retryDelay: def.retryDelaySeconds ?? 10,
        retryBackoff: def.retryBackoff ?? true,
        expireInSeconds: def.expireInSeconds ?? 300,
      });
      if (def.schedule) await this.#boss.schedule(def.name, def.schedule, {}, { tz: 'UTC' });
    }
    if (work) {
      this.#working = true;
      for (const def of this.registry.all()) {
        await this.#boss.work(def.name, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
          if (!job) return;
          await this.run(def.name, job.data as JobPayload, { jobId: job.id, retryCount: 0 });
        });
      }
    }
  }

  /** Runs one job's handler now, counting it; used by the worker and by tests. */
  async run(name: string, data: JobPayload, ctx = { jobId: 'inline', retryCount: 0 }): Promise<void> {
    const def = this.registry.get(name);
    if (!def) throw new Error(`No job named "${name}"`);
    this.#inFlight++;
    try {
      await def.handler(data, ctx);
      this.counters.completed.set(name, (this.counters.completed.get(name) ?? 0) + 1);
    } catch (err) {
      this.counters.failed.set(name, (this.counters.failed.get(name) ?? 0) + 1);
      this.#log.warn({ err, job: name, jobId: ctx.jobId }, 'job failed');
      throw err;
    } finally {
      this.#inFlight--;
    }
  }

  /** Enqueues a job. With `tx`, the job exists only if that transaction commits (transactional outbox). */
  async send(name: string, data: JobPayload, opts: { tx?: Tx; startAfterSeconds?: number; singletonKey?: string } = {}): Promise<string | null> {
    if (!this.registry.get(name)) throw new Error(`No job named "${name}" is registered`);
    assertIdsOnly(name, data);
    if (!this.#started) throw new Error('Job queue not started');
    const db = opts.tx ? txExecutor(opts.tx) : undefined;
    return this.#boss.send(name, data, {
      ...(db ? { db } : {}),
      ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
    });
  }

  async queueSizes(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    if (!this.#started) return out;
    for (const def of this.registry.all()) out[def.name] = await this.#boss.getQueueSize(def.name);
    return out;
  }

  async ping(): Promise<void> {
    if (!this.#started) throw new Error('job queue not started');
    await this.#boss.getQueues();
  }

  /** Stops fetching new jobs and waits for the ones in progress (graceful shutdown). */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    await this.#boss.stop({ graceful: this.#working, wait: true, timeout: timeoutMs, close: false });
  }
}

export function txExecutor(tx: Tx): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[]) => {
      const r = await tx.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: r.rows as any[] };
    },
  };
}
