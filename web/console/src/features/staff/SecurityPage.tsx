// 我的安全设置 (every signed-in staff member): change password (required first after a one-time password) and
// passkeys — register one with the browser's WebAuthn, or remove one — and my sessions (MySessions.tsx).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App as AntApp, Alert, Button, Card, Form, Input, Popconfirm, Space, Table, Typography } from 'antd';
import { startRegistration } from '@simplewebauthn/browser';
import { api } from '../../../../shared/client.ts';
import { problemText } from './SignIn.tsx';
import { MySessions } from './MySessions.tsx';
import { refreshSession, useStaffSession } from './session.ts';
import './strings.ts';

interface Passkey {
  id: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function SecurityPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { session } = useStaffSession();
  const [passkeys, setPasskeys] = useState<Passkey[]>([]);
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/staff/me/passkeys');
    setPasskeys(data?.items ?? []);
  }, []);
  useEffect(() => void load(), [load]);

  async function changePassword(v: { current: string; next: string }) {
    setError(null);
    const { data, error: problem } = await api.POST('/api/v1/staff/me/password', { body: v });
    if (!data) return setError(problemText(problem, t('signIn.failed')));
    form.resetFields();
    void message.success(t('staff.passwordChanged'));
    await refreshSession();
  }

  async function addPasskey() {
    try {
      const { data: options } = await api.POST('/api/v1/staff/me/passkeys/options');
      if (!options) throw new Error('no options');
      const response = await startRegistration({ optionsJSON: options as never });
      const { data, error: problem } = await api.POST('/api/v1/staff/me/passkeys', { body: { response: response as never, label } });
      if (!data) throw new Error(problemText(problem, t('staff.passkeyFailed')));
      setLabel('');
      void message.success(t('staff.passkeyAdded'));
      await load();
    } catch {
      void message.error(t('staff.passkeyFailed'));
    }
  }

  async function remove(id: string) {
    await api.DELETE('/api/v1/staff/me/passkeys/{id}', { params: { path: { id } } });
    await load();
  }

  const fmt = (s: string | null) => (s ? new Date(s).toLocaleString() : t('staff.never'));

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('staff.securityTitle')}
      </Typography.Title>
      {session && (
        <Typography.Text>
          {t('staff.signedInAs')}: {session.displayName} ({session.loginName}){session.organisationName ? ` · ${session.organisationName}` : ''} ·{' '}
          {session.roles.map((r) => r.nameZh).join('、')}
        </Typography.Text>
      )}
      {session?.mustChangePassword && <Alert type="warning" showIcon title={t('staff.mustChangeAlert')} />}
      <Card title={t('staff.changePassword')} style={{ maxWidth: 480 }}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => void changePassword(v)}>
          <Form.Item name="current" label={t('staff.currentPassword')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item name="next" label={t('staff.newPassword')} extra={t('staff.newPasswordHint')} rules={[{ required: true, min: 8 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('staff.changePassword')}
          </Button>
        </Form>
      </Card>
      <Card title={t('staff.passkeys')}>
        <Typography.Paragraph type="secondary">{t('staff.passkeysHint')}</Typography.Paragraph>
        <Space style={{ marginBottom: 12 }}>
          <Input placeholder={t('staff.passkeyLabel')} value={label} maxLength={40} onChange={(e) => setLabel(e.target.value)} />
          <Button onClick={() => void addPasskey()} disabled={session?.mustChangePassword}>
            {t('staff.addPasskey')}
          </Button>
        </Space>
        <Table<Passkey>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={passkeys}
          columns={[
            { title: t('staff.passkeyName'), dataIndex: 'label' },
            { title: t('staff.created'), dataIndex: 'createdAt', render: fmt },
            { title: t('staff.lastUsed'), dataIndex: 'lastUsedAt', render: fmt },
            {
              title: t('staff.actions'),
              render: (_: unknown, k) => (
                <Popconfirm title={t('staff.remove') + '?'} onConfirm={() => remove(k.id)}>
                  <Button type="link" danger>
                    {t('staff.remove')}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </Card>
      <MySessions />
    </Space>
  );
}
