// 我的: the account header (sign-in state) and the entries every feature contributes, grouped.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, ErrorBlock, List } from 'antd-mobile';
import { UserOutline } from 'antd-mobile-icons';
import { api } from '../../../../shared/client.ts';
import { setLang } from '../../../../shared/i18n.ts';
import { navigate } from '../../../../shared/router.ts';
import { ME_ENTRIES } from '../index.ts';
import type { MeEntry } from '../types.ts';

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
  const state = { checking: t('statusChecking'), ok: t('statusOk'), degraded: t('statusDegraded'), unreachable: t('statusUnreachable') }[health];
  const groups = ['account', 'services', 'privacy', 'about'] as const;
  return (
    <>
      <div className="section">
        <ErrorBlock status="default" title={t('meGuest')} description={null} image={<UserOutline fontSize={56} color="#ccc" />} />
        <Button block color="primary" disabled style={{ marginTop: 16 }}>
          {t('login')}
        </Button>
        <p className="note">{t('accountSoon')}</p>
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
