// Sign-in page. Staff accounts arrive with the staff module, and the form says so instead of faking it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App as AntApp, Button, Card, Form, Input, Typography } from 'antd';
import { LangSwitch } from '../../LangSwitch.tsx';

export function SignIn() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [notice, setNotice] = useState(false);
  return (
    <div className="signin">
      <Card className="signin-card" extra={<LangSwitch />} title={t('appTitle') + ' · ' + t('consoleTitle')}>
        <Typography.Title level={3}>{t('signIn.heading')}</Typography.Title>
        {notice && <Alert type="info" showIcon title={t('signIn.notYet')} style={{ marginBottom: 16 }} />}
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={() => {
            setNotice(true);
            void message.info(t('signIn.notYet'));
          }}
        >
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
          <Button type="primary" htmlType="submit" block>
            {t('signIn.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
