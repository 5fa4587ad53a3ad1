// 服务大厅 (PP-1.12): by default the citizen picks a district by hand; 按距离排序 asks for the location-services consent
// first and only then for the browser's location permission. Refusing either degrades to the picker — never blocks.
// The coordinates go to the server in a request body, are used for sorting and are not kept.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Selector, Toast } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { ensureConsent } from '../privacy/index.tsx';
// a guest's consents are recorded against the app-scoped device id; the privacy feature's index does not export it yet
import { deviceId } from '../privacy/store.ts';
import { useLoad } from './load.ts';
import { Failed, HallCard, Loading, type Hall } from './parts.tsx';
import { rememberDistrict } from '../search/district.ts';

function currentPosition(): Promise<{ lat: number; lng: number } | null> {
  if (!navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) =>
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => resolve(null),
      { timeout: 10_000, maximumAge: 60_000 },
    ),
  );
}

export function HallsPage() {
  const { t } = useTranslation();
  const [district, setDistrict] = useState<string | null>(null);
  const [nearby, setNearby] = useState<(Hall & { distanceKm: number | null })[] | null>(null);
  const [locating, setLocating] = useState(false);
  const halls = useLoad(() => api.GET('/api/v1/catalogue/halls'), []);
  const districts = useLoad(() => api.GET('/api/v1/catalogue/districts'), []);

  const locate = async () => {
    setLocating(true);
    try {
      const ok = await ensureConsent('location-services', { permission: 'location', degradedZh: t('catalogue.nearby.degraded'), degradedEn: t('catalogue.nearby.degraded') });
      if (!ok) return;
      const at = await currentPosition();
      if (!at) {
        Toast.show({ content: t('catalogue.nearby.denied') });
        return;
      }
      const id = deviceId();
      const r = await api.POST('/api/v1/catalogue/halls/nearby', { body: { ...at, limit: 10 }, ...(id ? { headers: { 'x-device-id': id } } : {}) });
      if (!r.data) {
        Toast.show({ content: t('catalogue.nearby.degraded') });
        return;
      }
      setNearby(r.data.halls);
    } finally {
      setLocating(false);
    }
  };

  if (halls.loading) return <Loading />;
  if (!halls.data) return <Failed onRetry={halls.reload} />;
  const shown = nearby ?? halls.data.halls.filter((h) => !district || h.districtCode === district || (district === '320600' && h.kind !== 'county'));
  return (
    <>
      <div className="section">
        <Button block color="primary" fill="outline" loading={locating} onClick={() => void locate()} data-testid="locate">
          {t('catalogue.nearby.locate')}
        </Button>
        <div className="note">{t('catalogue.nearby.consentNote')}</div>
      </div>
      <div className="section">
        <h3 className="section-title">{t('catalogue.nearby.pick')}</h3>
        <Selector
          columns={3}
          value={district ? [district] : []}
          onChange={(v) => {
            setNearby(null);
            setDistrict(v[0] ?? null);
            rememberDistrict(v[0]); // picked by hand: search ranks this district's items first too
          }}
          options={[{ label: t('catalogue.detail.city'), value: '320600' }, ...(districts.data?.districts ?? []).map((d) => ({ label: d.name, value: d.code }))]}
        />
      </div>
      <div className="section">
        {shown.map((h) => (
          <HallCard key={h.id} hall={h} distanceKm={'distanceKm' in h ? (h as { distanceKm: number | null }).distanceKm : null} />
        ))}
      </div>
    </>
  );
}
