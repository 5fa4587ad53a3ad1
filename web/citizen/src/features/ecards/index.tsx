// 电子卡证 in the citizen app (PP-1.16): 我的 → 电子卡证 list (masked numbers), add (after the ecard-reminders
// consent sheet), a card with its counter QR code, the full number after step-up, remove.
import './strings.ts';
import type { Feature } from '../types.ts';
import { AddCardPage, CardPage, CardsPage } from './pages.tsx';

export const feature: Feature = {
  name: 'ecards',
  routes: [
    { path: '/ecards', tab: 'me', titleKey: 'ecards.title', back: true, render: () => <CardsPage /> },
    { path: '/ecards/new', tab: 'me', titleKey: 'ecards.add', back: true, render: () => <AddCardPage /> },
    { path: '/ecards/:id', tab: 'me', titleKey: 'ecards.detail', back: true, render: (p) => <CardPage id={p.id!} /> },
  ],
  meEntries: [{ key: 'ecards', titleKey: 'ecards.title', path: '/ecards', group: 'services', order: 25 }],
};
