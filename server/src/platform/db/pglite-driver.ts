// A Kysely driver for embedded PGlite. PGlite is one connection, so every use — a query, a Kysely transaction, or a
// statement from the job queue — must take turns: otherwise a job-queue statement could run inside (and be rolled back
// with) someone else's transaction. `Gate` is that turn-taking, shared by Kysely and the pg-boss adapter.
import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

export class Gate {
  #tail: Promise<void> = Promise.resolve();
  waiting = 0;
  busy = false;
  /** Resolves with a release function once every earlier holder has released. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.#tail;
    this.#tail = prev.then(() => next);
    this.waiting++;
    await prev;
    this.waiting--;
    this.busy = true;
    return () => {
      this.busy = false;
      release();
    };
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly client: PGlite;
  constructor(client: PGlite) {
    this.client = client;
  }
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.client.query<R>(q.sql, [...q.parameters]);
    return result.affectedRows !== undefined && result.affectedRows > 0
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows) }
      : { rows: result.rows };
  }
  async *streamQuery<R>(q: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(q);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

class PGliteDriver implements Driver {
  readonly #client: PGlite;
  readonly #gate: Gate;
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();
  constructor(client: PGlite, gate: Gate) {
    this.#client = client;
    this.#gate = gate;
  }
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#gate.acquire();
    const conn = new PGliteConnection(this.#client);
    this.#releases.set(conn, release);
    return conn;
  }
  async releaseConnection(conn: DatabaseConnection) {
    this.#releases.get(conn)?.();
    this.#releases.delete(conn);
  }
  async beginTransaction(conn: DatabaseConnection, settings: TransactionSettings) {
    const iso = settings.isolationLevel ? ` isolation level ${settings.isolationLevel}` : '';
    await conn.executeQuery(CompiledQuery.raw(`begin${iso}`));
  }
  async commitTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(conn: DatabaseConnection) {
    await conn.executeQuery(CompiledQuery.raw('rollback'));
  }
  async destroy() {}
}

export class PGliteDialect implements Dialect {
  readonly #client: PGlite;
  readonly #gate: Gate;
  constructor(client: PGlite, gate: Gate) {
    this.#client = client;
    this.#gate = gate;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new PGliteDriver(this.#client, this.#gate);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}
