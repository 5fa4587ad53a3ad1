// Starting the platform for a browser test: in this process (main.ts start(), so the test can read the database, e.g.
// what the SMS sandbox "sent") or as a child process (node server/src/main.ts, the way it runs in production).
// Both on a fresh data directory and a free port, with the same test environment.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compose, start, type Platform } from '../../server/src/main.ts';
import type { FixedClock } from '../../server/src/platform/clock.ts';
import { loadConfig } from '../../server/src/platform/config.ts';
import { openDatabase } from '../../server/src/platform/db/database.ts';
import { migrate } from '../../server/src/platform/db/migrate.ts';
import { createLogger } from '../../server/src/platform/logger.ts';
import { ROOT, freePort } from './browser.ts';

/**
 * The environment every e2e server gets. The SMS sandbox takes, like a carrier, one message a minute per number;
 * a journey that needs a registration code and then a step-up code would wait a minute between them, so the e2e
 * servers let it take more (SMS_SANDBOX_PER_MINUTE, test-only: production refuses it). The server tests keep the
 * default and prove the refusal (server/test/notifications/sandbox-limits.test.ts).
 */
export const E2E_ENV = { NODE_ENV: 'test', LOG_LEVEL: 'warn', SMS_SANDBOX_PER_MINUTE: '10' } as const;

export interface StartedPlatform {
  platform: Platform;
  /** http://127.0.0.1:PORT, also the PUBLIC_URL */
  base: string;
  close(): Promise<void>;
}

/** The platform in this process (main.ts start()), on a fresh data directory; `env` adds to E2E_ENV (e.g. SEED_DEMO_DATA). */
export async function startPlatform(name: string, env: Record<string, string> = {}): Promise<StartedPlatform> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  return onFreshDataDir(name, async (dataDir) => ({
    platform: await start({ ...E2E_ENV, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: base, ...env }),
    base,
  }));
}

/** A fresh data directory for `open`, removed again when it fails or when the platform it opened is closed. */
async function onFreshDataDir(name: string, open: (dataDir: string) => Promise<{ platform: Platform; base: string }>): Promise<StartedPlatform> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `ntbt-e2e-${name}-`));
  let opened: { platform: Platform; base: string };
  try {
    opened = await open(dataDir);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  return {
    ...opened,
    close: async () => {
      await opened.platform.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The platform composed in this process as main.ts composes it, but on an in-memory database, with a clock only the
 * test moves and jobs that run only when the test runs them (e.g. deliverCode in support/citizen.ts); on a free port.
 */
export async function composePlatform(name: string, clock: FixedClock, env: Record<string, string> = {}): Promise<StartedPlatform> {
  return onFreshDataDir(name, async (dataDir) => {
    const config = loadConfig({ ...E2E_ENV, DATA_DIR: dataDir, ...env }, dataDir);
    const database = await openDatabase({});
    await migrate(database);
    const platform = await compose({ config, database, logger: createLogger({ level: 'warn' }), clock, jobs: { start: true, work: false }, webRoot: path.join(ROOT, 'web', 'dist') });
    return { platform, base: await platform.app.listen({ port: 0, host: '127.0.0.1' }) };
  });
}

export interface ServerProcess {
  /** the address the browser uses */
  base: string;
  /** the last 20 kB of the server's stdout and stderr */
  output(): string;
  close(): Promise<void>;
}

export interface SpawnOptions {
  /** the host name in `base` and PUBLIC_URL: WebAuthn needs the page's host to be the relying party's (`localhost`) */
  host?: 'localhost' | '127.0.0.1';
  /** set PUBLIC_URL to `base` (default true); false leaves the server's own default */
  publicUrl?: boolean;
  env?: Record<string, string>;
}

/** `node server/src/main.ts` as a child process on a fresh data directory, once /healthz answers. */
export async function spawnServer(name: string, opts: SpawnOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const base = `http://${opts.host ?? '127.0.0.1'}:${port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), `ntbt-e2e-${name}-`));
  const server = spawn(process.execPath, [path.join(ROOT, 'server/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...E2E_ENV, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...(opts.publicUrl === false ? {} : { PUBLIC_URL: base }), ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (b: Buffer) => {
    output = (output + b.toString('utf8')).slice(-20_000);
  };
  server.stdout!.on('data', collect);
  server.stderr!.on('data', collect);
  let closing = false;
  // a server that dies in the middle of the tests shows only as refused connections: say why it died
  server.once('exit', (code, signal) => {
    if (!closing) console.error(`the ${name} server exited (code ${code}, signal ${signal}) before the tests ended:\n${output}`);
  });
  const close = async () => {
    closing = true;
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(`http://127.0.0.1:${port}`, () => (server.exitCode !== null ? `server exited with ${server.exitCode} before becoming healthy` : null), () => output);
  } catch (err) {
    await close();
    throw err;
  }
  return { base, output: () => output, close };
}

/** Polls `${url}/healthz` until it answers 200; `failed()` names a reason to stop early (the process died). */
export async function waitForHealth(url: string, failed: () => string | null, output: () => string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const reason = failed();
    if (reason) throw new Error(`${reason}:\n${output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not healthy within ${timeoutMs} ms:\n${output()}`);
}
