// Citizen app shell: header with language switch, three tabs (首页 / 办事 / 我的) and a privacy page. Routes are
// plain paths (/, /services, /me, /privacy); the server answers any unknown page path with this index.html.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ConfigProvider, ErrorBlock, Grid, List, NavBar, SearchBar, TabBar, Toast } from 'antd-mobile';
import { AppOutline, UnorderedListOutline, UserOutline } from 'antd-mobile-icons';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { api } from '../../shared/client.ts';
import { setLang } from '../../shared/i18n.ts';
import { CATEGORIES } from './i18n.ts';

type Route = 'home' | 'services' | 'me' | 'privacy';
const PATHS: Record<Route, string> = { home: '/', services: '/services', me: '/me', privacy: '/privacy' };

function routeOf(pathname: string): Route {
  const clean = pathname.replace(/\/+$/, '') || '/';
  const found = (Object.entries(PATHS) as [Route, string][]).find(([, p]) => p === clean);
  return found ? found[0] : 'home';
}

function subscribe(cb: () => void) {
  window.addEventListener('popstate', cb);
  return () => window.removeEventListener('popstate', cb);
}

function usePath(): [Route, (r: Route) => void] {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  const go = (r: Route) => {
    if (window.location.pathname !== PATHS[r]) window.history.pushState(null, '', PATHS[r]);
    window.dispatchEvent(new PopStateEvent('popstate'));
  };
  return [routeOf(pathname), go];
}

function LangSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <button type="button" className="lang-btn" data-testid="lang-switch" onClick={() => void setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>
      {t('switchTo')}
    </button>
  );
}

const COLORS = ['#1677ff', '#00b578', '#ff3141', '#2f54eb', '#ff8f1f', '#13c2c2', '#722ed1', '#eb2f96', '#fa8c16', '#52c41a', '#a0522d'];

function Home({ go }: { go: (r: Route) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="section">
        {/* Search arrives with the service catalogue; shown, but inert, so the layout is honest about it. */}
        <div aria-disabled="true" style={{ pointerEvents: 'none', opacity: 0.6 }}>
          <SearchBar placeholder={t('search')} />
        </div>
      </div>
      <div className="section">
        <h2 className="section-title">{t('categoriesTitle')}</h2>
        <Grid columns={4} gap={8}>
          {CATEGORIES.map((key, i) => {
            const name = t(`categories.${key}`);
            return (
              <Grid.Item key={key}>
                <button type="button" className="tile" onClick={() => Toast.show({ content: t('categorySoon', { name }) })}>
                  <span className="tile-icon" style={{ background: COLORS[i % COLORS.length] }} aria-hidden>
                    {name.slice(0, 1)}
                  </span>
                  <span className="tile-label">{name}</span>
                </button>
              </Grid.Item>
            );
          })}
        </Grid>
      </div>
      <div className="links">
        <a href={PATHS.privacy} onClick={(e) => { e.preventDefault(); go('privacy'); }}>
          {t('privacy')}
        </a>
      </div>
    </>
  );
}

function Services() {
  const { t } = useTranslation();
  return (
    <div className="section">
      <ErrorBlock status="empty" title={t('servicesEmpty')} description={t('servicesEmptyNote')} />
    </div>
  );
}

type Health = 'checking' | 'ok' | 'degraded' | 'unreachable';

function useServiceStatus(): Health {
  const [health, setHealth] = useState<Health>('checking');
  useEffect(() => {
    let live = true;
    api.GET('/readyz').then(
      ({ data }) => live && setHealth(data?.status === 'ready' ? 'ok' : 'degraded'),
      () => live && setHealth('unreachable'),
    );
    return () => {
      live = false;
    };
  }, []);
  return health;
}

function Me({ go }: { go: (r: Route) => void }) {
  const { t, i18n } = useTranslation();
  const health = useServiceStatus();
  const state = { checking: t('statusChecking'), ok: t('statusOk'), degraded: t('statusDegraded'), unreachable: t('statusUnreachable') }[health];
  return (
    <>
      <div className="section">
        <ErrorBlock status="default" title={t('meGuest')} description={null} image={<UserOutline fontSize={56} color="#ccc" />} />
        <Button block color="primary" disabled style={{ marginTop: 16 }}>
          {t('login')}
        </Button>
        <p className="note">{t('accountSoon')}</p>
      </div>
      <List className="section">
        <List.Item extra={i18n.language === 'en' ? 'English' : '中文'} onClick={() => void setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>
          {t('language')}
        </List.Item>
        <List.Item onClick={() => go('privacy')}>{t('privacy')}</List.Item>
      </List>
      <p className="status" data-testid="service-status" data-health={health}>
        {t('status', { state })}
      </p>
    </>
  );
}

function Privacy() {
  const { t } = useTranslation();
  return (
    <div className="section">
      <p>{t('privacyBody')}</p>
    </div>
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const [route, go] = usePath();
  useEffect(() => {
    document.title = t('appTitle');
  }, [t, i18n.language]);
  const tab = route === 'privacy' ? 'me' : route;
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <div className="shell">
        <header className="shell-header">
          <NavBar back={route === 'privacy' ? t('back') : null} onBack={() => window.history.back()} right={<LangSwitch />}>
            <h1 style={{ fontSize: 17, margin: 0 }}>{route === 'privacy' ? t('privacyTitle') : t('appTitle')}</h1>
          </NavBar>
        </header>
        <main className="shell-body">
          {route === 'home' && <Home go={go} />}
          {route === 'services' && <Services />}
          {route === 'me' && <Me go={go} />}
          {route === 'privacy' && <Privacy />}
        </main>
        <nav className="shell-tabs">
          <TabBar activeKey={tab} onChange={(k) => go(k as Route)}>
            <TabBar.Item key="home" icon={<AppOutline />} title={t('tabs.home')} />
            <TabBar.Item key="services" icon={<UnorderedListOutline />} title={t('tabs.services')} />
            <TabBar.Item key="me" icon={<UserOutline />} title={t('tabs.me')} />
          </TabBar>
        </nav>
      </div>
    </ConfigProvider>
  );
}
