// The catalogue in the staff console: the item list and editor (catalogue.edit; publishing needs catalogue.publish)
// and the anonymous usage statistics.
import type { ConsoleFeature } from '../types.ts';
import { EditPage } from './EditPage.tsx';
import { ItemsPage } from './ItemsPage.tsx';
import { StatsPage } from './StatsPage.tsx';
import './strings.ts';

export const feature: ConsoleFeature = {
  name: 'catalogue',
  pages: [
    { path: 'catalogue', labelKey: 'catalogue.menu', group: 'workbench', permission: 'catalogue.edit', order: 300, render: () => <ItemsPage /> },
    { path: 'catalogue/:code', group: 'workbench', permission: 'catalogue.edit', order: 301, render: (p) => <EditPage code={p.code!} /> },
    { path: 'catalogue-stats', labelKey: 'catalogue.menuStats', group: 'workbench', permission: 'catalogue.edit', order: 310, render: () => <StatsPage /> },
  ],
};
