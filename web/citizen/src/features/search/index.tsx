import type { Feature } from '../types.ts';

export { SearchEntry } from './SearchEntry.tsx';
export const feature: Feature = { name: 'search', routes: [], meEntries: [] };
