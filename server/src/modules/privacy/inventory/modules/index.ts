// Every module's inventory contribution. A new module adds its file here once.
import type { ModuleInventory } from './types.ts';
import { inventory as identity } from './identity.ts';
import { inventory as realname } from './realname.ts';
import { inventory as staff } from './staff.ts';
import { inventory as catalogue } from './catalogue.ts';
import { inventory as search } from './search.ts';
import { inventory as hotline } from './hotline.ts';
import { inventory as policy } from './policy.ts';
import { inventory as rights } from './rights.ts';
import { inventory as oidc } from './oidc.ts';
import { inventory as open311 } from './open311.ts';
import { inventory as incidents } from './incidents.ts';
import { inventory as ecards } from './ecards.ts';
import { inventory as sharing } from './sharing.ts';
import { inventory as promotions } from './promotions.ts';

export type { ModuleInventory } from './types.ts';
export const MODULE_INVENTORIES: readonly ModuleInventory[] = [identity, realname, staff, catalogue, search, hotline, policy, rights, oidc, open311, ecards, incidents, sharing, promotions];
