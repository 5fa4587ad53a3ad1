// The rights centre in the citizen app (issue #6): 用户资料 with export and deletion, 谁使用了我的数据, 账号注销 and
// APP功能反馈. The step-up sheet is identity's (its Overlay renders it).
import './strings.ts';
import type { Feature } from '../types.ts';
import { ProfilePage } from './ProfilePage.tsx';
import { CancelPage, FeedbackPage, UsagePage } from './OtherPages.tsx';

export const feature: Feature = {
  name: 'rights',
  routes: [
    { path: '/me/data', tab: 'me', titleKey: 'rights.profile', back: true, render: () => <ProfilePage /> },
    { path: '/me/data/usage', tab: 'me', titleKey: 'rights.usage', back: true, render: () => <UsagePage /> },
    { path: '/me/security/cancel', tab: 'me', titleKey: 'rights.cancel', back: true, render: () => <CancelPage /> },
    { path: '/me/feedback', tab: 'me', titleKey: 'rights.feedback', back: true, render: () => <FeedbackPage /> },
  ],
  meEntries: [
    { key: 'rights-profile', titleKey: 'rights.profile', path: '/me/data', group: 'privacy', order: 90 },
    { key: 'rights-usage', titleKey: 'rights.usage', path: '/me/data/usage', group: 'privacy', order: 95 },
    { key: 'rights-cancel', titleKey: 'rights.cancel', path: '/me/security/cancel', group: 'account', order: 90 },
    { key: 'rights-feedback', titleKey: 'rights.feedback', path: '/me/feedback', group: 'about', order: 10 },
  ],
};
