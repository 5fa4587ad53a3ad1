import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { sql } from 'kysely';
import { createStaffModule, DEMO_STAFF, PERMISSIONS, ROLES, totpCode } from '../../src/modules/staff/index.ts';
import { describeEachDatabase } from '../support/db.ts';
import { cookieOf, csrf, makeStaff, secretOf, signIn, staffHarness, type StaffHarness } from './support.ts';

describeEachDatabase('staff sessions, permissions and administration', (ctx) => {
  let h: StaffHarness;
  before(async () => {
    h = await staffHarness(ctx.database);
  });
  after(async () => h.close());

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie?: string, payload?: unknown, headers: Record<string, string> = csrf) =>
    h.platform.app.inject({ method, url, headers: { ...(cookie ? { cookie } : {}), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const signedIn = async (cookie: string) => (await inject('GET', '/api/v1/staff/session', cookie)).json().signedIn as boolean;
  const auditActions = async () => (await sql<{ action: string; actor_kind: string; details: any }>`select action, actor_kind, details from audit_records order by occurred_at, txid`.execute(ctx.database.db)).rows;

  it('the permission vocabulary and the seeded roles are exactly the team’s, each role a subset of it', async () => {
    assert.deepEqual([...PERMISSIONS].sort(), [
      'audit.read', 'catalogue.edit', 'catalogue.publish', 'hotline.approve', 'hotline.callback', 'hotline.dispatch', 'hotline.handle',
      'hotline.intake', 'hotline.stats', 'identity.support', 'notifications.read', 'notifications.sandbox', 'oidc.clients', 'privacy.incidents', 'privacy.policy',
      'privacy.requests', 'promotions.manage', 'roles.manage', 'staff.manage',
    ]);
    const roles = await h.staff.accounts.roles();
    assert.deepEqual(roles.map((r) => r.id).sort(), ROLES.map((r) => r.id).sort());
    for (const r of roles) assert.ok(r.permissions.every((p) => (PERMISSIONS as readonly string[]).includes(p)));
  });

  it('PP-3.4 ends a session after the idle timeout (15 min) and after the absolute timeout (8 h) however busy', async () => {
    const s = await makeStaff(h, 'idle', ['dispatcher'], 'hotline-12345');
    const cookie = cookieOf(await signIn(h, s.login, s.password, s.secret));
    h.platform.clock.advance(14 * 60_000);
    assert.equal(await signedIn(cookie), true);
    h.platform.clock.advance(16 * 60_000);
    assert.equal(await signedIn(cookie), false);

    h.platform.clock.advance(30_000);
    const busy = cookieOf(await signIn(h, s.login, s.password, s.secret));
    for (let m = 0; m < 8 * 60 - 10; m += 10) {
      h.platform.clock.advance(10 * 60_000);
      assert.equal(await signedIn(busy), true, `still signed in after ${m + 10} minutes of work`);
    }
    h.platform.clock.advance(11 * 60_000);
    assert.equal(await signedIn(busy), false);
  });

  it('PP-3.4 deny by default: staff routes refuse a staff member without the permission (403) and anyone unsigned (401)', async () => {
    const s = await makeStaff(h, 'noperm', ['catalogue-editor']);
    const cookie = cookieOf(await signIn(h, s.login, s.password, s.secret));
    assert.equal((await inject('GET', '/api/v1/staff/accounts', cookie)).statusCode, 403);
    assert.equal((await inject('POST', '/api/v1/staff/accounts', cookie, { loginName: 'x12', displayName: 'x', roles: [] })).statusCode, 403);
    assert.equal((await inject('GET', '/api/v1/staff/accounts')).statusCode, 401);
    assert.equal((await inject('PUT', '/api/v1/staff/roles/handler/permissions', cookie, { permissions: ['staff.manage'] })).statusCode, 403);
  });

  it('refuses a cookie-authenticated change without the CSRF header (403), and from another origin', async () => {
    const s = await makeStaff(h, 'csrfadmin', ['administrator']);
    const cookie = cookieOf(await signIn(h, s.login, s.password, s.secret));
    const body = { loginName: 'victim1', displayName: 'x', roles: [] };
    const noHeader = await inject('POST', '/api/v1/staff/accounts', cookie, body, {});
    assert.equal(noHeader.statusCode, 403);
    assert.equal(noHeader.json().type, '/problems/staff-csrf-check-failed');
    const foreign = await inject('POST', '/api/v1/staff/accounts', cookie, body, { ...csrf, origin: 'https://evil.example' });
    assert.equal(foreign.statusCode, 403);
    assert.equal((await inject('POST', '/api/v1/staff/session', undefined, { login: 'a', password: 'b', totp: '123456' }, {})).statusCode, 403);
  });

  it('an administrator creates a staff member, who signs in with the one-time password and the TOTP from the QR, and must change the password first', async () => {
    const admin = await makeStaff(h, 'boss', ['administrator']);
    const cookie = cookieOf(await signIn(h, admin.login, admin.password, admin.secret));
    const created = await inject('POST', '/api/v1/staff/accounts', cookie, { loginName: 'newbie', displayName: '新同事', roles: ['handler'], organisationId: 'housing' });
    assert.equal(created.statusCode, 201, created.body);
    const issued = created.json();
    assert.match(issued.totp.otpauthUri, /^otpauth:\/\/totp\//);
    assert.match(issued.totp.qrDataUrl, /^data:image\/png;base64,/);
    assert.equal(typeof issued.oneTimePassword, 'string');

    const first = await signIn(h, 'newbie', issued.oneTimePassword, secretOf(issued.totp.otpauthUri));
    assert.equal(first.statusCode, 200);
    const newbie = cookieOf(first);
    const me = (await inject('GET', '/api/v1/staff/session', newbie)).json().session;
    assert.equal(me.mustChangePassword, true);
    assert.deepEqual(me.permissions, [], 'no permission until the one-time password is replaced');
    assert.equal((await inject('POST', '/api/v1/staff/me/password', newbie, { current: issued.oneTimePassword, next: '123456789' })).statusCode, 422);
    assert.equal((await inject('POST', '/api/v1/staff/me/password', newbie, { current: issued.oneTimePassword, next: 'my own long passphrase' })).statusCode, 200);
    const after = (await inject('GET', '/api/v1/staff/session', newbie)).json().session;
    assert.deepEqual(after.permissions, ['hotline.handle']);
    assert.equal(after.organisationId, 'housing');
  });

  it('PP-3.4 handlers need a department, nobody changes their own roles, and role and role-permission changes are audited with actor kind staff', async () => {
    const admin = await makeStaff(h, 'boss2', ['administrator']);
    const cookie = cookieOf(await signIn(h, admin.login, admin.password, admin.secret));
    const s = await makeStaff(h, 'mover', ['dispatcher'], 'hotline-12345');
    const noOrg = await inject('PUT', `/api/v1/staff/accounts/${s.staffId}/roles`, cookie, { roles: ['handler'], organisationId: null });
    assert.equal(noOrg.statusCode, 422);
    const ok = await inject('PUT', `/api/v1/staff/accounts/${s.staffId}/roles`, cookie, { roles: ['handler'], organisationId: 'urban-management' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json().roles, ['handler']);
    const self = await inject('PUT', `/api/v1/staff/accounts/${admin.staffId}/roles`, cookie, { roles: ['administrator', 'privacy-officer'], organisationId: null });
    assert.equal(self.statusCode, 403, 'no one grants themselves a role');
    assert.equal(self.json().type, '/problems/staff-self-change');
    const perms = await inject('PUT', '/api/v1/staff/roles/catalogue-editor/permissions', cookie, { permissions: ['catalogue.edit'] });
    assert.equal(perms.statusCode, 200, perms.body);
    const bogus = await inject('PUT', '/api/v1/staff/roles/catalogue-editor/permissions', cookie, { permissions: ['everything.please'] });
    assert.equal(bogus.statusCode, 422);

    const audit = await auditActions();
    const assign = audit.find((a) => a.action === 'staff.assign-roles' && a.details.staffId === s.staffId)!;
    assert.equal(assign.actor_kind, 'staff');
    assert.deepEqual(assign.details.previous, ['dispatcher']);
    assert.deepEqual(assign.details.roles, ['handler']);
    const changed = audit.find((a) => a.action === 'staff.change-role-permissions')!;
    assert.equal(changed.actor_kind, 'staff');
    const seeded = [...ROLES.find((r) => r.id === 'catalogue-editor')!.permissions];
    assert.deepEqual([...changed.details.previous].sort(), [...seeded].sort());
    // restore for other tests
    await h.staff.accounts.setRolePermissions({ kind: 'system', ref: 'test' }, 'catalogue-editor', seeded);
  });

  it('keeps at least one active administrator', async () => {
    const roles = await ctx.database.db.selectFrom('staff_role_assignments').select('staff_id').where('role_id', '=', 'administrator').execute();
    for (const r of roles) await h.staff.accounts.setDisabled({ kind: 'system', ref: 'test' }, r.staff_id, true).catch(() => undefined);
    const remaining = await ctx.database.db
      .selectFrom('staff_role_assignments as a')
      .innerJoin('staff_accounts as s', 's.id', 'a.staff_id')
      .select('s.id')
      .where('a.role_id', '=', 'administrator')
      .where('s.disabled_at', 'is', null)
      .execute();
    assert.equal(remaining.length, 1);
    await assert.rejects(h.staff.accounts.setRoles({ kind: 'system', ref: 'test' }, remaining[0]!.id, ['dispatcher'], null), /系统管理员/);
    for (const r of roles) await h.staff.accounts.setDisabled({ kind: 'system', ref: 'test' }, r.staff_id, false);
  });

  it('the TOTP secret is never plaintext in the database', async () => {
    const s = await makeStaff(h, 'secretive', ['dispatcher'], 'hotline-12345');
    const row = await ctx.database.db.selectFrom('staff_accounts').selectAll().where('id', '=', s.staffId).executeTakeFirstOrThrow();
    assert.ok(!Buffer.from(row.totp_secret_enc).includes(Buffer.from(s.secret)));
    const dump = JSON.stringify((await sql`select * from staff_accounts`.execute(ctx.database.db)).rows);
    assert.ok(!dump.includes(s.secret));
    assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('bootstrap creates the first administrator once and refuses a second', async () => {
    // this database already has administrators from the tests above: a fresh module sees them
    await assert.rejects(h.staff.accounts.bootstrapAdministrator('root2', '第二个管理员'), (e: any) => e.problem === 'staff-administrator-exists');
  });

  it('the directory tells other modules department and role, never the name', async () => {
    const s = await makeStaff(h, 'dirtest', ['handler'], 'hrss');
    const d = await h.staff.directory.describe(s.staffId);
    assert.deepEqual(d, { roles: ['handler'], roleNames: ['部门承办人'], roleNamesEn: ['Department handler'], organisationId: 'hrss', organisationName: '南通市人力资源和社会保障局' });
    assert.ok(!JSON.stringify(d).includes('测试'));
    assert.equal(await h.staff.directory.describe('stf_missing'), null);
  });

  it('demo staff are seeded once on a non-production start, never in production', async () => {
    const prod = createStaffModule({ database: ctx.database, clock: h.platform.clock, config: { ...h.platform.config, NODE_ENV: 'production', seedDemoData: true }, cipher: h.platform.kernel.cipher, audit: h.platform.kernel.audit });
    assert.deepEqual(await prod.seed(), { demoSeeded: false });
    const dev = createStaffModule({ database: ctx.database, clock: h.platform.clock, config: { ...h.platform.config, NODE_ENV: 'development', seedDemoData: true }, cipher: h.platform.kernel.cipher, audit: h.platform.kernel.audit });
    assert.deepEqual(await dev.seed(), { demoSeeded: true });
    assert.deepEqual(await dev.seed(), { demoSeeded: false });
    const handlers = await ctx.database.db.selectFrom('staff_accounts').select('organisation_id').where('login_name', 'like', 'handler.%').execute();
    assert.ok(new Set(handlers.map((x) => x.organisation_id)).size >= 3);
    const demo = DEMO_STAFF.find((d) => d.loginName === 'dispatcher')!;
    h.platform.clock.advance(60_000);
    const res = await signIn(h, 'dispatcher', 'Demo@Nantong2026', demo.totpSecret, totpCode(demo.totpSecret, h.platform.clock.now()));
    assert.equal(res.statusCode, 200, res.body);
  });
});
