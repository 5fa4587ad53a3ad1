// Creates the first staff administrator (issue #4 §9):
//   npm run staff:bootstrap -- --login admin --name 管理员
// Only when no administrator exists; prints a one-time password (to be replaced at the first sign-in) and the TOTP
// otpauth:// URI (add it to an authenticator app, or scan the QR code printed as a data URL). With the embedded
// database, run it while the server is stopped (PGlite allows one process); with DATABASE_URL, any time.
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../server/src/platform/config.ts';
import { openConfiguredDatabase, type Database } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { systemClock } from '../server/src/platform/clock.ts';
import { FieldCipher } from '../server/src/platform/crypto/index.ts';
import { AuditService } from '../server/src/modules/audit/index.ts';
import { createReferenceModule } from '../server/src/modules/reference/index.ts';
import { createStaffModule, type IssuedCredentials } from '../server/src/modules/staff/index.ts';

export async function bootstrapAdministrator(config: Config, database: Database, login: string, name: string): Promise<IssuedCredentials> {
  await migrate(database);
  await createReferenceModule({ database }).seed();
  const audit = new AuditService({ pseudonymKey: config.secrets.blindIndexKey, signingKey: config.secrets.auditSigningKey, clock: systemClock });
  const cipher = new FieldCipher(database.db, { secrets: config.secrets });
  const staff = createStaffModule({ database, clock: systemClock, config, cipher, audit });
  return staff.accounts.bootstrapAdministrator(login, name);
}

if (import.meta.main) {
  try {
    const { values } = parseArgs({ options: { login: { type: 'string' }, name: { type: 'string' } } });
    if (!values.login || !values.name) {
      console.error('usage: npm run staff:bootstrap -- --login <login name> --name <display name>');
      process.exit(64);
    }
    const config = loadConfig();
    const database = await openConfiguredDatabase(config, 'staff-bootstrap', 2);
    try {
      const issued = await bootstrapAdministrator(config, database, values.login, values.name);
      console.log(`Administrator "${issued.loginName}" created.`);
      console.log(`One-time password (shown once; you must replace it at the first sign-in): ${issued.oneTimePassword}`);
      console.log(`TOTP (add to an authenticator app): ${issued.totp.otpauthUri}`);
      console.log(`TOTP QR code (paste into a browser address bar): ${issued.totp.qrDataUrl}`);
      console.log(`Sign in at ${config.publicUrl}/console/`);
    } finally {
      await database.close();
    }
  } catch (err: any) {
    if (err?.problem === 'staff-administrator-exists') {
      console.error('An administrator already exists: ask them to create your account in the console (系统 → 工作人员).');
      process.exitCode = 1;
    } else {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 2;
    }
  }
}
