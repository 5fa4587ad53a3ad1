import type { Feature } from '../types.ts';
import { MePage } from './MePage.tsx';

export const feature: Feature = {
  name: 'identity',
  routes: [{ path: '/me', tab: 'me', render: () => <MePage /> }],
  meEntries: [],
};
