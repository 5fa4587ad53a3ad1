// The search box on the home page: typing and pressing search opens the search page (/search?q=…), where suggestions,
// results and the history live. No account needed (PP-1.1).
import { SearchBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../../../shared/router.ts';
import './strings.ts';

export const searchPath = (q: string) => (q.trim() ? `/search?q=${encodeURIComponent(q.trim())}` : '/search');

export function SearchEntry() {
  const { t } = useTranslation();
  return (
    <div data-testid="search-entry">
      <SearchBar placeholder={t('search.placeholder')} onSearch={(q) => navigate(searchPath(q))} onFocus={() => navigate('/search')} />
    </div>
  );
}
