// Ordered SQL migrations: server/migrations/NNNN_verb_object.sql, each applied once, in its own transaction, in
// file-name order. An applied file that has since changed stops the start: migrations are history, never edited.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

export interface Migration {
  version: string;
  name: string;
  script: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const script = readFileSync(path.join(dir, f), 'utf8');
      return {
        version: f.slice(0, 4),
        name: f.slice(5, -4),
        script,
        checksum: createHash('sha256').update(script).digest('hex'),
      };
    });
}

export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const { db } = database;
  await sql`create table if not exists schema_migrations (
    version text primary key, name text not null, checksum text not null, applied_at timestamptz not null default now())`.execute(db);
  const applied = new Map((await db.selectFrom('schema_migrations').selectAll().execute()).map((r) => [r.version, r]));
  const done: string[] = [];
  for (const m of readMigrations(dir)) {
    const prior = applied.get(m.version);
    if (prior) {
      if (prior.checksum !== m.checksum) {
        throw new Error(`Migration ${m.version}_${m.name}.sql was changed after it was applied; add a new migration instead.`);
      }
      continue;
    }
    const record = `insert into schema_migrations (version, name, checksum) values ('${m.version}', '${m.name}', '${m.checksum}');`;
    await database.execScript(`${m.script}\n;\n${record}`);
    done.push(`${m.version}_${m.name}`);
  }
  return done;
}
