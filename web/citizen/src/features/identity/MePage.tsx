// 我的: the account header (signed-in name and masked mobile, or the sign-in button for guests) and the entries every feature contributes, grouped.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, ErrorBlock, List } from 'antd-mobile';
import { UserOutline } from 'antd-mobile-icons';
import { api } from '../../../../shared/client.ts';
import { setLang } from '../../../../shared/i18n.ts';
import { navigate } from '../../../../shared/router.ts';
import { ME_ENTRIES } from '../index.ts';
import type { MeEntry } from '../types.ts';
import { signOut, useSession } from './session.ts';

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

function EntryItem({ entry }: { entry: MeEntry }) {
  const { t } = useTranslation();
  const badge = entry.useBadge?.() ?? false;
  return (
    <List.Item onClick={() => navigate(entry.path)}>
      {badge ? <Badge content={Badge.dot}>{t(entry.titleKey)}</Badge> : t(entry.titleKey)}
    </List.Item>
  );
}

export function MePage() {
  const { t, i18n } = useTranslation();
  const health = useServiceStatus();
  const { account, loading } = useSession();
  const state = { checking: t('statusChecking'), ok: t('statusOk'), degraded: t('statusDegraded'), unreachable: t('statusUnreachable') }[health];
  const groups = ['account', 'services', 'privacy', 'about'] as const;
  return (
    <>
      <div className="section">
        {account ? (
          <div data-testid="me-account" style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
            <UserOutline fontSize={48} color="#1677ff" />
            <div style={{ flex: 1 }}>
              <div style={{ fontSize: 17, fontWeight: 600 }}>{t('identity.welcome', { name: account.accountName })}</div>
              <div className="note" style={{ textAlign: 'left', marginTop: 2 }}>{account.mobileMasked}</div>
            </div>
            <Button size="small" onClick={() => void signOut()}>
              {t('identity.signOut')}
            </Button>
          </div>
        ) : (
          <>
            <ErrorBlock status="default" title={t('meGuest')} description={null} image={<UserOutline fontSize={56} color="#ccc" />} />
            <Button block color="primary" style={{ marginTop: 16 }} loading={loading} onClick={() => navigate('/login')}>
              {t('login')}
            </Button>
          </>
        )}
      </div>
      {groups.map((g) => {
        const entries = ME_ENTRIES.filter((e) => e.group === g);
        return entries.length ? (
          <List className="section" key={g}>
            {entries.map((e) => <EntryItem key={e.key} entry={e} />)}
          </List>
        ) : null;
      })}
      <List className="section">
        <List.Item extra={i18n.language === 'en' ? 'English' : '中文'} onClick={() => void setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>
          {t('language')}
        </List.Item>
      </List>
      <p className="status" data-testid="service-status" data-health={health}>
        {t('status', { state })}
      </p>
    </>
  );
}
