// Citizen app shell: top bar with language switch, three tabs (首页 / 办事 / 我的) and the page the path selects.
// Pages come from the features (features/index.ts); the server answers any unknown page path with this index.html.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfigProvider, ErrorBlock, NavBar, TabBar } from 'antd-mobile';
import { AppOutline, UnorderedListOutline, UserOutline } from 'antd-mobile-icons';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { setLang } from '../../shared/i18n.ts';
import { match, navigate, usePathname } from '../../shared/router.ts';
import { OVERLAYS, ROUTES } from './features/index.ts';
import type { Tab } from './features/types.ts';

const TAB_PATHS: Record<Tab, string> = { home: '/', services: '/services', me: '/me' };

function LangSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <button type="button" className="lang-btn" data-testid="lang-switch" onClick={() => void setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>
      {t('switchTo')}
    </button>
  );
}

function resolve(pathname: string) {
  for (const route of ROUTES) {
    const params = match(route.path, pathname);
    if (params) return { route, params };
  }
  return null;
}

export function App() {
  const { t, i18n } = useTranslation();
  const pathname = usePathname();
  const found = resolve(pathname);
  useEffect(() => {
    document.title = t('appTitle');
  }, [t, i18n.language]);
  const tab = found?.route.tab ?? 'home';
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <div className="shell">
        <header className="shell-header">
          <NavBar back={found?.route.back ? t('back') : null} onBack={() => window.history.back()} right={<LangSwitch />}>
            <h1 style={{ fontSize: 17, margin: 0 }}>{found?.route.titleKey ? t(found.route.titleKey) : t('appTitle')}</h1>
          </NavBar>
        </header>
        <main className="shell-body">
          {found ? found.route.render(found.params) : <ErrorBlock status="empty" title={t('notFound')} description={null} />}
        </main>
        <nav className="shell-tabs">
          <TabBar activeKey={tab} onChange={(k) => navigate(TAB_PATHS[k as Tab])}>
            <TabBar.Item key="home" icon={<AppOutline />} title={t('tabs.home')} />
            <TabBar.Item key="services" icon={<UnorderedListOutline />} title={t('tabs.services')} />
            <TabBar.Item key="me" icon={<UserOutline />} title={t('tabs.me')} />
          </TabBar>
        </nav>
        {OVERLAYS.map(({ name, Overlay }) => (
          <Overlay key={name} />
        ))}
      </div>
    </ConfigProvider>
  );
}
