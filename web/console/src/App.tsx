// Staff console shell: sign-in at /console/, the working layout at /console/app/<page>. The menu lists the pages the
// features contribute that the signed-in staff member's permissions allow (the server enforces them again).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { App as AntApp, Button, ConfigProvider, Empty, Layout, Menu, Spin, Typography } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { match, navigate, usePathname } from '../../shared/router.ts';
import { LangSwitch } from './LangSwitch.tsx';
import { PAGES } from './features/index.ts';
import { SignIn, useStaffSession, type StaffSession } from './features/staff/index.tsx';
import type { ConsolePage } from './features/types.ts';

export const BASE = '/console';
const GROUPS = ['workbench', 'dispatch', 'privacy', 'audit', 'system'] as const;

function allowed(page: ConsolePage, session: StaffSession) {
  return !page.permission || session.permissions.includes(page.permission);
}

function Shell({ session, signOut, sub }: { session: StaffSession; signOut(): Promise<void>; sub: string }) {
  const { t } = useTranslation();
  const pages = PAGES.filter((p) => allowed(p, session));
  // Signed in with a one-time password: the server grants nothing until it is replaced, so go straight to that page.
  useEffect(() => {
    if (session.mustChangePassword && sub !== 'security') navigate(`${BASE}/app/security`, { replace: true });
  }, [session.mustChangePassword, sub]);
  let current: { page: ConsolePage; params: Record<string, string> } | null = null;
  for (const page of pages) {
    const params = match('/' + page.path, '/' + sub);
    if (params) {
      current = { page, params };
      break;
    }
  }
  const items = GROUPS.map((g) => {
    const children = pages.filter((p) => p.group === g && p.labelKey).map((p) => ({ key: p.path, label: t(p.labelKey!) }));
    return children.length ? { key: g, label: t(`menu.${g}`), type: 'group' as const, children } : null;
  }).filter((x) => x !== null);
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} width={220}>
        <div className="brand">{t('appTitle')}</div>
        <Menu theme="dark" mode="inline" selectedKeys={current ? [current.page.path] : []} onClick={(e) => navigate(`${BASE}/app/${e.key}`)} items={items} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px' }}>
          <div className="topbar">
            <span data-testid="staff-name">{session.displayName}</span>
            <LangSwitch />
            <Button type="link" onClick={() => void signOut().then(() => navigate(`${BASE}/`))}>
              {t('signOut')}
            </Button>
          </div>
        </Layout.Header>
        <Layout.Content style={{ margin: 16, padding: 24, background: '#fff' }}>
          {current ? (
            current.page.render(current.params)
          ) : (
            <>
              <Typography.Title level={4}>{t('menu.workbench')}</Typography.Title>
              <Empty description={pages.length ? t('pickPage') : t('noPages')} />
            </>
          )}
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const pathname = usePathname().split('?')[0]!;
  const { session, loading, signOut } = useStaffSession();
  const inApp = pathname === `${BASE}/app` || pathname.startsWith(`${BASE}/app/`);
  useEffect(() => {
    document.title = `${t('appTitle')} · ${t('consoleTitle')}`;
  }, [t, i18n.language]);
  useEffect(() => {
    if (!loading && inApp && !session) navigate(`${BASE}/`, { replace: true });
    if (!loading && !inApp && session) navigate(`${BASE}/app`, { replace: true });
  }, [loading, inApp, session]);
  const sub = pathname.slice(`${BASE}/app`.length).replace(/^\/+/, '');
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <AntApp style={{ height: '100%' }}>
        {loading ? <Spin style={{ marginTop: 80, width: '100%' }} /> : session && inApp ? <Shell session={session} signOut={signOut} sub={sub} /> : <SignIn />}
      </AntApp>
    </ConfigProvider>
  );
}
