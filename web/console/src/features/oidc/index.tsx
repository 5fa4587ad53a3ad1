// 南通市统一身份认证平台 in the console: the relying parties (issue #9).
import type { ConsoleFeature } from '../types.ts';
import { ClientsPage } from './ClientsPage.tsx';
import './strings.ts';

export const feature: ConsoleFeature = {
  name: 'oidc',
  pages: [{ path: 'oidc/clients', labelKey: 'oidc.menu', group: 'system', permission: 'oidc.clients', order: 850, render: () => <ClientsPage /> }],
};
