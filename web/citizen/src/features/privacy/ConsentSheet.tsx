// Per-purpose, separate consent at the moment of use (issue #5 §6; PP-1.5–1.14, LAW-1, LAW-3).
//
// HOW OTHER FEATURES USE IT (import from '../privacy/index.tsx'):
//
//   // imperative, e.g. in a click handler — resolves true once the purpose has an effective consent
//   if (!(await ensureConsent('location-services', { permission: 'location', degradedZh: '您可以手动选择区县' }))) return;
//   navigator.geolocation.getCurrentPosition(...)   // the permission was already asked for, after the consent
//
//   // declarative
//   const { effective, ensure, withdraw } = useConsent('search-history');
//
//   // when the server refuses with problem `consent-required` (403), ask and retry:
//   if (isConsentRequired(body)) { if (await ensureConsent(body.purpose)) retry(); }
//
// The sheet names the purpose, the PI elements (sensitive ones marked), the device permission, the legal basis; for
// sensitive PI it states why it is necessary and the effect on the user, with a separate checkbox that must be ticked
// before 同意 (LAW-1 单独同意). 不同意 resolves false: only that feature degrades, with the caller's message. Device
// permissions are requested from the browser only after the consent is recorded, never at start-up.
// The sheet itself is mounted once by the privacy feature's Overlay; callers never render it.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Popup, Tag, Toast } from 'antd-mobile';
import {
  answerRequest,
  collectionRows,
  grant,
  loadConsents,
  openConsentRequest,
  requestDevicePermission,
  useConsentList,
  useConsentRequest,
  withdraw as withdrawConsent,
  type CollectionRow,
  type ConsentRequestOptions,
} from './store.ts';

/** Resolves true when `purposeId` has an effective consent — asking with the consent sheet if needed. */
export async function ensureConsent(purposeId: string, opts: ConsentRequestOptions = {}): Promise<boolean> {
  const list = await loadConsents().catch(() => null);
  const item = list?.items.find((i) => i.purposeId === purposeId);
  if (list && !item) return true; // not consent-based (statutory duty, contract…): nothing to ask
  if (item?.effective) {
    if (opts.permission) await requestDevicePermission(opts.permission);
    return true;
  }
  return openConsentRequest(purposeId, opts);
}

/** Server problem `consent-required` (403) → true; its `purpose` names what to ask for. */
export function isConsentRequired(body: unknown): body is { purpose: string; elements?: string[] } {
  const b = body as { type?: string; purpose?: unknown } | null;
  return !!b && typeof b.type === 'string' && b.type.endsWith('consent-required') && typeof b.purpose === 'string';
}

/** The consent state of one purpose for the caller, with one-tap ensure/withdraw. */
export function useConsent(purposeId: string) {
  const list = useConsentList();
  useEffect(() => {
    if (!list) void loadConsents();
  }, [list]);
  const item = list?.items.find((i) => i.purposeId === purposeId) ?? null;
  return {
    loading: !list,
    effective: !!item?.effective,
    item,
    ensure: (opts?: ConsentRequestOptions) => ensureConsent(purposeId, opts),
    withdraw: () => withdrawConsent(purposeId),
  };
}

export function ConsentSheet() {
  const { t, i18n } = useTranslation();
  const req = useConsentRequest();
  const list = useConsentList();
  const [rows, setRows] = useState<CollectionRow[]>([]);
  const [separateOk, setSeparateOk] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!req) return;
    setSeparateOk(false);
    void collectionRows().then(setRows);
  }, [req]);
  if (!req) return null;
  const en = i18n.language === 'en';
  const mine = rows.filter((r) => r.purpose === req.purposeId);
  const item = list?.items.find((i) => i.purposeId === req.purposeId);
  const purpose = mine[0]?.purposeZh ?? item?.purposeZh ?? req.purposeId;
  const legalBasis = mine[0]?.legalBasis ?? item?.legalBasis ?? 'consent';
  const permissions = mine[0]?.devicePermissions ?? [];
  const sensitive = mine.filter((r) => r.sensitive);
  const needsSeparate = legalBasis === 'separate-consent' || sensitive.length > 0;
  const necessity =
    (en ? req.opts.necessityEn : req.opts.necessityZh) ??
    t('privacyCenter.sheet.necessity', { purpose, elements: sensitive.map((r) => r.elementZh).join('、') });

  const decline = () => {
    Toast.show({ content: (en ? req.opts.degradedEn : req.opts.degradedZh) ?? t('privacyCenter.sheet.refused', { purpose }) });
    answerRequest(false);
  };
  const agree = async () => {
    setBusy(true);
    try {
      const ok = await grant(req.purposeId, needsSeparate);
      if (!ok) {
        Toast.show({ content: t('privacyCenter.sheet.failed') });
        return;
      }
      // PP-1.12–1.14: the device permission only now, after the purpose consent
      if (req.opts.permission && !(await requestDevicePermission(req.opts.permission))) {
        Toast.show({ content: t('privacyCenter.sheet.permissionDenied', { permission: t(`privacyCenter.permissions.${req.opts.permission}`) }) });
      }
      answerRequest(true);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup visible onMaskClick={decline} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12, maxHeight: '85vh', overflowY: 'auto' }}>
      <div className="section" data-testid="consent-sheet" data-purpose={req.purposeId} style={{ padding: 16 }}>
        <h2 style={{ fontSize: 18, marginTop: 0 }}>{t('privacyCenter.sheet.title', { purpose })}</h2>
        {mine[0]?.scenarioZh && (
          <p>
            <b>{t('privacyCenter.sheet.scenario')}：</b>
            {mine[0].scenarioZh}
          </p>
        )}
        {mine.length > 0 && (
          <div>
            <b>{t('privacyCenter.sheet.elements')}：</b>
            {mine.map((r) => (
              <span key={r.element} style={{ marginRight: 6 }}>
                {r.sensitive ? <b>{r.elementZh}</b> : r.elementZh}
                {r.sensitive && (
                  <Tag color="danger" fill="outline" style={{ marginLeft: 2 }}>
                    {t('privacyCenter.sheet.sensitive')}
                  </Tag>
                )}
              </span>
            ))}
          </div>
        )}
        {permissions.length > 0 && (
          <p>
            <b>{t('privacyCenter.sheet.permission')}：</b>
            {permissions.map((p) => t(`privacyCenter.permissions.${p}`)).join('、')}
            <br />
            <span className="note">{t('privacyCenter.sheet.permissionNote')}</span>
          </p>
        )}
        <p>
          <b>{t('privacyCenter.sheet.basis')}：</b>
          {mine[0]?.legalBasisZh ?? legalBasis}
        </p>
        {needsSeparate && (
          <div data-testid="separate-consent" style={{ border: '1px solid #ff8f1f', borderRadius: 8, padding: 12, marginBottom: 12 }}>
            <b>{t('privacyCenter.sheet.sensitiveTitle')}</b>
            <p>
              <b>{necessity}</b>
            </p>
            <Checkbox checked={separateOk} onChange={setSeparateOk} data-testid="separate-check">
              {t('privacyCenter.sheet.separateCheck')}
            </Checkbox>
          </div>
        )}
        <div style={{ display: 'flex', gap: 12 }}>
          <Button block onClick={decline} data-testid="consent-decline">
            {t('privacyCenter.sheet.decline')}
          </Button>
          <Button block color="primary" loading={busy} disabled={needsSeparate && !separateOk} onClick={() => void agree()} data-testid="consent-agree">
            {t('privacyCenter.sheet.agree')}
          </Button>
        </div>
      </div>
    </Popup>
  );
}
