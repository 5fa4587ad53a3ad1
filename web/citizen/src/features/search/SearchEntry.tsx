// The search box on the home page. Search arrives with the service catalogue; until then it is shown inert so the
// layout is honest about it.
import { SearchBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

export function SearchEntry() {
  const { t } = useTranslation();
  return (
    <div aria-disabled="true" style={{ pointerEvents: 'none', opacity: 0.6 }}>
      <SearchBar placeholder={t('search')} />
    </div>
  );
}
