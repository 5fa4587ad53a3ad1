// The consent sheet of the two real-name purposes (LAW-1: sensitive PI needs a specific purpose, necessity and separate
// consent, telling the user why and the effect on them). The separate checkbox must be ticked before 同意 is enabled.
// The camera is never requested here: only after this consent, on the capture step (PP-1.5).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Popup, Toast } from 'antd-mobile';
import { grantConsent, type RealnamePurpose } from './store.ts';

export function ConsentSheet({ purpose, onDone }: { purpose: RealnamePurpose | null; onDone(granted: boolean): void }) {
  const { t } = useTranslation();
  const [checked, setChecked] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!purpose) return null;
  const face = purpose === 'real-name-face';
  const k = (a: string, b: string) => t(`realname.consent.${face ? a : b}`);
  const agree = async () => {
    setBusy(true);
    try {
      if (await grantConsent(purpose)) {
        setChecked(false);
        onDone(true);
      } else Toast.show({ content: t('realname.consent.failed') });
    } finally {
      setBusy(false);
    }
  };
  const decline = () => {
    setChecked(false);
    onDone(false);
  };
  return (
    <Popup visible onMaskClick={decline} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12, maxHeight: '85vh', overflowY: 'auto' }}>
      <div style={{ padding: 16 }} data-testid="realname-consent" data-purpose={purpose}>
        <h2 style={{ fontSize: 18, marginTop: 0 }}>{t('realname.consent.title', { purpose: k('purposeFace', 'purposeCard') })}</h2>
        <p>{k('collectFace', 'collectCard')}</p>
        <div style={{ border: '1px solid #ff8f1f', borderRadius: 8, padding: 12, marginBottom: 12 }}>
          <p style={{ marginTop: 0 }}>
            <b>{k('whyFace', 'whyCard')}</b>
          </p>
          <p>
            <b>{k('effectFace', 'effectCard')}</b>
          </p>
          <p className="note" style={{ textAlign: 'left' }}>
            {t('realname.consent.refuse')}
          </p>
          <Checkbox checked={checked} onChange={setChecked} data-testid="realname-separate">
            {t('realname.consent.separate')}
          </Checkbox>
        </div>
        <div style={{ display: 'flex', gap: 12 }}>
          <Button block onClick={decline} data-testid="realname-decline">
            {t('realname.consent.decline')}
          </Button>
          <Button block color="primary" disabled={!checked} loading={busy} onClick={() => void agree()} data-testid="realname-agree">
            {t('realname.consent.agree')}
          </Button>
        </div>
      </div>
    </Popup>
  );
}
