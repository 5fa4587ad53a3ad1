import assert from 'node:assert/strict';
import { it } from 'node:test';
import { bootstrapAdministrator } from '../../../scripts/staff-bootstrap.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testConfig } from '../support/platform.ts';

describeEachDatabase('staff bootstrap', (ctx) => {
  it('creates the first administrator with a one-time password and a TOTP otpauth URI, and refuses a second', async () => {
    const config = testConfig();
    const issued = await bootstrapAdministrator(config, ctx.database, 'admin', '管理员');
    assert.equal(issued.loginName, 'admin');
    assert.ok(issued.oneTimePassword && issued.oneTimePassword.length >= 12);
    assert.match(issued.totp.otpauthUri, /^otpauth:\/\/totp\/.*secret=[A-Z2-7]+/);
    const row = await ctx.database.db.selectFrom('staff_accounts').select(['password_must_change']).where('login_name', '=', 'admin').executeTakeFirstOrThrow();
    assert.equal(row.password_must_change, true);
    await assert.rejects(bootstrapAdministrator(config, ctx.database, 'admin2', '又一个'), (e: any) => e.problem === 'staff-administrator-exists');
    const admins = await ctx.database.db.selectFrom('staff_role_assignments').select('staff_id').where('role_id', '=', 'administrator').execute();
    assert.equal(admins.length, 1);
  });
});
