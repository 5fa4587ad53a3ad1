// Every feature of the staff console.
import type { ConsolePage, ConsoleFeature } from './types.ts';
import { feature as staff } from './staff/index.tsx';
import { feature as identity } from './identity/index.tsx';
import { feature as catalogue } from './catalogue/index.tsx';
import { feature as hotline } from './hotline/index.tsx';
import { feature as privacy } from './privacy/index.tsx';
import { feature as rights } from './rights/index.tsx';
import { feature as oidc } from './oidc/index.tsx';
import { feature as incidents } from './incidents/index.tsx';
import { feature as promotions } from './promotions/index.tsx';

export const FEATURES: ConsoleFeature[] = [staff, identity, catalogue, hotline, privacy, rights, oidc, incidents, promotions];
export const PAGES: ConsolePage[] = FEATURES.flatMap((f) => f.pages).sort((a, b) => a.order - b.order);
