// What a feature contributes to the citizen app. Each feature folder exports one `feature`; features/index.ts lists
// them. Features own their pages, strings (addStrings) and 我的 entries — no feature edits another's files.
import type { ReactNode } from 'react';

export type Tab = 'home' | 'services' | 'me';

export interface CitizenRoute {
  /** `/services/:code` style pattern */
  path: string;
  /** which tab is highlighted while the page shows */
  tab: Tab;
  /** i18n key of the title in the top bar; the app title when absent */
  titleKey?: string;
  /** true → the top bar shows a back button */
  back?: boolean;
  render(params: Record<string, string>): ReactNode;
}

export interface MeEntry {
  key: string;
  /** i18n key */
  titleKey: string;
  path: string;
  /** 我的 groups: account (账户与安全, 实名认证), services (我的服务, 收藏, 诉求), privacy (隐私设置, 用户资料), about */
  group: 'account' | 'services' | 'privacy' | 'about';
  order: number;
  /** shows a red dot (e.g. a new policy version unread); evaluated when 我的 renders */
  useBadge?: () => boolean;
}

export interface Feature {
  name: string;
  routes: CitizenRoute[];
  meEntries?: MeEntry[];
  /** rendered above every page (first-use policy sheet, re-consent pop-up, abnormal-login banner…) */
  Overlay?: () => ReactNode;
}
