// One category: its published items, most used first, optionally narrowed to one 区县 (PP-1.1: no sign-in).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, CapsuleTabs } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { useLoad } from './load.ts';
import { Failed, ItemList, Loading, type ItemSummary } from './parts.tsx';

const PAGE = 20;

export function CategoryPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const [district, setDistrict] = useState('all');
  const [page, setPage] = useState(1);
  const [items, setItems] = useState<ItemSummary[]>([]);
  const categories = useLoad(() => api.GET('/api/v1/catalogue/categories'), []);
  const districts = useLoad(() => api.GET('/api/v1/catalogue/districts'), []);
  const list = useLoad(
    () => api.GET('/api/v1/catalogue/items', { params: { query: { category: id, page, pageSize: PAGE, ...(district === 'all' ? {} : { district }) } } }),
    [id, district, page],
  );
  useEffect(() => {
    if (list.data) setItems((prev) => (page === 1 ? list.data!.items : [...prev, ...list.data!.items]));
  }, [list.data, page]);
  const category = categories.data?.categories.find((c) => c.id === id);
  return (
    <>
      <div className="section">
        <h2 className="section-title">{category ? (i18n.language === 'en' ? category.nameEn : category.nameZh) : ''}</h2>
        <CapsuleTabs activeKey={district} onChange={(k) => { setDistrict(k); setPage(1); }}>
          <CapsuleTabs.Tab key="all" title={t('catalogue.all')} />
          <CapsuleTabs.Tab key="320600" title={t('catalogue.detail.city')} />
          {(districts.data?.districts ?? []).map((d) => (
            <CapsuleTabs.Tab key={d.code} title={d.name} />
          ))}
        </CapsuleTabs>
      </div>
      <div className="section" style={{ padding: 0 }}>
        {list.error && !list.loading ? <Failed onRetry={list.reload} /> : items.length || !list.loading ? <ItemList items={items} /> : <Loading />}
        {list.data && items.length < list.data.total ? (
          <div style={{ padding: 12, textAlign: 'center' }}>
            <Button size="small" loading={list.loading} onClick={() => setPage((p) => p + 1)}>
              {t('catalogue.more')}
            </Button>
          </div>
        ) : null}
      </div>
    </>
  );
}
