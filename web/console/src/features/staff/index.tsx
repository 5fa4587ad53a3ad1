import type { ConsoleFeature } from '../types.ts';

export { SignIn } from './SignIn.tsx';
export { useStaffSession, type StaffSession } from './session.ts';
export const feature: ConsoleFeature = { name: 'staff', pages: [] };
