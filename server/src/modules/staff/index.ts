// The staff module: staff accounts (separate from citizen accounts), roles and permissions, password + TOTP and
// passkey sign-in, staff sessions, the console's administration API. Other modules import from here only.
//   const staff = createStaffModule({ database, clock, config, cipher, audit });
//   await staff.seed(); modules.push(staff.module); authenticators.push(staff.authenticator);
//   … staff.directory.describe(staffId) → { roles, roleNames, organisationId, organisationName } (never the name)
import type { AppModule } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Config } from '../../platform/config.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { Database } from '../../platform/db/database.ts';
import { runOnce } from '../../platform/db/once.ts';
import type { Authenticator } from '../../platform/http/access.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import { StaffAccounts, type StaffDescription } from './accounts.service.ts';
import { DEMO_PASSWORD, DEMO_STAFF } from './demo.ts';
import { StaffPasskeys } from './passkeys.service.ts';
import { StaffSessions } from './sessions.service.ts';
import { staffAuthenticator, staffRoutes } from './staff.routes.ts';
import { staffRepository as repo } from './staff.repository.ts';

export { PERMISSIONS, PERMISSION_LABELS, ROLES, isPermission, type Permission, type RoleId, type RoleDefinition } from './permissions.ts';
export { StaffAccounts, type StaffDescription, type IssuedCredentials, type NewAccount, type Actor } from './accounts.service.ts';
export { StaffSessions, MAX_ATTEMPTS, LOCK_MS, type StaffPrincipal } from './sessions.service.ts';
export { StaffPasskeys } from './passkeys.service.ts';
export { STAFF_COOKIE, CSRF_HEADER, staffAuthenticator } from './staff.routes.ts';
export { DEMO_PASSWORD, DEMO_STAFF } from './demo.ts';
export { checkPassword, totpCode } from './credentials.ts';

/** What other modules may know about a staff member (rights centre: "department and role, never the name"). */
export interface StaffDirectory {
  describe(staffId: string): Promise<StaffDescription | null>;
}

export interface StaffDeps {
  database: Database;
  clock: Clock;
  config: Config;
  cipher: FieldCipher;
  audit: AuditService;
  logger?: Logger;
}

export interface StaffModule {
  module: AppModule;
  /** resolves the `ntbt_staff` session cookie to `{ kind:'staff', staffId, sessionId, permissions, organisationId }` */
  authenticator: Authenticator;
  directory: StaffDirectory;
  sessions: StaffSessions;
  accounts: StaffAccounts;
  passkeys: StaffPasskeys;
  /** built-in roles at every boot; the demo staff once, on a non-production start with demo data enabled */
  seed(): Promise<{ demoSeeded: boolean }>;
}

export function createStaffModule(deps: StaffDeps): StaffModule {
  const { database, clock, config, cipher, audit } = deps;
  const db = database.db;
  const idleMs = config.STAFF_SESSION_IDLE_MINUTES * 60_000;
  const absoluteMs = config.STAFF_SESSION_ABSOLUTE_HOURS * 3_600_000;
  const sessions = new StaffSessions({ db, clock, cipher, audit, idleMs, absoluteMs });
  const accounts = new StaffAccounts({ db, clock, cipher, audit });
  const passkeys = new StaffPasskeys({ db, clock, audit, sessions, publicUrl: config.publicUrl });
  const cookieSecure = config.SESSION_COOKIE_SECURE ?? config.publicUrl.startsWith('https:');
  return {
    module: {
      name: 'staff',
      tag: { name: 'staff', description: '工作人员账号、角色权限与登录 — staff accounts, roles, sign-in' },
      routes: staffRoutes({ sessions, accounts, passkeys, cookieSecure, idleMinutes: config.STAFF_SESSION_IDLE_MINUTES, absoluteMs }),
    },
    authenticator: staffAuthenticator(sessions),
    directory: { describe: (staffId) => accounts.describe(staffId) },
    sessions,
    accounts,
    passkeys,
    async seed() {
      await accounts.seedRoles();
      if (!config.seedDemoData || config.NODE_ENV === 'production') return { demoSeeded: false };
      const demoSeeded = await runOnce(db, 'staff.demo-staff', async () => {
        for (const d of DEMO_STAFF) {
          // a login someone already took (e.g. `staff:bootstrap --login admin` before the first start) is left alone
          if (await repo.byLogin(db, d.loginName)) continue;
          await accounts.create({ kind: 'system', ref: 'demo-seed' }, { ...d, password: DEMO_PASSWORD });
        }
      });
      if (demoSeeded) deps.logger?.info({ accounts: DEMO_STAFF.length }, 'demo staff seeded (see README "Demo accounts")');
      return { demoSeeded };
    },
  };
}
