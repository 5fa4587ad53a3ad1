// 联合推广活动 in the citizen app (PP-2.4): the public activity list and pages — each announcing its partner and exactly
// the information provided to it — joining with an explicit 同意并参加 tap, and leaving.
import './strings.ts';
import type { Feature } from '../types.ts';
import { ActivitiesPage, ActivityPage } from './pages.tsx';

export const feature: Feature = {
  name: 'promotions',
  routes: [
    { path: '/promotions', tab: 'me', titleKey: 'promotions.title', back: true, render: () => <ActivitiesPage /> },
    { path: '/promotions/:id', tab: 'me', titleKey: 'promotions.detail', back: true, render: (p) => <ActivityPage id={p.id!} /> },
  ],
  meEntries: [{ key: 'promotions', titleKey: 'promotions.title', path: '/promotions', group: 'services', order: 40 }],
};
