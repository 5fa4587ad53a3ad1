// Builds the two web apps into web/dist/citizen and web/dist/console (served by the API server at / and /console/),
// after regenerating the API types from the server's OpenAPI document. Skips everything when web/dist is newer than
// every source file under web/, so `npm start` stays fast; `--force` rebuilds regardless.
//   node scripts/build-web.ts [--force]
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(WEB, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
const APPS = ['citizen', 'console'] as const;

/** Newest mtime of the web sources (everything under web/ but dist/ and node_modules/). */
function newestSource(dir = WEB): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full === DIST || entry.name === 'node_modules') continue;
      newest = Math.max(newest, newestSource(full));
    } else {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

export function isFresh(): boolean {
  if (!existsSync(STAMP)) return false;
  if (!APPS.every((a) => existsSync(path.join(DIST, a, 'index.html')))) return false;
  return statSync(STAMP).mtimeMs >= newestSource();
}

export async function buildWeb({ force = false, quiet = false } = {}): Promise<'skipped' | 'built'> {
  const log = (msg: string) => quiet || console.log(msg);
  if (!force && isFresh()) {
    log('web: web/dist is up to date (use --force to rebuild)');
    return 'skipped';
  }
  const t0 = performance.now();
  // The server is imported only when a build is needed: composing it costs a database start.
  const { generateOpenapi } = await import('./openapi.ts');
  const changed = await generateOpenapi();
  log(changed.length ? `web: regenerated ${changed.join(', ')}` : 'web: API types unchanged');

  const { build } = await import('vite');
  for (const app of APPS) {
    await build({ configFile: path.join(WEB, app, 'vite.config.ts'), logLevel: quiet ? 'silent' : 'warn', mode: 'production' });
    log(`web: built web/dist/${app}`);
  }
  writeFileSync(STAMP, new Date().toISOString() + '\n');
  log(`web: done in ${Math.round(performance.now() - t0)} ms`);
  return 'built';
}

if (import.meta.main) {
  await buildWeb({ force: process.argv.includes('--force') }).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
