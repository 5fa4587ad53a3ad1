// Runs a step once per database (e.g. seeding demo data on first start) and remembers it in platform_settings.
import { sql } from 'kysely';
import type { Db } from './database.ts';

export async function runOnce(db: Db, key: string, step: () => Promise<void>): Promise<boolean> {
  const done = await sql<{ key: string }>`select key from platform_settings where key = ${key}`.execute(db);
  if (done.rows.length > 0) return false;
  await step();
  await sql`insert into platform_settings (key, value) values (${key}, ${JSON.stringify({ at: new Date().toISOString() })}::jsonb)
            on conflict (key) do nothing`.execute(db);
  return true;
}
