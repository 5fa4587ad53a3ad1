// The search feature of the citizen app: the home-page search box and the /search page.
import './strings.ts';
import type { Feature } from '../types.ts';
import { SearchPage } from './SearchPage.tsx';

export { SearchEntry, searchPath } from './SearchEntry.tsx';
export const feature: Feature = {
  name: 'search',
  routes: [{ path: '/search', tab: 'home', titleKey: 'search.title', back: true, render: () => <SearchPage /> }],
  meEntries: [],
};
