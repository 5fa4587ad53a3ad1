import type { Feature } from '../types.ts';
import { Home } from './Home.tsx';
import { Services } from './Services.tsx';

export const feature: Feature = {
  name: 'catalogue',
  routes: [
    { path: '/', tab: 'home', render: () => <Home /> },
    { path: '/services', tab: 'services', render: () => <Services /> },
  ],
  meEntries: [],
};
