// Every feature of the citizen app, in the order their routes are matched (first match wins).
import type { CitizenRoute, Feature, MeEntry } from './types.ts';
import { feature as catalogue } from './catalogue/index.tsx';
import { feature as search } from './search/index.tsx';
import { feature as identity } from './identity/index.tsx';
import { feature as realname } from './realname/index.tsx';
import { feature as privacy } from './privacy/index.tsx';
import { feature as hotline } from './hotline/index.tsx';
import { feature as rights } from './rights/index.tsx';
import { feature as oidc } from './oidc/index.tsx';
import { feature as incidents } from './incidents/index.tsx';
import { feature as ecards } from './ecards/index.tsx';
import { feature as promotions } from './promotions/index.tsx';

export const FEATURES: Feature[] = [catalogue, search, identity, realname, privacy, hotline, rights, oidc, ecards, promotions, incidents];
export const ROUTES: CitizenRoute[] = FEATURES.flatMap((f) => f.routes);
export const ME_ENTRIES: MeEntry[] = FEATURES.flatMap((f) => f.meEntries ?? []).sort((a, b) => a.order - b.order);
export const OVERLAYS = FEATURES.flatMap((f) => (f.Overlay ? [{ name: f.name, Overlay: f.Overlay }] : []));
