// A Kysely driver for embedded PGlite. PGlite is one connection, so every use — a query, a Kysely transaction, or a
// statement from the job queue — must take turns: otherwise a job-queue statement could run inside (and be rolled back
// with) someone else's transaction. `Gate` is that turn-taking, shared by Kysely and the pg-boss adapter.
import type { PGlite, protocol } from '@electric-sql/pglite';
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

// PGlite's query() runs every statement as six separate calls into the WebAssembly server (parse, describe, bind,
// describe, execute, sync), parsing and planning it each time. Here a parameterised statement is parsed and described
// once under a name; each run is then ONE call (bind, execute, sync) that reuses the plan. Measured 2026-11-28 on the
// password sign-in (bench/identity.ts) this is most of what the embedded database cost per request. Statements without
// parameters (BEGIN, COMMIT, DDL) take one unnamed call. At most MAX_NAMED texts are kept; past that, unnamed.
const MAX_NAMED = 1000;
const ROW_COUNT = /^(?:INSERT \d+|UPDATE|DELETE|MERGE|COPY) (\d+)$/;

interface Prepared {
  name: string;
  paramTypes: number[];
  fields: { name: string; dataTypeID: number }[];
}

export class PGliteStatements {
  readonly #client: PGlite;
  readonly #prepared = new Map<string, Prepared>();
  readonly #wire: (typeof protocol)['serialize'];
  #seq = 0;
  /** `wire`: PGlite's protocol module, passed in so that PGlite is loaded only when the embedded database is used */
  constructor(client: PGlite, wire: typeof protocol) {
    this.#client = client;
    this.#wire = wire.serialize;
  }

  async run<R>(text: string, params: readonly unknown[]): Promise<QueryResult<R>> {
    if (params.length === 0) return this.#result(await this.#call(this.#wire.parse({ text, types: [] }), this.#wire.bind({}), this.#wire.describe({ type: 'P' }), this.#wire.execute({}), this.#wire.sync()));
    const known = this.#prepared.get(text);
    if (!known && this.#prepared.size >= MAX_NAMED) {
      const r = await this.#client.query<R>(text, [...params]);
      return r.affectedRows ? { rows: r.rows, numAffectedRows: BigInt(r.affectedRows) } : { rows: r.rows };
    }
    const stmt = known ?? (await this.#prepare(text));
    try {
      return this.#result(await this.#call(this.#wire.bind({ statement: stmt.name, values: this.#values(stmt, params) }), this.#wire.execute({}), this.#wire.sync()), stmt.fields);
    } catch (err) {
      // A table changed under a prepared SELECT * ("cached plan must not change result type"): prepare it afresh and
      // run it again — unless a transaction was open, which that error has already aborted: then the error stands.
      if ((err as { code?: string }).code !== '0A000') throw err;
      this.#prepared.delete(text);
      await this.#call(this.#wire.close({ type: 'S', name: stmt.name }), this.#wire.sync()).catch(() => undefined);
      try {
        return await this.run<R>(text, params);
      } catch (again) {
        throw (again as { code?: string }).code === '25P02' ? err : again;
      }
    }
  }

  async #prepare(text: string): Promise<Prepared> {
    const name = `ntbt_${++this.#seq}`;
    const messages = await this.#call(this.#wire.parse({ name, text, types: [] }), this.#wire.describe({ type: 'S', name }), this.#wire.sync());
    const params = messages.find((m) => m.name === 'parameterDescription') as { dataTypeIDs: number[] } | undefined;
    const rows = messages.find((m) => m.name === 'rowDescription') as { fields: { name: string; dataTypeID: number }[] } | undefined;
    const stmt = { name, paramTypes: params?.dataTypeIDs ?? [], fields: rows?.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })) ?? [] };
    this.#prepared.set(text, stmt);
    return stmt;
  }

  #values(stmt: Prepared, params: readonly unknown[]): (string | null)[] {
    const serializers = this.#client.serializers;
    return params.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializeValue = serializers[stmt.paramTypes[i]!];
      return serializeValue ? serializeValue(value) : String(value);
    });
  }

  // PGlite syncs its file system after every call by default, through a mutex and Emscripten's syncfs (~0.02 ms a call
  // here). Inside a transaction block nothing is durable before COMMIT, so only a call that leaves the session outside
  // a transaction (an autocommit statement, COMMIT, ROLLBACK — or one that failed) syncs: BEGIN … COMMIT syncs once.
  async #call(...parts: Uint8Array[]) {
    try {
      const { messages } = await this.#client.execProtocol(Buffer.concat(parts), { syncToFs: false });
      return messages as { name: string }[];
    } finally {
      if (!this.#client.isInTransaction()) await this.#client.syncToFs();
    }
  }

  #result<R>(messages: { name: string }[], known?: Prepared['fields']): QueryResult<R> {
    const parsers = this.#client.parsers;
    let fields = known ?? [];
    const rows: R[] = [];
    let numAffectedRows: bigint | undefined;
    for (const m of messages) {
      if (m.name === 'rowDescription') fields = (m as unknown as { fields: Prepared['fields'] }).fields;
      else if (m.name === 'dataRow') {
        const values = (m as unknown as { fields: (string | null)[] }).fields;
        const row: Record<string, unknown> = {};
        for (let i = 0; i < fields.length; i++) {
          const v = values[i];
          const { name, dataTypeID } = fields[i]!;
          const parseValue = parsers[dataTypeID];
          row[name] = v === null || v === undefined ? null : parseValue ? parseValue(v, dataTypeID) : v;
        }
        rows.push(row as R);
      } else if (m.name === 'commandComplete') {
        const count = ROW_COUNT.exec((m as unknown as { text: string }).text);
        if (count && Number(count[1]) > 0) numAffectedRows = BigInt(count[1]!);
      }
    }
    return numAffectedRows !== undefined ? { rows, numAffectedRows } : { rows };
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly statements: PGliteStatements;
  constructor(statements: PGliteStatements) {
    this.statements = statements;
  }
  executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    return this.statements.run<R>(q.sql, q.parameters);
  }
  async *streamQuery<R>(q: CompiledQuery, chunkSize = 100): AsyncIterableIterator<QueryResult<R>> {
    const { rows } = await this.executeQuery<R>(q);
    for (let i = 0; i < rows.length; i += chunkSize) yield { rows: rows.slice(i, i + chunkSize) };
  }
}

class PGliteDriver implements Driver {
  readonly #statements: PGliteStatements;
  readonly #gate: Gate;
  readonly #releases = new WeakMap<DatabaseConnection, () => void>();
  constructor(statements: PGliteStatements, gate: Gate) {
    this.#statements = statements;
    this.#gate = gate;
  }
  async init() {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#gate.acquire();
    const conn = new PGliteConnection(this.#statements);
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
  readonly #statements: PGliteStatements;
  readonly #gate: Gate;
  constructor(statements: PGliteStatements, gate: Gate) {
    this.#statements = statements;
    this.#gate = gate;
  }
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver() {
    return new PGliteDriver(this.#statements, this.#gate);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}
