// Re-wraps every subject data key under the current KEK (KEK/KEK_VERSION), unwrapping with KEK_PREVIOUS.
// Usage: KEK=… KEK_VERSION=2 KEK_PREVIOUS=1:… npx node scripts/keys-rotate.ts
import path from 'node:path';
import { loadConfig, ConfigError } from '../server/src/platform/config.ts';
import { openDatabase } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { rotateSubjectKeys } from '../server/src/platform/crypto/index.ts';

try {
  const config = loadConfig();
  const database = await openDatabase({
    url: config.DATABASE_URL,
    dataDir: config.DATABASE_URL ? undefined : path.join(config.dataDir, 'pgdata'),
    poolMax: 2,
    applicationName: 'keys-rotate',
  });
  try {
    await migrate(database);
    const r = await rotateSubjectKeys(database.db, config.secrets);
    console.log(`re-wrapped ${r.rewrapped} subject key(s) under KEK version ${config.secrets.kekVersion}; ${r.remaining} remaining under older versions`);
    process.exitCode = r.remaining === 0 ? 0 : 3;
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exitCode = err instanceof ConfigError ? 78 : 1;
}
