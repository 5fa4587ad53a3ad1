import type { ConsoleFeature } from '../types.ts';

export const feature: ConsoleFeature = { name: 'oidc', pages: [] };
