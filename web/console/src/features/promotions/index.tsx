// 联合推广活动 in the console (PP-2.4): create and publish activities with their partner and the information it
// receives, close them, and hand participants over to the partner through the sharing ledger. Needs promotions.manage
// (the server checks it again).
import type { ConsoleFeature } from '../types.ts';
import { PromotionsPage } from './PromotionsPage.tsx';
import './strings.ts';

export const feature: ConsoleFeature = {
  name: 'promotions',
  pages: [{ path: 'promotions', labelKey: 'promotions.menu', group: 'workbench', permission: 'promotions.manage', order: 320, render: () => <PromotionsPage /> }],
};
