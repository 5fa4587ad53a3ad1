// 我的收藏 and 我的服务 (PP-1.9): both rest on the search-history consent. Without it the page says so and offers the
// consent sheet; refusing leaves the rest of the app as it was.
import { useTranslation } from 'react-i18next';
import { Button, ErrorBlock, List, Tag } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { ensureConsent, isConsentRequired } from '../privacy/index.tsx';
import { useLoad } from './load.ts';
import { Failed, ItemList, Loading } from './parts.tsx';

function NeedConsent({ text, onGranted }: { text: string; onGranted(): void }) {
  const { t } = useTranslation();
  return (
    <ErrorBlock status="empty" title={text} description={null}>
      <Button color="primary" size="small" onClick={() => void ensureConsent('search-history').then((ok) => ok && onGranted())}>
        {t('catalogue.favourites.grant')}
      </Button>
    </ErrorBlock>
  );
}

function NeedLogin() {
  const { t } = useTranslation();
  return (
    <ErrorBlock status="empty" title={t('catalogue.detail.needLogin')} description={null}>
      <Button size="small" onClick={() => navigate('/me')}>
        {t('login')}
      </Button>
    </ErrorBlock>
  );
}

export function FavouritesPage() {
  const { t } = useTranslation();
  const res = useLoad(() => api.GET('/api/v1/catalogue/favourites'), []);
  if (res.loading) return <Loading />;
  if (res.data) return <div className="section" style={{ padding: 0 }}>{res.data.items.length ? <ItemList items={res.data.items} /> : <ErrorBlock status="empty" title={t('catalogue.favourites.empty')} description={null} />}</div>;
  if (isConsentRequired(res.error)) return <NeedConsent text={t('catalogue.favourites.needConsent')} onGranted={res.reload} />;
  if ((res.error as { status?: number } | undefined)?.status === 401) return <NeedLogin />;
  return <Failed onRetry={res.reload} />;
}

export function HandlingPage() {
  const { t } = useTranslation();
  const res = useLoad(() => api.GET('/api/v1/catalogue/handling-records'), []);
  if (res.loading) return <Loading />;
  if (res.data) {
    if (!res.data.items.length) return <ErrorBlock status="empty" title={t('catalogue.handling.empty')} description={null} />;
    return (
      <div className="section" style={{ padding: 0 }}>
        <List>
          {res.data.items.map((r) => (
            <List.Item
              key={`${r.itemCode}-${r.reference}`}
              arrowIcon
              onClick={() => navigate(`/services/item/${r.itemCode}`)}
              description={`${r.reference} · ${new Date(r.updatedAt).toLocaleString()}`}
              extra={<Tag color={r.status === 'completed' ? 'success' : 'primary'}>{t(`catalogue.handling.status.${r.status}`)}</Tag>}
            >
              {r.name}
            </List.Item>
          ))}
        </List>
      </div>
    );
  }
  if (isConsentRequired(res.error)) return <NeedConsent text={t('catalogue.handling.needConsent')} onGranted={res.reload} />;
  if ((res.error as { status?: number } | undefined)?.status === 401) return <NeedLogin />;
  return <Failed onRetry={res.reload} />;
}
