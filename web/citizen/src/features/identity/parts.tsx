// Small pieces the identity pages share: the send-code button with its 60-second wait, the device-consent box.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Toast } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { problemTitle, rememberDeviceConsent } from './session.ts';

export function CodeButton({ mobile, purpose, onIssued }: { mobile: string; purpose: 'registration' | 'login' | 'reset'; onIssued: (challengeId: string) => void }) {
  const { t } = useTranslation();
  const [wait, setWait] = useState(0);
  useEffect(() => {
    if (wait <= 0) return;
    const id = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(id);
  }, [wait]);
  const send = async () => {
    const { data, error } = await api.POST('/api/v1/identity/codes', { body: { mobile, purpose } });
    if (data) {
      onIssued(data.challengeId);
      setWait(60);
      Toast.show({ content: t('identity.codeSent') });
    } else Toast.show({ content: problemTitle(error, t('identity.failed')) });
  };
  return (
    <Button size="small" fill="outline" color="primary" disabled={wait > 0 || mobile.replace(/\D/g, '').length < 11} onClick={send} data-testid="send-code">
      {wait > 0 ? `${wait}s` : t('identity.sendCode')}
    </Button>
  );
}

export function DeviceConsent({ value, onChange }: { value: boolean; onChange: (v: boolean) => void }) {
  const { t } = useTranslation();
  return (
    <Checkbox
      checked={value}
      onChange={(v) => {
        rememberDeviceConsent(v);
        onChange(v);
      }}
      style={{ '--icon-size': '16px', '--font-size': '12px', margin: '12px 0' } as React.CSSProperties}
    >
      <span style={{ fontSize: 12, color: '#666' }}>{t('identity.deviceConsent')}</span>
    </Checkbox>
  );
}
