// Inventory contribution of the staff module (see types.ts).
import type { ModuleInventory } from './types.ts';

export const inventory: ModuleInventory = { storage: {}, elements: [], nonPersonal: {} };
