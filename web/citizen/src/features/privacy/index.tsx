import type { Feature } from '../types.ts';
import { PrivacyPage } from './PrivacyPage.tsx';

export const feature: Feature = {
  name: 'privacy',
  routes: [{ path: '/privacy', tab: 'me', titleKey: 'privacyTitle', back: true, render: () => <PrivacyPage /> }],
  meEntries: [{ key: 'privacy-policy', titleKey: 'privacy', path: '/privacy', group: 'about', order: 900 }],
};
