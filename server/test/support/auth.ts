// A stand-in authenticator for tests of features that need a signed-in caller but are not about signing in:
//   x-test-citizen: <accountId>            → a citizen principal
//   x-test-staff: <staffId>;perm.a,perm.b[;<organisationId>]  → a staff principal with those permissions
// Only tests pass it to compose(); the application itself never reads these headers.
import type { Authenticator, Principal } from '../../src/platform/http/access.ts';

export const testAuthenticator: Authenticator = {
  async authenticate(request): Promise<Principal | null> {
    const citizen = request.headers['x-test-citizen'];
    if (typeof citizen === 'string' && citizen) return { kind: 'citizen', accountId: citizen, sessionId: `test-${citizen}` };
    const staff = request.headers['x-test-staff'];
    if (typeof staff === 'string' && staff) {
      const [staffId, perms = '', organisationId] = staff.split(';');
      return { kind: 'staff', staffId: staffId!, sessionId: `test-${staffId}`, permissions: new Set(perms.split(',').filter(Boolean)), organisationId: organisationId || null };
    }
    return null;
  },
};

export const asCitizen = (accountId: string) => ({ 'x-test-citizen': accountId });
export const asStaff = (staffId: string, permissions: string[], organisationId?: string) => ({
  'x-test-staff': `${staffId};${permissions.join(',')}${organisationId ? ';' + organisationId : ''}`,
});
