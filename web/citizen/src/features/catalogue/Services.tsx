// 办事 tab: every category with its count, the 区县专区 and the halls — browsing needs no account (PP-1.1).
import { useTranslation } from 'react-i18next';
import { List } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { useLoad } from './load.ts';
import { CategoryGrid, Failed, Loading } from './parts.tsx';

export function Services() {
  const { t } = useTranslation();
  const categories = useLoad(() => api.GET('/api/v1/catalogue/categories'), []);
  const districts = useLoad(() => api.GET('/api/v1/catalogue/districts'), []);
  return (
    <>
      <div className="section">
        <h2 className="section-title">{t('catalogue.allCategories')}</h2>
        {categories.loading ? <Loading /> : categories.data ? <CategoryGrid categories={categories.data.categories} /> : <Failed onRetry={categories.reload} />}
      </div>
      <div className="section">
        <h2 className="section-title">{t('catalogue.districts')}</h2>
        {districts.data ? (
          <List>
            {districts.data.districts.map((d) => (
              <List.Item key={d.code} arrowIcon extra={t('catalogue.items', { count: d.itemCount })} onClick={() => navigate(`/services/district/${d.code}`)}>
                {d.name}
              </List.Item>
            ))}
            <List.Item arrowIcon onClick={() => navigate('/services/halls')}>
              {t('catalogue.nearbyHalls')}
            </List.Item>
          </List>
        ) : districts.loading ? <Loading /> : <Failed onRetry={districts.reload} />}
      </div>
    </>
  );
}
