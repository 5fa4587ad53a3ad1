import type { ConsoleFeature } from '../types.ts';
import { SandboxSms } from './SandboxSms.tsx';

export const feature: ConsoleFeature = {
  name: 'identity',
  pages: [{ path: 'sandbox/sms', labelKey: 'identity.menuSandboxSms', group: 'system', permission: 'notifications.sandbox', order: 950, render: () => <SandboxSms /> }],
};
