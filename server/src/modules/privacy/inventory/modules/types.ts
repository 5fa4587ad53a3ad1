import type { PiElement } from '../elements.ts';
import type { Purpose } from '../purposes.ts';

/**
 * What one feature module adds to the inventory, kept in its own file so that modules built side by side never edit
 * the same lines: the columns where it stores elements the policy names, elements of its own (e.g. staff data, which
 * the citizen policy does not list), and the columns of its tables that hold no PI, each with the reason.
 */
export interface ModuleInventory {
  /** element id → 'table.column's this module stores it in */
  storage?: Record<string, string[]>;
  elements?: PiElement[];
  /** purposes the policy does not name (e.g. administering staff accounts) */
  purposes?: Purpose[];
  /** 'table.column' → why it holds no personal information */
  nonPersonal?: Record<string, string>;
}
