// 隐私办公室 → 回执核验: paste a consent receipt (JWS) → valid/invalid, and its contents (issue #5 §8).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Descriptions, Input, Typography } from 'antd';
import { api } from '../../../../shared/client.ts';
import './strings.ts';

export function ReceiptsPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ valid: boolean; reason?: string; matchesRecord?: boolean; claims?: Record<string, unknown> } | null>(null);
  const verify = async () => {
    const { data } = await api.POST('/api/v1/privacy/receipts/verify', { body: { receipt: text } });
    setResult(data ?? { valid: false, reason: 'request failed' });
  };
  return (
    <>
      <Typography.Title level={4}>{t('privacyOffice.receiptsTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('privacyOffice.receiptsHint')}</Typography.Paragraph>
      <Input.TextArea data-testid="receipt-input" autoSize={{ minRows: 4, maxRows: 10 }} value={text} onChange={(e) => setText(e.target.value)} />
      <Button type="primary" style={{ marginTop: 8 }} disabled={!text.trim()} onClick={() => void verify()} data-testid="receipt-verify">
        {t('privacyOffice.verify')}
      </Button>
      {result && (
        <div style={{ marginTop: 16 }} data-testid="receipt-result" data-valid={result.valid ? 'yes' : 'no'}>
          <Alert
            type={result.valid && result.matchesRecord ? 'success' : result.valid ? 'warning' : 'error'}
            message={result.valid ? t('privacyOffice.valid') : t('privacyOffice.invalid')}
            description={result.valid ? (result.matchesRecord ? t('privacyOffice.matches') : t('privacyOffice.mismatch')) : result.reason}
          />
          {result.claims && (
            <Descriptions bordered size="small" column={1} style={{ marginTop: 8 }}>
              {Object.entries(result.claims).map(([k, v]) => (
                <Descriptions.Item key={k} label={k}>
                  {typeof v === 'object' ? JSON.stringify(v) : String(v)}
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
        </div>
      )}
    </>
  );
}
