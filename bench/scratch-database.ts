// Every bench that measures PostgreSQL does it in a database of its own, created on the BENCH_DATABASE_URL server and
// dropped afterwards: a platform schema left in a shared database (with data keys wrapped under a throwaway run's
// key-encryption key) makes the next run fail, and a bench must measure a first start, not someone's leftovers.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Runs `fn` with the URL of a fresh, empty database on the server `adminUrl` names; drops it afterwards. */
export async function withScratchDatabase<T>(adminUrl: string, label: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `ntbt_bench_${label}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
    await admin.end();
  }
}
