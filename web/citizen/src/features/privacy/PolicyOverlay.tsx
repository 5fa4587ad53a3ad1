// Rendered above every page (Feature.Overlay):
// - PP-0.1 first use: a device/account that never agreed sees the policy summary with 同意 / 不同意. Before 同意 the
//   app creates no device id and sends nothing but what browsing needs; 不同意 keeps browsing (PP-1.1) and asks again
//   on the next visit.
// - PP-6.1 after a new version: a pop-up on next use listing the specific changes (major: with 同意 / 暂不同意 and the
//   features that will ask again; minor: 我知道了). The red dot on 我的 → 隐私政策 stays until agreed/read.
// - the ConsentSheet host for ensureConsent() requests from any feature.
// Hidden while the citizen reads the policy or the lists themselves (/privacy…).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Popup, Toast } from 'antd-mobile';
import { navigate, usePathname } from '../../../../shared/router.ts';
import { ConsentSheet } from './ConsentSheet.tsx';
import { acceptPolicy, collectionRows, declinedThisVisit, refreshStatus, setDeclinedThisVisit, usePolicyStatus } from './store.ts';

export function PolicyOverlay() {
  const { t, i18n } = useTranslation();
  const status = usePolicyStatus();
  const path = usePathname();
  const [dismissed, setDismissed] = useState(declinedThisVisit());
  const [busy, setBusy] = useState(false);
  const [names, setNames] = useState(new Map<string, string>());
  // Re-read on every navigation: a sign-in or sign-out changes whose consent counts (device → account).
  useEffect(() => {
    void refreshStatus();
  }, [path.split('?')[0]]);
  useEffect(() => {
    if (status?.reconsent.length) void collectionRows().then((rows) => setNames(new Map(rows.map((r) => [r.purpose, r.purposeZh]))));
  }, [status?.reconsent.length]);
  const reading = path.startsWith('/privacy');
  const show = !!status && !dismissed && !reading && !status.read;
  const first = !!status && status.acceptedVersion === null;

  const agree = async () => {
    setBusy(true);
    try {
      if (!(await acceptPolicy())) Toast.show({ content: t('privacyCenter.sheet.failed') });
    } finally {
      setBusy(false);
    }
  };
  const decline = () => {
    setDeclinedThisVisit();
    setDismissed(true);
    if (first) Toast.show({ content: t('privacyCenter.first.declined'), duration: 3000 });
  };

  let sheet = null;
  if (show && first) {
    const points = t('privacyCenter.first.points', { returnObjects: true }) as string[];
    sheet = (
      <div data-testid="policy-first-use" style={{ padding: 16 }}>
        <h2 style={{ fontSize: 18, marginTop: 0 }}>{t('privacyCenter.first.title')}</h2>
        {/* PP-0.1: the version in force is shown before anything is collected */}
        <p className="note" data-testid="policy-first-version">{t('privacyCenter.versionLine', { version: status!.version, date: status!.effectiveAt.slice(0, 10) })}</p>
        <p>{t('privacyCenter.first.intro')}</p>
        <ul>{points.map((p) => <li key={p}><b>{p}</b></li>)}</ul>
        <p>
          <a href="/privacy" onClick={(e) => (e.preventDefault(), navigate('/privacy'))} data-testid="policy-read-full">
            {t('privacyCenter.first.read')}
          </a>
        </p>
        <div style={{ display: 'flex', gap: 12 }}>
          <Button block onClick={decline} data-testid="policy-decline">{t('privacyCenter.first.decline')}</Button>
          <Button block color="primary" loading={busy} onClick={() => void agree()} data-testid="policy-agree">{t('privacyCenter.first.agree')}</Button>
        </div>
      </div>
    );
  } else if (show && status) {
    const major = status.changes.some((c) => c.major);
    sheet = (
      <div data-testid="policy-update" data-kind={major ? 'major' : 'minor'} style={{ padding: 16 }}>
        <h2 style={{ fontSize: 18, marginTop: 0 }}>{major ? t('privacyCenter.update.titleMajor') : t('privacyCenter.update.titleMinor')}</h2>
        <p>{t('privacyCenter.update.intro', { version: status.version })}</p>
        <ul data-testid="policy-changes">
          {status.changes.map((c, i) => (
            <li key={i}>{c.major ? <b>{i18n.language === 'en' ? c.en : c.zh}</b> : i18n.language === 'en' ? c.en : c.zh}</li>
          ))}
        </ul>
        {status.reconsent.length > 0 && (
          <p className="note" data-testid="policy-reconsent">
            {t('privacyCenter.update.reconsent')} {status.reconsent.map((id) => names.get(id) ?? id).join('、')}
          </p>
        )}
        <p>
          <a href="/privacy" onClick={(e) => (e.preventDefault(), navigate('/privacy'))}>{t('privacyCenter.update.read')}</a>
        </p>
        <div style={{ display: 'flex', gap: 12 }}>
          {major && <Button block onClick={decline} data-testid="policy-decline">{t('privacyCenter.update.decline')}</Button>}
          <Button block color="primary" loading={busy} onClick={() => void agree()} data-testid="policy-agree">
            {major ? t('privacyCenter.update.agree') : t('privacyCenter.update.ack')}
          </Button>
        </div>
      </div>
    );
  }
  return (
    <>
      <Popup visible={!!sheet} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12, maxHeight: '85vh', overflowY: 'auto' }}>
        {sheet}
      </Popup>
      <ConsentSheet />
    </>
  );
}
