// 我的 → 个人信息收集清单 / 第三方信息共享清单 / 第三方SDK清单 (issue #3 item 7; PP-1.20, PP-2.3, PP-2.4), from the public APIs
// that are generated from the same inventory the guard enforces.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Collapse, List, SpinLoading, Tag } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { collectionRows, type CollectionRow } from './store.ts';

function useLoad<T>(load: () => Promise<T>): T | null {
  const [v, setV] = useState<T | null>(null);
  useEffect(() => {
    void load().then(setV);
  }, []);
  return v;
}
const Loading = () => <div className="section"><SpinLoading /></div>;

export function CollectionListPage() {
  const { t } = useTranslation();
  const rows = useLoad<CollectionRow[]>(collectionRows);
  if (!rows) return <Loading />;
  const purposes = [...new Map(rows.map((r) => [r.purpose, r])).values()];
  return (
    <Collapse className="section" data-testid="collection-list">
      {purposes.map((p) => (
        <Collapse.Panel key={p.purpose} title={p.purposeZh}>
          <p><b>{t('privacyCenter.lists.scenario')}：</b>{p.scenarioZh}</p>
          <p><b>{t('privacyCenter.lists.basis')}：</b>{p.legalBasisZh}</p>
          <List>
            {rows.filter((r) => r.purpose === p.purpose).map((r) => (
              <List.Item key={r.element} description={`${t('privacyCenter.lists.retention')}：${r.retention}`} extra={r.sensitive ? <Tag color="danger">{t('privacyCenter.sheet.sensitive')}</Tag> : null}>
                {r.elementZh}
              </List.Item>
            ))}
          </List>
        </Collapse.Panel>
      ))}
    </Collapse>
  );
}

export function SharingListPage() {
  const { t } = useTranslation();
  // PP-2.4: joint promotions follow the service categories; their partner and fields are on each activity page
  const data = useLoad(() => api.GET('/api/v1/privacy/sharing-list').then((r) => [...(r.data?.items ?? []), ...(r.data?.jointPromotions ?? [])]));
  if (!data) return <Loading />;
  return (
    <List className="section" data-testid="sharing-list">
      {data.map((c) => (
        <List.Item
          key={c.category}
          onClick={c.category === 'joint-promotions' ? () => navigate('/promotions') : undefined}
          description={
            <>
              <div><b>{t('privacyCenter.lists.recipients')}：</b>{c.recipientsZh.join('、')}</div>
              <div><b>{t('privacyCenter.lists.fields')}：</b>{c.fieldsZh.join('、')}</div>
              <div><b>{t('privacyCenter.lists.purpose')}：</b>{c.purposeZh}</div>
              <div><b>{t('privacyCenter.lists.scenario')}：</b>{c.scenarioZh.join('、')}</div>
            </>
          }
        >
          {c.categoryZh}
        </List.Item>
      ))}
    </List>
  );
}

export function SdkListPage() {
  const { t } = useTranslation();
  const data = useLoad(() => api.GET('/api/v1/privacy/sdk-list').then((r) => r.data ?? null));
  if (!data) return <Loading />;
  return (
    <>
      <List className="section" data-testid="sdk-list">
        {data.sdks.map((s) => (
          <List.Item
            key={s.no}
            description={
              <>
                <div><b>{t('privacyCenter.lists.vendor')}：</b>{s.vendorZh}</div>
                <div><b>{t('privacyCenter.lists.permissions')}：</b>{s.permissionsZh.join('、') || t('privacyCenter.lists.none')}</div>
                <div><b>{t('privacyCenter.lists.info')}：</b>{s.personalInfoZh.join('、') || t('privacyCenter.lists.none')}</div>
                <div><b>{t('privacyCenter.lists.purpose')}：</b>{s.purposeZh}</div>
              </>
            }
          >
            {s.no}. {s.nameZh}
          </List.Item>
        ))}
      </List>
      <List className="section" header={t('privacyCenter.lists.providers')}>
        {data.platformProviders.map((p) => (
          <List.Item key={p.id} description={`${p.recipientZh} · ${p.fieldsZh.join('、')} · ${p.purposeZh}`}>{p.nameZh}</List.Item>
        ))}
      </List>
    </>
  );
}
