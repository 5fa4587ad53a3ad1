// Staff console shell: sign-in at /console/, the (still empty) working layout at /console/app. Sign-in does not
// authenticate anyone yet — staff accounts arrive with the accounts module, and the form says so instead of faking it.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App as AntApp, Button, ConfigProvider, Empty, Form, Input, Layout, Menu, Typography, Card } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import enUS from 'antd/es/locale/en_US';
import { setLang } from '../../shared/i18n.ts';

const BASE = '/console';
const MENU = ['workbench', 'dispatch', 'privacy', 'audit', 'system'] as const;
type MenuKey = (typeof MENU)[number];

function subscribe(cb: () => void) {
  window.addEventListener('popstate', cb);
  return () => window.removeEventListener('popstate', cb);
}
function navigate(to: string) {
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

function LangSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Button type="link" data-testid="lang-switch" onClick={() => void setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>
      {t('switchTo')}
    </Button>
  );
}

function SignIn() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [notice, setNotice] = useState(false);
  return (
    <div className="signin">
      <Card className="signin-card" extra={<LangSwitch />} title={t('appTitle') + ' · ' + t('consoleTitle')}>
        <Typography.Title level={3}>{t('signIn.heading')}</Typography.Title>
        {notice && <Alert type="info" showIcon title={t("signIn.notYet")} style={{ marginBottom: 16 }} />}
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={() => {
            setNotice(true);
            void message.info(t('signIn.notYet'));
          }}
        >
          <Form.Item name="account" label={t('signIn.account')} rules={[{ required: true, message: t('signIn.accountRequired') }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="totp"
            label={t('signIn.totp')}
            extra={t('signIn.totpHint')}
            rules={[{ required: true, pattern: /^\d{6}$/, message: t('signIn.totpRequired') }]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}

function Shell() {
  const { t } = useTranslation();
  const [active, setActive] = useState<MenuKey>('workbench');
  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0}>
        <div className="brand">{t('appTitle')}</div>
        <Menu theme="dark" mode="inline" selectedKeys={[active]} onClick={(e) => setActive(e.key as MenuKey)} items={MENU.map((k) => ({ key: k, label: t(`menu.${k}`) }))} />
      </Layout.Sider>
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px' }}>
          <div className="topbar">
            <LangSwitch />
            <Button type="link" onClick={() => navigate(`${BASE}/`)}>
              {t('signOut')}
            </Button>
          </div>
        </Layout.Header>
        <Layout.Content style={{ margin: 16, padding: 24, background: '#fff' }}>
          <Typography.Title level={4}>{t(`menu.${active}`)}</Typography.Title>
          <Empty description={t('emptyPage', { name: t(`menu.${active}`) })} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

export function App() {
  const { t, i18n } = useTranslation();
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  const inApp = pathname === `${BASE}/app` || pathname.startsWith(`${BASE}/app/`);
  useEffect(() => {
    document.title = `${t('appTitle')} · ${t('consoleTitle')}`;
  }, [t, i18n.language]);
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <AntApp style={{ height: '100%' }}>{inApp ? <Shell /> : <SignIn />}</AntApp>
    </ConfigProvider>
  );
}
