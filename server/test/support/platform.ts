// A whole platform for tests, composed exactly as main.ts composes it, on a test database, with a fixed clock and a
// log that tests can read.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { compose, type ComposeOptions, type Platform } from '../../src/main.ts';
import type { Database } from '../../src/platform/db/database.ts';

export function testConfig(env: Record<string, string> = {}): Config {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ntbt-test-'));
  return loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env }, dataDir);
}

export class LogCapture extends Writable {
  lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    cb();
  }
  get text() {
    return this.lines.join('\n');
  }
}

export interface TestPlatform extends Platform {
  clock: FixedClock;
  logs: LogCapture;
}

export async function testPlatform(
  database: Database,
  opts: Partial<Omit<ComposeOptions, 'database'>> & { env?: Record<string, string> } = {},
): Promise<TestPlatform> {
  const logs = new LogCapture();
  const config = opts.config ?? testConfig(opts.env);
  const clock = new FixedClock();
  const platform = await compose({
    config,
    database,
    logger: createLogger({ level: 'info', destination: logs }),
    clock,
    jobs: { start: true, work: false },
    ...opts,
  });
  // Tests own the database lifetime (describeEachDatabase drops it), so closing the platform leaves it open.
  const close = async () => {
    await platform.app.close();
    await platform.jobs.stop(1000);
  };
  return { ...platform, clock, logs, close } as TestPlatform;
}
