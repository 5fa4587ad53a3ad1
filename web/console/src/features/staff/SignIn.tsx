// Sign-in page: account + password + TOTP code, or a passkey. Errors are the server's problem titles (Chinese).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { startAuthentication } from '@simplewebauthn/browser';
import { api } from '../../../../shared/client.ts';
import { LangSwitch } from '../../LangSwitch.tsx';
import { acceptSession } from './session.ts';

export const problemText = (error: unknown, fallback: string) =>
  (error && typeof error === 'object' && 'title' in error && typeof (error as { title: unknown }).title === 'string' ? (error as { title: string }).title : fallback);

export function SignIn() {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();

  async function submit(values: { account: string; password: string; totp: string }) {
    setBusy(true);
    setError(null);
    try {
      const { data, error: problem } = await api.POST('/api/v1/staff/session', { body: { login: values.account, password: values.password, totp: values.totp } });
      if (data?.signedIn) acceptSession(data.session);
      else {
        setError(problemText(problem, t('signIn.failed')));
        form.setFieldValue('totp', '');
      }
    } finally {
      setBusy(false);
    }
  }

  async function passkey() {
    setError(null);
    try {
      const { data: options } = await api.POST('/api/v1/staff/passkey/options');
      if (!options) throw new Error('no options');
      const response = await startAuthentication({ optionsJSON: options as never });
      const { data, error: problem } = await api.POST('/api/v1/staff/passkey/session', { body: { response: response as never } });
      if (data?.signedIn) acceptSession(data.session);
      else setError(problemText(problem, t('signIn.failed')));
    } catch {
      setError(t('signIn.passkeyFailed'));
    }
  }

  return (
    <div className="signin">
      <Card className="signin-card" extra={<LangSwitch />} title={t('appTitle') + ' · ' + t('consoleTitle')}>
        <Typography.Title level={3}>{t('signIn.heading')}</Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="signin-error" />}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void submit(v)}>
          <Form.Item name="account" label={t('signIn.account')} rules={[{ required: true, message: t('signIn.accountRequired') }]}>
            <Input autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="totp"
            label={t('signIn.totp')}
            extra={t('signIn.totpHint')}
            rules={[{ required: true, pattern: /^\d{6}$/, message: t('signIn.totpRequired') }]}
          >
            <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('signIn.submit')}
          </Button>
        </Form>
        <Divider plain>{t('signIn.or')}</Divider>
        <Button block onClick={() => void passkey()}>
          {t('signIn.passkey')}
        </Button>
      </Card>
    </div>
  );
}
