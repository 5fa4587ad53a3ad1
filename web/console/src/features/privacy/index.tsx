// The privacy office's console pages (permission privacy.policy): policy draft/preview/publish, consent statistics,
// receipt verification (issue #5 §8–9).
import type { ConsoleFeature } from '../types.ts';
import { PolicyPage } from './PolicyPage.tsx';
import { ReceiptsPage } from './ReceiptsPage.tsx';
import { StatsPage } from './StatsPage.tsx';
import './strings.ts';

export const feature: ConsoleFeature = {
  name: 'privacy',
  pages: [
    { path: 'privacy/policy', labelKey: 'privacyOffice.menuPolicy', group: 'privacy', permission: 'privacy.policy', order: 500, render: () => <PolicyPage /> },
    { path: 'privacy/consent-stats', labelKey: 'privacyOffice.menuStats', group: 'privacy', permission: 'privacy.policy', order: 510, render: () => <StatsPage /> },
    { path: 'privacy/receipts', labelKey: 'privacyOffice.menuReceipts', group: 'privacy', permission: 'privacy.policy', order: 520, render: () => <ReceiptsPage /> },
  ],
};
