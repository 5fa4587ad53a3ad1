// Shared harness for the browser tests in e2e/*.e2e.test.ts: where Chromium lives and whether to skip, the results
// folder for failure screenshots, a free port for the server, Chromium launched with the common arguments, and a page
// whose errors (uncaught exceptions, console errors, HTTP 4xx/5xx) fail the test, with a screenshot when it fails.
// Not a test file itself (the `npm test` glob is e2e/**/*.test.ts).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';

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

/**
 * Records every camera stream the pages of `context` open (window.__cameraTracks), so a test can check the camera is
 * opened only when it should be and closed after each capture.
 */
export async function recordCameraStreams(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const original = navigator.mediaDevices?.getUserMedia?.bind(navigator.mediaDevices);
    if (!original) return;
    (window as any).__cameraTracks = [];
    navigator.mediaDevices.getUserMedia = async (c) => {
      const stream = await original(c);
      (window as any).__cameraTracks.push(...stream.getTracks());
      return stream;
    };
  });
}

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

export interface WatchOptions {
  /** console errors count (default true; CSP violations show up there) */
  console?: boolean;
  /** an expected console error, e.g. the browser's own line for an expected 403 */
  allowConsole?: (text: string) => boolean;
  /** an expected HTTP error answer */
  allowHttp?: (status: number, pathname: string) => boolean;
  /** collect into this list (e.g. one for all the pages of a story) instead of a new one */
  into?: string[];
}

/** Collects what went wrong in the page: uncaught exceptions, console errors and HTTP error answers. */
export function watchErrors(page: Page, opts: WatchOptions = {}): string[] {
  const errors = opts.into ?? [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  if (opts.console ?? true) {
    page.on('console', (m) => {
      if (m.type() === 'error' && !opts.allowConsole?.(m.text())) errors.push(`console: ${m.text()}`);
    });
  }
  page.on('response', (r) => {
    const pathname = new URL(r.url()).pathname;
    if (r.status() >= 400 && !opts.allowHttp?.(r.status(), pathname)) errors.push(`HTTP ${r.status()} ${pathname}`);
  });
  return errors;
}

/** Screenshots the page into test-results/NAME.png and names it (and the page's errors) in the error's message. */
export async function screenshotFailure(page: Page, name: string, err: unknown, errors?: string[]): Promise<unknown> {
  mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  if (err instanceof Error) err.message += `\n(screenshot: ${path.relative(ROOT, file)}${errors ? `; page errors: ${JSON.stringify(errors)}` : ''})`;
  return err;
}

/** Runs `body` on the page; any error the page logged fails it; on failure a screenshot. */
export async function checkPage(page: Page, name: string, errors: string[], body: (page: Page) => Promise<void>) {
  try {
    await body(page);
    assert.deepEqual(errors, [], 'the page logged errors');
  } catch (err) {
    throw await screenshotFailure(page, name, err, errors);
  }
}

export interface PageOptions extends WatchOptions {
  /** default PHONE (the citizen app); DESKTOP for the console */
  viewport?: { width: number; height: number };
  /** Playwright's default timeout for the page (default 20 s) */
  timeoutMs?: number;
  /** more context options (downloads, geolocation, permissions) */
  context?: BrowserContextOptions;
  /** prepares the context before the page opens (cookies, init scripts) */
  setup?: (context: BrowserContext) => Promise<void>;
}

/** A fresh browser context (own localStorage and cookies) in zh-CN, one page in it checked by checkPage, then closed. */
export async function withPage(browser: Browser, name: string, body: (page: Page) => Promise<void>, opts: PageOptions = {}) {
  const context = await browser.newContext({ viewport: opts.viewport ?? PHONE, locale: 'zh-CN', ...opts.context });
  try {
    await opts.setup?.(context);
    const page = await context.newPage();
    page.setDefaultTimeout(opts.timeoutMs ?? 20_000);
    await checkPage(page, name, watchErrors(page, opts), body);
  } finally {
    await context.close();
  }
}
