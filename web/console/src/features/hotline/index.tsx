// 12345 in the console: one work page per role (派单, 承办, 审核, 回访) and the statistics dashboard, each behind the
// permission its server routes check (PP-3.4).
import type { ConsoleFeature } from '../types.ts';
import { StatsPage } from './StatsPage.tsx';
import { WorkPage } from './WorkPage.tsx';
import './strings.ts';

export const feature: ConsoleFeature = {
  name: 'hotline',
  pages: [
    { path: 'hotline/dispatch', labelKey: 'hotline.menuDispatch', group: 'dispatch', permission: 'hotline.dispatch', order: 100, render: () => <WorkPage key="dispatch" view="dispatch" /> },
    { path: 'hotline/handle', labelKey: 'hotline.menuHandle', group: 'dispatch', permission: 'hotline.handle', order: 110, render: () => <WorkPage key="handle" view="handle" /> },
    { path: 'hotline/approve', labelKey: 'hotline.menuApprove', group: 'dispatch', permission: 'hotline.approve', order: 120, render: () => <WorkPage key="approve" view="approve" /> },
    { path: 'hotline/callback', labelKey: 'hotline.menuCallback', group: 'dispatch', permission: 'hotline.callback', order: 130, render: () => <WorkPage key="callback" view="callback" /> },
    { path: 'hotline/stats', labelKey: 'hotline.menuStats', group: 'dispatch', permission: 'hotline.stats', order: 140, render: () => <StatsPage /> },
  ],
};
