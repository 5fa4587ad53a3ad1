// 我的 → 隐私设置 (issue #5 §7): every consent-based purpose with its state, date and policy version; grant or
// withdraw in one tap (LAW-3: as easy as consenting); the effect of withdrawal is stated before confirming (PP-4.4);
// the server stops the processing on the very next request. Each record has a signed receipt to download.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, List, SpinLoading, Tag, Toast } from 'antd-mobile';
import { ensureConsent } from './ConsentSheet.tsx';
import { collectionRows, fetchReceipt, loadConsents, useConsentList, withdraw, type CollectionRow, type ConsentItem } from './store.ts';

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/jose' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function SettingsPage() {
  const { t } = useTranslation();
  const list = useConsentList();
  const [rows, setRows] = useState<CollectionRow[]>([]);
  useEffect(() => {
    void loadConsents(true); // opening the settings is an explicit act: the device gets its (random) id if it has none
    void collectionRows().then(setRows);
  }, []);
  if (!list) return <div className="section"><SpinLoading /></div>;
  const elementsOf = (p: ConsentItem) => {
    const names = rows.filter((r) => r.purpose === p.purposeId).map((r) => r.elementZh);
    return names.length ? names.join('、') : '—';
  };
  const state = (p: ConsentItem) => {
    if (p.effective) return <Tag color="success">{t('privacyCenter.settings.on')}</Tag>;
    if (p.latest?.granted) return <Tag color="warning">{t('privacyCenter.settings.stale')}</Tag>;
    if (p.latest) return <Tag>{t('privacyCenter.settings.withdrawn')}</Tag>;
    return <Tag>{t('privacyCenter.settings.off')}</Tag>;
  };
  const onWithdraw = async (p: ConsentItem) => {
    const ok = await Dialog.confirm({
      title: t('privacyCenter.settings.withdrawTitle', { purpose: p.purposeZh }),
      // PP-4.4: the effect is stated before the user confirms
      content: <div data-testid="withdraw-effect">{t('privacyCenter.settings.withdrawEffect', { purpose: p.purposeZh, elements: elementsOf(p) })}</div>,
      confirmText: t('privacyCenter.settings.withdrawConfirm'),
      cancelText: t('privacyCenter.settings.cancel'),
    });
    if (ok && (await withdraw(p.purposeId))) Toast.show({ content: t('privacyCenter.settings.done') });
  };
  // Granting from the settings goes through the same sheet as at the moment of use, so sensitive PI still gets its
  // separate consent with the necessity and effect stated (LAW-1).
  const onGrant = async (p: ConsentItem) => {
    // the device permission the purpose declares is asked for right after the consent, never before (PP-1.12–1.14)
    const declared = rows.find((r) => r.purpose === p.purposeId)?.devicePermissions ?? [];
    const permission = (['location', 'camera', 'microphone'] as const).find((d) => declared.includes(d));
    if (await ensureConsent(p.purposeId, { permission })) Toast.show({ content: t('privacyCenter.settings.done') });
  };
  const consentBased = list.items.filter((p) => p.purposeId !== 'policy-acceptance');
  return (
    <>
      <p className="section note">{t('privacyCenter.settings.intro')}</p>
      <List className="section" data-testid="privacy-settings">
        {consentBased.map((p) => (
          <List.Item
            key={p.purposeId}
            data-purpose={p.purposeId}
            data-effective={p.effective ? 'yes' : 'no'}
            description={
              <>
                <div>{t('privacyCenter.settings.elementsLabel', { list: elementsOf(p) })}</div>
                {p.latest && <div>{t('privacyCenter.settings.since', { date: p.latest.createdAt.slice(0, 10), version: p.latest.policyVersion })}</div>}
                {p.latest && (
                  <a
                    href="#receipt"
                    onClick={(e) => {
                      e.preventDefault();
                      void fetchReceipt(p.latest!.id, list.subject).then((r) => r && download(`consent-receipt-${p.latest!.id}.jws`, r));
                    }}
                  >
                    {t('privacyCenter.settings.receipt')}
                  </a>
                )}
              </>
            }
            extra={
              <div style={{ display: 'flex', flexDirection: 'column', gap: 4, alignItems: 'flex-end' }}>
                {state(p)}
                {p.effective ? (
                  <Button size="mini" color="danger" fill="outline" onClick={() => void onWithdraw(p)} data-testid={`withdraw-${p.purposeId}`}>
                    {t('privacyCenter.settings.withdraw')}
                  </Button>
                ) : (
                  <Button size="mini" color="primary" fill="outline" onClick={() => void onGrant(p)} data-testid={`grant-${p.purposeId}`}>
                    {t('privacyCenter.settings.grant')}
                  </Button>
                )}
              </div>
            }
          >
            {p.purposeZh}
          </List.Item>
        ))}
      </List>
    </>
  );
}
