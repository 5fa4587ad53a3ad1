// What a feature contributes to the staff console: menu entries, each with the permission it needs (the server checks
// it again on every call — the menu only hides what the user cannot use) and its page.
import type { ReactNode } from 'react';

export interface ConsolePage {
  /** path under /console/app, e.g. 'dispatch' or 'dispatch/:id' */
  path: string;
  /** entries with a labelKey appear in the menu */
  labelKey?: string;
  /** menu group: 'workbench' | 'dispatch' | 'privacy' | 'audit' | 'system' (i18n `menu.<group>`) */
  group: 'workbench' | 'dispatch' | 'privacy' | 'audit' | 'system';
  /** the staff permission this page needs (`resource.action`); absent → every signed-in staff member */
  permission?: string;
  order: number;
  render(params: Record<string, string>): ReactNode;
}

export interface ConsoleFeature {
  name: string;
  pages: ConsolePage[];
}
