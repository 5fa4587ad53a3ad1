// The identity feature: 登录 / 注册 / 重设密码, 我的 (account header), 我的 → 账户与安全, the 这不是我 landing page, and what
// other features reuse:
//   const { account, loading } = useSession();                       // who is signed in (null for guests)
//   const r = await withStepUp(() => api.POST('/api/v1/…', { body }));  // answers step-up-required with the sheet
import type { Feature } from '../types.ts';
import './strings.ts';
import { LoginPage, RegisterPage, ResetPage } from './AuthPages.tsx';
import { MePage } from './MePage.tsx';
import { NotMePage, SecurityPage } from './SecurityPage.tsx';
import { StepUpHost } from './StepUpSheet.tsx';

export { useSession, refreshSession, signOut, problemName, currentSession, onSessionChange, type Account, type SessionState } from './session.ts';
export { withStepUp, requestStepUp, StepUpHost } from './StepUpSheet.tsx';

export const feature: Feature = {
  name: 'identity',
  routes: [
    { path: '/me', tab: 'me', render: () => <MePage /> },
    { path: '/login', tab: 'me', titleKey: 'identity.loginTitle', back: true, render: () => <LoginPage /> },
    { path: '/register', tab: 'me', titleKey: 'identity.registerTitle', back: true, render: () => <RegisterPage /> },
    { path: '/password-reset', tab: 'me', titleKey: 'identity.resetTitle', back: true, render: () => <ResetPage /> },
    { path: '/me/security', tab: 'me', titleKey: 'identity.securityTitle', back: true, render: () => <SecurityPage /> },
    { path: '/me/not-me', tab: 'me', titleKey: 'identity.notMeTitle', back: true, render: () => <NotMePage /> },
  ],
  meEntries: [{ key: 'security', titleKey: 'identity.securityTitle', path: '/me/security', group: 'account', order: 10 }],
  Overlay: StepUpHost,
};
