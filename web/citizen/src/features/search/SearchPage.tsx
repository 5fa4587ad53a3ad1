// /search?q=… — suggestions while typing, results grouped by category (each opens the item page), an empty-result page
// with alternatives, 热门搜索 and the 12345 channel, and for a signed-in citizen the search history under the box
// (PP-1.9): chips to delete one by one, 清空, and the switch that is the search-history consent itself.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, DotLoading, ErrorBlock, List, SearchBar, Space, Switch, Tag, Toast } from 'antd-mobile';
import { navigate, queryParam, usePathname } from '../../../../shared/router.ts';
import { searchApi, type HistoryResponse, type Hit, type Hot, type SearchResponse, type Suggestion } from './api.ts';
import { searchPath } from './SearchEntry.tsx';
import './strings.ts';

const itemPath = (code: string) => `/services/item/${encodeURIComponent(code)}`;

function openItem(code: string) {
  void searchApi.click(code).catch(() => undefined); // kept in the history only with consent; never blocks opening
  navigate(itemPath(code));
}

export function SearchPage() {
  usePathname(); // re-render when ?q= changes
  const q = queryParam('q') ?? '';
  const { t } = useTranslation();
  const [text, setText] = useState(q);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [result, setResult] = useState<{ q: string; data?: SearchResponse; failed?: boolean } | null>(null);
  const [historyVersion, setHistoryVersion] = useState(0);

  useEffect(() => setText(q), [q]);

  // Suggestions while typing (debounced); none once the typed text is what the results show.
  useEffect(() => {
    const typed = text.trim();
    if (!typed || typed === q) {
      setSuggestions([]);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      searchApi.suggest(typed).then((r) => live && setSuggestions(r.data?.suggestions ?? []), () => live && setSuggestions([]));
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text, q]);

  useEffect(() => {
    if (!q.trim()) {
      setResult(null);
      return;
    }
    let live = true;
    setResult({ q });
    searchApi.search(q).then(
      (r) => {
        if (!live) return;
        setResult({ q, data: r.data, failed: !r.data });
        if (r.data?.recorded) setHistoryVersion((v) => v + 1);
      },
      () => live && setResult({ q, failed: true }),
    );
    return () => {
      live = false;
    };
  }, [q]);

  return (
    <div data-testid="search-page">
      <div className="section">
        <SearchBar
          autoFocus={!q}
          value={text}
          onChange={setText}
          onSearch={(v) => navigate(searchPath(v))}
          onClear={() => navigate('/search', { replace: true })}
          placeholder={t('search.placeholder')}
          data-testid="search-input"
        />
        {suggestions.length > 0 && (
          <List data-testid="search-suggestions">
            {suggestions.map((s) => (
              <List.Item key={s.code} onClick={() => openItem(s.code)} arrowIcon={false}>
                {s.text}
              </List.Item>
            ))}
          </List>
        )}
        <HistoryBlock version={historyVersion} />
      </div>
      {!q.trim() ? <HotBlock /> : !result?.data ? (result?.failed ? <ErrorBlock status="disconnected" title={t('search.failed')} description={null} /> : <div className="note" style={{ padding: 24 }}><DotLoading /></div>) : result.data.items.length ? <Results data={result.data} /> : <Empty data={result.data} />}
    </div>
  );
}

function Results({ data }: { data: SearchResponse }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  return (
    <div data-testid="search-results">
      <div className="note" style={{ padding: '0 12px' }}>{t('search.results', { count: data.total })}</div>
      {data.groups.map((g) => (
        <div className="section" key={g.category.id} data-testid={`search-group-${g.category.id}`}>
          <h2 className="section-title">{en ? g.category.nameEn : g.category.nameZh}</h2>
          <ItemList items={g.items} />
        </div>
      ))}
    </div>
  );
}

function ItemList({ items }: { items: Hit[] }) {
  return (
    <List>
      {items.map((i) => (
        <List.Item key={i.code} arrowIcon onClick={() => openItem(i.code)} description={[i.departmentName, i.districtCode && i.districtCode !== '320600' ? i.districtName : null].filter(Boolean).join(' · ')}>
          <a href={itemPath(i.code)} onClick={(e) => { e.preventDefault(); e.stopPropagation(); openItem(i.code); }} style={{ color: 'inherit', textDecoration: 'none' }} data-testid="search-hit">
            {i.name}
          </a>
        </List.Item>
      ))}
    </List>
  );
}

function Empty({ data }: { data: SearchResponse }) {
  const { t } = useTranslation();
  return (
    <div className="section" data-testid="search-empty">
      <ErrorBlock status="empty" title={t('search.emptyTitle')} description={t('search.emptyBody')} />
      {data.alternatives.length > 0 && <Chips title={t('search.alternatives')} words={data.alternatives} />}
      {data.hot.length > 0 && <Chips title={t('search.hot')} words={data.hot} />}
      {data.hotline && (
        <p className="note" style={{ textAlign: 'center' }}>
          <a href={`tel:${data.hotline.tel}`} data-testid="search-hotline">{t('search.hotline')}</a>
          {' · '}
          <a href="/hotline/new" onClick={(e) => { e.preventDefault(); navigate('/hotline/new'); }}>{t('search.hotlineOnline')}</a>
        </p>
      )}
    </div>
  );
}

function Chips({ title, words }: { title: string; words: string[] }) {
  return (
    <div style={{ margin: '8px 0' }}>
      <h2 className="section-title">{title}</h2>
      <Space wrap>
        {words.map((w) => (
          <a key={w} href={searchPath(w)} onClick={(e) => { e.preventDefault(); navigate(searchPath(w)); }}>
            <Tag color="primary" fill="outline" style={{ fontSize: 14, padding: '4px 10px' }}>{w}</Tag>
          </a>
        ))}
      </Space>
    </div>
  );
}

function HotBlock() {
  const { t } = useTranslation();
  const [hot, setHot] = useState<Hot | null>(null);
  useEffect(() => {
    let live = true;
    searchApi.hot().then((r) => live && setHot(r.data ?? null), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!hot) return null;
  return (
    <div className="section" data-testid="search-hot">
      {hot.searches.length > 0 && <Chips title={t('search.hot')} words={hot.searches} />}
      <h2 className="section-title">{t('search.popular')}</h2>
      <Space wrap>
        {hot.popular.map((p) => (
          <a key={p.code} href={itemPath(p.code)} onClick={(e) => { e.preventDefault(); openItem(p.code); }}>
            <Tag fill="outline" style={{ fontSize: 14, padding: '4px 10px' }}>{p.name}</Tag>
          </a>
        ))}
      </Space>
    </div>
  );
}

/** The signed-in citizen's history and the recording switch; nothing for a guest. */
function HistoryBlock({ version }: { version: number }) {
  const { t } = useTranslation();
  const [state, setState] = useState<HistoryResponse | null>(null);
  const [n, setN] = useState(0);
  const busy = useRef(false);
  useEffect(() => {
    let live = true;
    searchApi
      .signedIn()
      .then((yes) => (yes ? searchApi.history().then((r) => r.data ?? null) : null))
      .then((h) => live && setState(h), () => live && setState(null));
    return () => {
      live = false;
    };
  }, [version, n]);
  if (!state) return null;
  const reload = () => setN((x) => x + 1);

  const toggle = async (on: boolean) => {
    if (busy.current) return;
    const ok = await Dialog.confirm({
      title: t(on ? 'search.startTitle' : 'search.stopTitle'),
      content: t(on ? 'search.startBody' : 'search.stopBody'),
      confirmText: t(on ? 'search.startConfirm' : 'search.stopConfirm'),
      cancelText: t('search.cancel'),
    });
    if (!ok) return;
    busy.current = true;
    try {
      await searchApi.setRecording(on);
    } finally {
      busy.current = false;
      reload();
    }
  };
  const clearAll = async () => {
    if (!(await Dialog.confirm({ content: t('search.clearAllConfirm'), confirmText: t('search.clearAll'), cancelText: t('search.cancel') }))) return;
    await searchApi.deleteAll();
    reload();
  };
  const removeOne = async (id: string) => {
    await searchApi.deleteOne(id);
    Toast.show({ content: t('search.deleted') });
    reload();
  };

  return (
    <div style={{ margin: '8px 0' }} data-testid="search-history">
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <h2 className="section-title" style={{ margin: 0 }}>{t('search.history')}</h2>
        <Space align="center">
          {state.entries.length > 0 && (
            <Button size="mini" fill="none" onClick={clearAll} data-testid="search-history-clear">{t('search.clearAll')}</Button>
          )}
          <span className="note">{t('search.recording')}</span>
          <Switch checked={state.recording} onChange={(v) => void toggle(v)} data-testid="search-history-switch" aria-label={t('search.recording')} />
        </Space>
      </div>
      {!state.recording && <div className="note">{t('search.recordingOffNote')}</div>}
      <Space wrap style={{ marginTop: 6 }}>
        {state.entries.map((e) => (
          <Tag key={e.id} fill="outline" style={{ fontSize: 14, padding: '4px 8px' }} data-testid="search-history-entry">
            <a href={e.code ? itemPath(e.code) : searchPath(e.text)} onClick={(ev) => { ev.preventDefault(); if (e.code) openItem(e.code); else navigate(searchPath(e.text)); }} style={{ color: 'inherit', textDecoration: 'none' }}>
              {e.text}
            </a>
            <button type="button" aria-label={`${t('search.deleteOne')} ${e.text}`} onClick={() => void removeOne(e.id)} style={{ border: 0, background: 'none', marginLeft: 4, cursor: 'pointer', color: '#999' }} data-testid="search-history-delete">
              ×
            </button>
          </Tag>
        ))}
      </Space>
    </div>
  );
}
