// Pieces the catalogue pages share: the item list, loading/error states, the category tiles.
import { useTranslation } from 'react-i18next';
import { Button, DotLoading, ErrorBlock, Grid, List, Tag } from 'antd-mobile';
import { navigate } from '../../../../shared/router.ts';
import type { paths } from '../../../../shared/client.ts';

export type ItemSummary = paths['/api/v1/catalogue/popular']['get']['responses']['200']['content']['application/json']['items'][number];
export type Category = paths['/api/v1/catalogue/categories']['get']['responses']['200']['content']['application/json']['categories'][number];
export type Hall = paths['/api/v1/catalogue/halls']['get']['responses']['200']['content']['application/json']['halls'][number];

const COLORS = ['#1677ff', '#00b578', '#ff3141', '#2f54eb', '#ff8f1f', '#13c2c2', '#722ed1', '#eb2f96', '#fa8c16', '#52c41a', '#a0522d', '#597ef7', '#f759ab', '#36cfc9', '#9254de', '#73d13d'];

export const go = (path: string) => (e?: { preventDefault(): void }) => {
  e?.preventDefault();
  navigate(path);
};

export function Loading() {
  return (
    <div className="note" style={{ padding: 24 }}>
      <DotLoading />
    </div>
  );
}

export function Failed({ onRetry }: { onRetry(): void }) {
  const { t } = useTranslation();
  return (
    <ErrorBlock status="disconnected" title={t('catalogue.loadFailed')} description={null}>
      <Button size="small" onClick={onRetry}>
        {t('catalogue.retry')}
      </Button>
    </ErrorBlock>
  );
}

export function CategoryGrid({ categories, columns = 4 }: { categories: Category[]; columns?: number }) {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <Grid columns={columns} gap={8}>
      {categories.map((c, i) => {
        const name = en ? c.nameEn : c.nameZh;
        return (
          <Grid.Item key={c.id}>
            <a className="tile" href={`/services/category/${c.id}`} onClick={go(`/services/category/${c.id}`)} data-testid={`category-${c.id}`} style={{ textDecoration: 'none' }}>
              <span className="tile-icon" style={{ background: COLORS[i % COLORS.length] }} aria-hidden>
                {c.nameZh.slice(0, 1)}
              </span>
              <span className="tile-label">{name}</span>
            </a>
          </Grid.Item>
        );
      })}
    </Grid>
  );
}

export function ItemList({ items, showDistrict = true }: { items: ItemSummary[]; showDistrict?: boolean }) {
  const { t } = useTranslation();
  if (items.length === 0) return <ErrorBlock status="empty" title={t('catalogue.empty')} description={null} />;
  return (
    <List>
      {items.map((i) => (
        <List.Item
          key={i.code}
          arrowIcon
          onClick={() => navigate(`/services/item/${i.code}`)}
          description={
            <span>
              {i.departmentName}
              {showDistrict && i.districtCode !== '320600' ? ` · ${i.districtName}` : ''}
            </span>
          }
          extra={<Tag color={i.visits === 'zero' ? 'success' : 'default'} fill="outline">{t(`catalogue.visits.${i.visits}`)}</Tag>}
        >
          <a href={`/services/item/${i.code}`} onClick={go(`/services/item/${i.code}`)} style={{ color: 'inherit', textDecoration: 'none' }} data-testid="item-link">
            {i.name}
          </a>
        </List.Item>
      ))}
    </List>
  );
}

/** PP-1.15: the number is shown and offered as a tel: link; tapping it is the user's own action (purpose phone-call). */
export function CallLink({ phone }: { phone: string }) {
  const { t } = useTranslation();
  return (
    <a href={`tel:${phone.replace(/[^0-9+]/g, '')}`} data-testid="call-link" style={{ color: '#1677ff' }}>
      {t('catalogue.detail.call', { phone })}
    </a>
  );
}

export function HallCard({ hall, distanceKm }: { hall: Hall; distanceKm?: number | null }) {
  const { t } = useTranslation();
  return (
    <div style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="hall">
      <div style={{ fontWeight: 600 }}>
        {hall.name}
        {distanceKm != null ? <span style={{ color: '#999', fontWeight: 400, marginLeft: 8 }}>{t('catalogue.nearby.km', { km: distanceKm })}</span> : null}
      </div>
      <div style={{ fontSize: 13, color: '#666' }}>{hall.address}</div>
      <div style={{ fontSize: 13, color: '#666' }}>
        {t('catalogue.detail.hours')}：{hall.openingHours}
      </div>
      <div style={{ fontSize: 13 }}>
        <CallLink phone={hall.phone} />
      </div>
    </div>
  );
}
