// One database API over two engines: embedded PGlite (no DATABASE_URL: `npm start` needs nothing installed) and a
// PostgreSQL server (production). Both speak PostgreSQL 15 SQL; the rest of the code never asks which one it has.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { Gate, PGliteDialect, PGliteStatements } from './pglite-driver.ts';
import type { Tables } from './tables.ts';

export type Db = Kysely<Tables>;

/** Raw SQL for the job queue (pg-boss `db` option): same connection discipline as Kysely. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  readonly executor: SqlExecutor;
  /** Runs a multi-statement script in one transaction (migrations). */
  execScript(script: string): Promise<void>;
  stats(): { total: number; idle: number; waiting: number };
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… — a real server. Absent: embedded PGlite. */
  url?: string;
  /** PGlite data directory; absent with no url: in memory (tests). */
  dataDir?: string;
  poolMax?: number;
  applicationName?: string;
  /** PostgreSQL: name parameterised statements so each connection plans them once (default true) */
  preparedStatements?: boolean;
}

// int8 → number everywhere (ids and counters stay far below 2^53); bytea → Buffer on both engines.
const INT8 = 20;
const BYTEA = 17;

/** The database the configuration names: DATABASE_URL, or embedded PGlite under DATA_DIR/pgdata. */
export function openConfiguredDatabase(
  config: { DATABASE_URL?: string; dataDir: string; DATABASE_POOL_MAX: number; DATABASE_PREPARED_STATEMENTS?: boolean },
  applicationName = 'nantong-baitong',
  poolMax = config.DATABASE_POOL_MAX,
): Promise<Database> {
  return openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATABASE_URL ? undefined : path.join(config.dataDir, 'pgdata'),
    poolMax,
    applicationName,
    preparedStatements: config.DATABASE_PREPARED_STATEMENTS ?? true,
  });
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts) : openPGlite(opts.dataDir);
}

// PGlite's defaults size the embedded server like a dedicated database host (shared_buffers 160 MB, all of it touched at
// start). The embedded database serves one process and a city's demo data of a few tens of MB, so it gets a laptop's
// share: measured 2026-11-28, this cuts the WebAssembly heap from ~210 MB to ~140 MB (its floor is 128 MB); the demo
// database is ~28 MB on disk, system catalogs included. A production server is tuned by its DBA, not here.
const PGLITE_SETTINGS = ['shared_buffers=32MB', 'temp_buffers=4MB', 'wal_buffers=1MB', 'maintenance_work_mem=16MB'];

async function openPGlite(dataDir?: string): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // loaded here, not at the top: a server on PostgreSQL never needs the embedded engine (~4 MB of resident code)
  const { PGlite, protocol } = await import('@electric-sql/pglite');
  const client = await PGlite.create({
    ...(dataDir ? { dataDir } : {}),
    postgresqlconf: PGLITE_SETTINGS,
    // bytea as Buffer, as node-postgres gives it, and converted natively: PGlite's own converters go byte by byte
    // through JavaScript strings (a visible share of every encrypted-field read and write in the sign-in profile)
    parsers: { [BYTEA]: (x: string) => Buffer.from(x.slice(2), 'hex') },
    serializers: { [BYTEA]: (x: Uint8Array) => `\\x${Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('hex')}` },
  });
  const gate = new Gate();
  const statements = new PGliteStatements(client, protocol);
  const db = new Kysely<Tables>({ dialect: new PGliteDialect(statements, gate) });
  const executor: SqlExecutor = {
    // pg-boss sends multi-statement scripts without parameters (BEGIN; …; COMMIT;), which only the simple protocol runs.
    executeSql: (text, values) =>
      gate.run(async () => {
        if (values && values.length > 0) return statements.run(text, values);
        const results = await client.exec(text);
        return results.at(-1) ?? { rows: [] };
      }),
  };
  let closed = false;
  return {
    kind: 'pglite',
    db,
    executor,
    execScript: (script) => gate.run(() => client.transaction(async (tx) => void (await tx.exec(script)))),
    stats: () => ({ total: 1, idle: gate.busy ? 0 : 1, waiting: gate.waiting }),
    ping: async () => void (await sql`select 1`.execute(db)),
    close: async () => {
      if (closed) return;
      closed = true;
      await gate.run(async () => client.close());
    },
  };
}

// Named (server-side prepared) statements. Every parameterised query text gets a stable name, so a connection parses
// and plans it once and afterwards only binds and executes: measured 2026-11-28 on the password sign-in (bench/
// identity.ts), PostgreSQL's CPU per sign-in fell from 2.2 to 1.4–1.6 ms. A connection names at most
// MAX_NAMED_PER_CONNECTION distinct texts (queries built with variable-length lists make new texts; past the cap they
// run unnamed), since the server keeps each one for the connection's life. Behind a transaction-pooling PgBouncer
// older than 1.21 prepared statements break: DATABASE_PREPARED_STATEMENTS=false turns them off.
const MAX_NAMED_PER_CONNECTION = 1000;
const statementNames = new Map<string, string>();

// A migration that changes a table's columns while connections hold a prepared `SELECT *` on it (a rolling deploy:
// the new instance migrates, the old ones keep serving) makes PostgreSQL refuse that statement ("cached plan must not
// change result type"). The connection then prepares the text again under a new name; a statement that failed outside
// a transaction is retried at once (it had no effect), inside one the error stands and the next use is fresh.
const isStalePlan = (err: unknown) => (err as { code?: string } | null)?.code === '0A000' && /cached plan must not change result type/.test((err as Error).message);

class PreparingClient extends pg.Client {
  #named = new Set<string>();
  readonly #renamed = new Map<string, string>();
  #generation = 0;

  #nameFor(text: string): string | null {
    const renamed = this.#renamed.get(text);
    if (renamed) return renamed;
    let name = statementNames.get(text);
    if (!name) {
      name = `ntbt_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      if (statementNames.size < 10 * MAX_NAMED_PER_CONNECTION) statementNames.set(text, name);
    }
    if (!this.#named.has(name) && this.#named.size >= MAX_NAMED_PER_CONNECTION) return null;
    this.#named.add(name);
    return name;
  }

  override query(...args: unknown[]): any {
    const [text, values, callback] = args; // pg-pool passes a callback, Kysely does not
    const send = (...a: unknown[]) => (super.query as (...b: unknown[]) => unknown)(...a);
    const name = typeof text === 'string' && Array.isArray(values) && values.length > 0 ? this.#nameFor(text) : null;
    if (!name) return send(...args);
    const replace = () => this.#renamed.set(text as string, `${name.replace(/_r\d+$/, '')}_r${++this.#generation}`);
    const retryable = () => this.getTransactionStatus() === 'I';
    if (typeof callback === 'function') {
      return send({ name, text, values }, (err: unknown, res: unknown) => {
        if (!isStalePlan(err)) return (callback as (e: unknown, r: unknown) => void)(err, res);
        replace();
        if (retryable()) return send({ text, values }, callback);
        (callback as (e: unknown, r: unknown) => void)(err, res);
      });
    }
    return (send({ name, text, values }) as Promise<unknown>).catch((err: unknown) => {
      if (!isStalePlan(err)) throw err;
      replace();
      if (retryable()) return send({ text, values });
      throw err;
    });
  }
}

async function openPostgres(url: string, opts: DatabaseOptions): Promise<Database> {
  const pool = new pg.Pool({
    ...(opts.preparedStatements === false ? {} : { Client: PreparingClient }),
    connectionString: url,
    max: opts.poolMax ?? 10,
    application_name: opts.applicationName ?? 'nantong-baitong',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === INT8) return (v: string) => Number(v);
        if (oid === BYTEA) return pg.types.getTypeParser(BYTEA, format as 'text');
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', () => {}); // idle-client errors surface on the next query; the pool replaces the client
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  await sql`select 1`.execute(db); // fail fast with a clear message if the server is unreachable
  let closed = false;
  return {
    kind: 'postgres',
    db,
    executor: { executeSql: (text, values) => pool.query(text, values as unknown[]) },
    execScript: async (script) => {
      const c = await pool.connect();
      try {
        await c.query('begin');
        await c.query(script);
        await c.query('commit');
      } catch (e) {
        await c.query('rollback').catch(() => {});
        throw e;
      } finally {
        c.release();
      }
    },
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    ping: async () => void (await sql`select 1`.execute(db)),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.destroy(); // ends the pool
    },
  };
}
