import { useTranslation } from 'react-i18next';
import { Grid, Toast } from 'antd-mobile';
import { navigate } from '../../../../shared/router.ts';
import { CATEGORIES } from '../../i18n.ts';
import { SearchEntry } from '../search/index.tsx';

const COLORS = ['#1677ff', '#00b578', '#ff3141', '#2f54eb', '#ff8f1f', '#13c2c2', '#722ed1', '#eb2f96', '#fa8c16', '#52c41a', '#a0522d'];

export function Home() {
  const { t } = useTranslation();
  return (
    <>
      <div className="section">
        <SearchEntry />
      </div>
      <div className="section">
        <h2 className="section-title">{t('categoriesTitle')}</h2>
        <Grid columns={4} gap={8}>
          {CATEGORIES.map((key, i) => {
            const name = t(`categories.${key}`);
            return (
              <Grid.Item key={key}>
                <button type="button" className="tile" onClick={() => Toast.show({ content: t('categorySoon', { name }) })}>
                  <span className="tile-icon" style={{ background: COLORS[i % COLORS.length] }} aria-hidden>
                    {name.slice(0, 1)}
                  </span>
                  <span className="tile-label">{name}</span>
                </button>
              </Grid.Item>
            );
          })}
        </Grid>
      </div>
      <div className="links">
        <a href="/privacy" onClick={(e) => { e.preventDefault(); navigate('/privacy'); }}>
          {t('privacy')}
        </a>
      </div>
    </>
  );
}
