// 区县专区: one county-level division's own items by category, and its halls with tap-to-call numbers (PP-1.1, PP-1.15).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Collapse } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { useLoad } from './load.ts';
import { Failed, HallCard, ItemList, Loading } from './parts.tsx';
import { rememberDistrict } from '../search/district.ts';

export function DistrictPage({ code }: { code: string }) {
  const { t, i18n } = useTranslation();
  const district = useLoad(() => api.GET('/api/v1/catalogue/districts/{code}', { params: { path: { code } } }), [code]);
  const categories = useLoad(() => api.GET('/api/v1/catalogue/categories'), []);
  // the 区县专区 opened is the district the citizen chose: search ranks its items first from now on
  useEffect(() => rememberDistrict(code), [code]);
  if (district.loading) return <Loading />;
  if (!district.data) return <Failed onRetry={district.reload} />;
  const d = district.data;
  const groups = (categories.data?.categories ?? [])
    .map((c) => ({ c, items: d.items.filter((i) => i.category === c.id) }))
    .filter((g) => g.items.length > 0);
  return (
    <>
      <div className="section">
        <h2 className="section-title" data-testid="district-name">{d.name}</h2>
        {d.halls.map((h) => (
          <HallCard key={h.id} hall={h} />
        ))}
      </div>
      <div className="section" style={{ padding: 0 }}>
        <Collapse defaultActiveKey={groups.slice(0, 2).map((g) => g.c.id)}>
          {groups.map((g) => (
            <Collapse.Panel key={g.c.id} title={`${i18n.language === 'en' ? g.c.nameEn : g.c.nameZh}（${g.items.length}）`}>
              <ItemList items={g.items} showDistrict={false} />
            </Collapse.Panel>
          ))}
        </Collapse>
        {groups.length === 0 ? <div className="note">{t('catalogue.empty')}</div> : null}
      </div>
    </>
  );
}
