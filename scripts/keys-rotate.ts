// Re-wraps every subject data key under the current KEK (KEK/KEK_VERSION), unwrapping with KEK_PREVIOUS.
// Usage: KEK=… KEK_VERSION=2 KEK_PREVIOUS=1:… npx node scripts/keys-rotate.ts
import { loadConfig, ConfigError } from '../server/src/platform/config.ts';
import { openConfiguredDatabase } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { rotateSubjectKeys } from '../server/src/platform/crypto/index.ts';

try {
  const config = loadConfig();
  const database = await openConfiguredDatabase(config, 'keys-rotate', 2);
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
