import type { Feature } from '../types.ts';

export const feature: Feature = { name: 'oidc', routes: [], meEntries: [] };
