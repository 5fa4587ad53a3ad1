// npm run oidc:rotate-keys — adds a new signing key for the identity provider and retires the current one. The retired
// key stays in the JWKS until every token it signed has expired, then is deleted. A running server signs with the new
// key after its next start (or at once when rotated in-process through OidcModule.rotateKeys()).
import { loadConfig, ConfigError } from '../../platform/config.ts';
import { openConfiguredDatabase } from '../../platform/db/database.ts';
import { migrate } from '../../platform/db/migrate.ts';
import { KeyWrapper } from '../../platform/crypto/index.ts';
import { systemClock } from '../../platform/clock.ts';
import { SigningKeys } from './oidc.keys.ts';
import { MAX_SIGNED_TTL } from './oidc.provider.ts';

if (import.meta.main) {
  try {
    const config = loadConfig();
    const database = await openConfiguredDatabase(config, 'oidc-rotate-keys', 2);
    try {
      await migrate(database);
      const keys = new SigningKeys({ db: database.db, wrapper: new KeyWrapper(config.secrets), clock: systemClock, maxTokenTtlSeconds: MAX_SIGNED_TTL });
      await keys.load(); // first key if none yet
      const r = await keys.rotate();
      console.log(`new signing key ${r.kid}; retired ${r.retired.length} key(s), published for verification for ${MAX_SIGNED_TTL} s more`);
    } finally {
      await database.close();
    }
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exitCode = err instanceof ConfigError ? 78 : 1;
  }
}
