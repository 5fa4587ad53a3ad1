// 办事 tab: every category with its count, the 区县专区 and the halls — browsing needs no account (PP-1.1).
import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { List, Toast } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { ensureConsent } from '../privacy/index.tsx';
// a guest's consents are recorded against the app-scoped device id; the privacy feature's index does not export it yet
import { deviceId } from '../privacy/store.ts';
import { useLoad } from './load.ts';
import { CategoryGrid, Failed, Loading } from './parts.tsx';

/** 区县专区 by location (PP-1.12): consent first, then the browser permission; the nearest county centre decides. */
async function myDistrict(degraded: string): Promise<string | null> {
  if (!(await ensureConsent('location-services', { permission: 'location', degradedZh: degraded, degradedEn: degraded }))) return null;
  const at = await new Promise<{ lat: number; lng: number } | null>((resolve) =>
    navigator.geolocation
      ? navigator.geolocation.getCurrentPosition((p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }), () => resolve(null), { timeout: 10_000, maximumAge: 60_000 })
      : resolve(null),
  );
  if (!at) return null;
  const id = deviceId();
  const r = await api.POST('/api/v1/catalogue/halls/nearby', { body: { ...at, limit: 20 }, ...(id ? { headers: { 'x-device-id': id } } : {}) });
  return r.data?.halls.find((h) => h.kind === 'county')?.districtCode ?? null;
}

export function Services() {
  const { t } = useTranslation();
  const categories = useLoad(() => api.GET('/api/v1/catalogue/categories'), []);
  const districts = useLoad(() => api.GET('/api/v1/catalogue/districts'), []);
  const [locating, setLocating] = useState(false);
  const locate = async () => {
    setLocating(true);
    const code = await myDistrict(t('catalogue.nearby.degraded')).finally(() => setLocating(false));
    if (code) navigate(`/services/district/${code}`);
    else Toast.show({ content: t('catalogue.nearby.degraded') }); // degrade: the list below stays
  };
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
            <List.Item arrowIcon onClick={() => !locating && void locate()} description={t('catalogue.nearby.consentNote')}>
              {t('catalogue.nearby.myDistrict')}
            </List.Item>
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
