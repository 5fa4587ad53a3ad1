import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { it } from 'node:test';

const MODULES = path.resolve(import.meta.dirname, '../../src/modules');
const PLATFORM = path.resolve(import.meta.dirname, '../../src/platform');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/from\s+'(\.[^']+)'/g)].map((m) => path.resolve(path.dirname(file), m[1]!));

it('modules import other modules only through their index.ts', () => {
  const offences: string[] = [];
  for (const file of files(MODULES)) {
    const own = path.relative(MODULES, file).split(path.sep)[0];
    for (const target of importsOf(file)) {
      const rel = path.relative(MODULES, target);
      if (rel.startsWith('..')) continue; // platform or app
      const [mod, ...rest] = rel.split(path.sep);
      if (mod !== own && rest.join('/') !== 'index.ts') offences.push(`${path.relative(MODULES, file)} → ${rel}`);
    }
  }
  assert.deepEqual(offences, []);
});

it('the platform layer imports no module (it carries no domain words)', () => {
  const offences = files(PLATFORM).flatMap((file) =>
    importsOf(file).filter((t) => t.startsWith(MODULES)).map((t) => `${path.relative(PLATFORM, file)} → ${path.relative(MODULES, t)}`),
  );
  assert.deepEqual(offences, []);
});
