import type { ConsoleFeature } from '../types.ts';

export const feature: ConsoleFeature = { name: 'rights', pages: [] };
