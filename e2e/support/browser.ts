// Shared harness for the browser tests in e2e/*.e2e.test.ts: where Chromium lives and whether to skip, the results
// folder for failure screenshots, a free port for the server, and Chromium launched with the common arguments.
// Not a test file itself (the `npm test` glob is e2e/**/*.test.ts).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SKIP = process.env.E2E_SKIP === '1';
export const RESULTS = path.join(ROOT, 'test-results');

/** The browser tests fail — not skip — when Chromium is missing, unless E2E_SKIP=1. */
export function assertChromium() {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set E2E_SKIP=1`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Headless Chromium with the common arguments, plus `extraArgs` (e.g. the fake camera flags). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...extraArgs] });
}
