import type { ConsoleFeature } from '../types.ts';
import { RolesPage } from './RolesPage.tsx';
import { SecurityPage } from './SecurityPage.tsx';
import { StaffAdmin } from './StaffAdmin.tsx';
import './strings.ts';

export { SignIn } from './SignIn.tsx';
export { useStaffSession, can, refreshSession, type StaffSession } from './session.ts';

export const feature: ConsoleFeature = {
  name: 'staff',
  pages: [
    { path: 'staff', labelKey: 'staff.menuStaff', group: 'system', permission: 'staff.manage', order: 900, render: () => <StaffAdmin /> },
    { path: 'roles', labelKey: 'staff.menuRoles', group: 'system', permission: 'staff.manage', order: 910, render: () => <RolesPage /> },
    // every signed-in staff member, whatever their permissions
    { path: 'security', labelKey: 'staff.menuSecurity', group: 'system', order: 990, render: () => <SecurityPage /> },
  ],
};
