import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { ConfigError, envSchema, loadConfig } from '../../src/platform/config.ts';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'ntbt-cfg-'));

it('stops the start on a malformed value and names the variable and what is expected', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }, tmp()), (e: unknown) => e instanceof ConfigError && /PORT="eighty"/.test(e.message));
  assert.throws(() => loadConfig({ DATABASE_URL: 'mysql://x' }, tmp()), /DATABASE_URL="mysql:\/\/x": a postgres:\/\/ or postgresql:\/\/ URL/);
  assert.throws(() => loadConfig({ SMS_PROVIDER: 'aliyun' }, tmp()), /SMS_PROVIDER/);
  assert.throws(() => loadConfig({ KEK: 'c2hvcnQ=' }, tmp()), /KEK=.*32 bytes/);
});

it('generates development secrets once into DATA_DIR and reuses them on the next start', () => {
  const dir = tmp();
  const a = loadConfig({ DATA_DIR: dir }, dir);
  assert.ok(existsSync(path.join(dir, 'secrets.json')));
  const b = loadConfig({ DATA_DIR: dir }, dir);
  assert.deepEqual(a.secrets.kek, b.secrets.kek);
  assert.equal(a.secrets.kek.length, 32);
  assert.equal(a.secretSources.KEK, 'generated');
});

it('refuses to start in production without explicitly provided secrets', () => {
  assert.throws(
    () => loadConfig({ NODE_ENV: 'production', DATA_DIR: tmp() }, tmp()),
    (e: unknown) => e instanceof ConfigError && e.problems.some((p) => p.startsWith('KEK: must be provided')),
  );
});

it('honours PORT, HOST and DATA_DIR', () => {
  const dir = tmp();
  const c = loadConfig({ PORT: '9001', HOST: '127.0.0.1', DATA_DIR: 'data' }, dir);
  assert.equal(c.PORT, 9001);
  assert.equal(c.HOST, '127.0.0.1');
  assert.equal(c.dataDir, path.join(dir, 'data'));
});

it('documents every configuration variable in .env.example and the README table', () => {
  const root = path.resolve(import.meta.dirname, '../../..');
  const example = readFileSync(path.join(root, '.env.example'), 'utf8');
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const name of Object.keys(envSchema.shape)) {
    assert.match(example, new RegExp(`^#?\\s*${name}=`, 'm'), `${name} missing from .env.example`);
    assert.match(readme, new RegExp(`\\| \`${name}\` \\|`), `${name} missing from README table`);
  }
});
