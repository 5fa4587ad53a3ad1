// 首页: search box (search feature), the category grid and 热门服务 from the catalogue API, 区县专区 — all without
// an account or any consent (PP-1.1).
import { useTranslation } from 'react-i18next';
import { Space, Tag } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { SearchEntry } from '../search/index.tsx';
import { useLoad } from './load.ts';
import { CategoryGrid, Failed, ItemList, Loading, go } from './parts.tsx';

export function Home() {
  const { t } = useTranslation();
  const categories = useLoad(() => api.GET('/api/v1/catalogue/categories'), []);
  const popular = useLoad(() => api.GET('/api/v1/catalogue/popular', { params: { query: { limit: 8 } } }), []);
  const districts = useLoad(() => api.GET('/api/v1/catalogue/districts'), []);
  return (
    <>
      <div className="section">
        <SearchEntry />
      </div>
      <div className="section">
        <h2 className="section-title">{t('categoriesTitle')}</h2>
        {categories.loading ? <Loading /> : categories.data ? <CategoryGrid categories={categories.data.categories} /> : <Failed onRetry={categories.reload} />}
      </div>
      <div className="section">
        <h2 className="section-title">{t('catalogue.popular')}</h2>
        {popular.loading ? <Loading /> : popular.data ? <ItemList items={popular.data.items} /> : <Failed onRetry={popular.reload} />}
      </div>
      <div className="section">
        <h2 className="section-title">{t('catalogue.districts')}</h2>
        {districts.data ? (
          <Space wrap>
            {districts.data.districts.map((d) => (
              <a key={d.code} href={`/services/district/${d.code}`} onClick={go(`/services/district/${d.code}`)} data-testid={`district-${d.code}`}>
                <Tag color="primary" fill="outline" style={{ fontSize: 14, padding: '4px 10px' }}>
                  {d.name}
                </Tag>
              </a>
            ))}
          </Space>
        ) : districts.loading ? <Loading /> : <Failed onRetry={districts.reload} />}
      </div>
      <div className="links">
        <a href="/services/halls" onClick={go('/services/halls')}>
          {t('catalogue.nearbyHalls')}
        </a>
        {' · '}
        <a href="/privacy" onClick={(e) => { e.preventDefault(); navigate('/privacy'); }}>
          {t('privacy')}
        </a>
      </div>
    </>
  );
}
