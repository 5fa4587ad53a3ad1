// 事项详情: materials, steps, halls with tap-to-call (PP-1.15), 收藏 (PP-1.9, consent first), and for partner-handled
// items the PP-2.3 notice of which fields the partner receives before the link opens. A signed-in citizen's visit is
// reported as a usage log (service, time, duration — PP-1.11) when the page closes; guests report nothing.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, List, Steps, Tag, Toast } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { ensureConsent, isConsentRequired, useConsent } from '../privacy/index.tsx';
import { useLoad, useSignedIn } from './load.ts';
import { Failed, HallCard, Loading } from './parts.tsx';

function useUsageLog(code: string, signedIn: boolean | null) {
  const opened = useRef(Date.now());
  useEffect(() => {
    if (!signedIn) return; // guests report nothing
    opened.current = Date.now();
    return () => {
      // fire-and-forget, when the page closes: service, time and duration (PP-1.11, service-logs)
      void api.POST('/api/v1/catalogue/usage', { body: { itemCode: code, durationMs: Date.now() - opened.current } }).catch(() => undefined);
    };
  }, [code, signedIn]);
}

export function ItemPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const res = useLoad(() => api.GET('/api/v1/catalogue/items/{code}', { params: { path: { code } } }), [code]);
  const [fav, setFav] = useState<boolean | null>(null);
  const [notice, setNotice] = useState(false);
  const signedIn = useSignedIn();
  useUsageLog(code, signedIn);
  const { effective: favConsent } = useConsent('search-history');
  const favSeq = useRef(0);
  const refreshFav = async () => {
    // whether it is a favourite: asked only of a signed-in citizen who consented to PP-1.9; only the latest answer counts
    const seq = ++favSeq.current;
    const r = await api.GET('/api/v1/catalogue/favourites').catch(() => null);
    if (seq === favSeq.current) setFav(r?.data ? r.data.items.some((i) => i.code === code) : false);
  };
  useEffect(() => {
    if (!signedIn || !favConsent) setFav(false);
    else void refreshFav();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code, signedIn, favConsent]);

  if (res.loading) return <Loading />;
  if (!res.data) return <Failed onRetry={res.reload} />;
  const item = res.data.item;

  const toggleFavourite = async () => {
    const call = (): Promise<{ error?: unknown; response: Response }> =>
      fav
        ? api.DELETE('/api/v1/catalogue/favourites/{code}', { params: { path: { code } } })
        : api.PUT('/api/v1/catalogue/favourites/{code}', { params: { path: { code } } });
    if (!signedIn) {
      Toast.show({ content: t('catalogue.detail.needLogin') });
      navigate('/login');
      return;
    }
    // PP-1.9: ask first (the consent sheet), so that refusing sends nothing
    if (!fav && !favConsent && !(await ensureConsent('search-history'))) return;
    let r = await call();
    if (r.response.status === 401) {
      Toast.show({ content: t('catalogue.detail.needLogin') });
      navigate('/login');
      return;
    }
    if (isConsentRequired(r.error)) {
      // PP-1.9: the consent sheet; refusing only leaves favourites off
      if (!(await ensureConsent(r.error.purpose))) return;
      r = await call();
    }
    if (!r.error) {
      Toast.show({ content: t(fav ? 'catalogue.detail.favRemoved' : 'catalogue.detail.favAdded') });
      await refreshFav();
    }
  };

  const openPartner = () => {
    const p = item.partnerInfo!;
    setNotice(false);
    if (p.url.startsWith('/')) navigate(p.url);
    else window.open(p.url, '_blank', 'noopener,noreferrer');
  };
  const p = item.partnerInfo;

  return (
    <>
      <div className="section">
        <h2 className="section-title" data-testid="item-name">{item.name}</h2>
        <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', marginBottom: 8 }}>
          <Tag color="primary">{item.itemType}</Tag>
          <Tag color={item.visits === 'zero' ? 'success' : 'default'}>{t(`catalogue.visits.${item.visits}`)}</Tag>
          <Tag>{t(`catalogue.detail.${item.handlingKind}`)}</Tag>
          {item.online ? <Tag color="success" fill="outline">{t('catalogue.detail.onlineYes')}</Tag> : null}
        </div>
        <div style={{ display: 'flex', gap: 8 }}>
          {item.partnerInfo ? (
            <Button color="primary" size="small" onClick={() => setNotice(true)} data-testid="partner-open">
              {t('catalogue.detail.start')}
            </Button>
          ) : null}
          <Button size="small" onClick={() => void toggleFavourite()} data-testid="favourite">
            {fav ? `★ ${t('catalogue.detail.unfavourite')}` : `☆ ${t('catalogue.detail.favourite')}`}
          </Button>
        </div>
      </div>
      <div className="section" style={{ padding: 0 }}>
        <List>
          <List.Item extra={item.departmentName}>{t('catalogue.detail.department')}</List.Item>
          <List.Item extra={`${item.districtName} · ${t(`catalogue.detail.${item.level}`)}`}>{t('catalogue.detail.level')}</List.Item>
          <List.Item extra={item.promisedDays ? t('catalogue.detail.daysValue', { days: item.promisedDays }) : t('catalogue.detail.immediate')}>{t('catalogue.detail.days')}</List.Item>
          <List.Item extra={item.online ? t('catalogue.detail.onlineYes') : t('catalogue.detail.onlineNo')}>{t('catalogue.detail.online')}</List.Item>
          <List.Item extra={item.fee}>{t('catalogue.detail.fee')}</List.Item>
        </List>
      </div>
      <div className="section">
        <h3 className="section-title">{t('catalogue.detail.materials')}</h3>
        <ol style={{ margin: 0, paddingLeft: 20 }} data-testid="materials">
          {item.materials.map((m, i) => (
            <li key={i}>
              {m.name}
              {m.form ? <span style={{ color: '#999' }}>（{m.form}）</span> : null}
              {m.note ? <div style={{ fontSize: 12, color: '#999' }}>{m.note}</div> : null}
            </li>
          ))}
        </ol>
      </div>
      <div className="section">
        <h3 className="section-title">{t('catalogue.detail.steps')}</h3>
        <Steps direction="vertical" current={-1}>
          {item.steps.map((s, i) => (
            <Steps.Step key={i} title={s} status="wait" />
          ))}
        </Steps>
      </div>
      {item.halls.length ? (
        <div className="section">
          <h3 className="section-title">{t('catalogue.detail.halls')}</h3>
          {item.halls.map((h) => (
            <HallCard key={h.id} hall={h} />
          ))}
          <div className="note">{t('catalogue.detail.callNote')}</div>
        </div>
      ) : null}
      {p ? (
        // PP-2.3: say who receives what before anything leaves the app; the link opens only after 同意并前往
        <Dialog
          visible={notice}
          title={t('catalogue.detail.partnerTitle')}
          onClose={() => setNotice(false)}
          content={
            <div data-testid="partner-notice">
              <p>{t('catalogue.detail.partnerNote', { recipients: p.recipientsZh.join('、'), category: p.categoryZh })}</p>
              <div>
                {p.fieldsZh.map((f) => (
                  <Tag key={f} color="warning" fill="outline" style={{ margin: 2 }}>
                    {f}
                  </Tag>
                ))}
              </div>
            </div>
          }
          actions={[
            [
              { key: 'cancel', text: t('catalogue.detail.cancel'), onClick: () => setNotice(false) },
              { key: 'go', text: t('catalogue.detail.partnerGo'), bold: true, onClick: openPartner },
            ],
          ]}
        />
      ) : null}
    </>
  );
}
