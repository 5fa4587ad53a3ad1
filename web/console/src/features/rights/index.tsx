// The privacy office's rights-request pages (permission privacy.requests, issue #6 §10).
import type { ConsoleFeature } from '../types.ts';
import { QueuePage, RequestStatsPage } from './QueuePage.tsx';
import './strings.ts';

export const feature: ConsoleFeature = {
  name: 'rights',
  pages: [
    { path: 'rights/queue', labelKey: 'rightsOffice.menuQueue', group: 'privacy', permission: 'privacy.requests', order: 400, render: () => <QueuePage /> },
    { path: 'rights/stats', labelKey: 'rightsOffice.menuStats', group: 'privacy', permission: 'privacy.requests', order: 410, render: () => <RequestStatsPage /> },
  ],
};
