// 我的登录会话 (issue #4, every signed-in staff member, like 账户与安全 for citizens): the account's live console
// sessions — device/browser, sign-in time, last activity, the current one marked — and ending any other one (a lost
// laptop, a shared PC left signed in). The server refuses ending the current one (sign out instead) and audits each end.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App as AntApp, Button, Card, Popconfirm, Table, Tag, Typography } from 'antd';
import { api } from '../../../../shared/client.ts';
import { problemText } from './SignIn.tsx';
import './strings.ts';

interface MySession {
  id: string;
  method: 'password-totp' | 'passkey';
  device: string | null;
  signedInAt: string;
  lastSeenAt: string;
  current: boolean;
}

export function MySessions() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [items, setItems] = useState<MySession[]>([]);
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/staff/me/sessions');
    setItems(data?.items ?? []);
  }, []);
  useEffect(() => void load(), [load]);

  async function end(id: string) {
    const { data, error } = await api.DELETE('/api/v1/staff/me/sessions/{id}', { params: { path: { id } } });
    if (data) void message.success(t('staff.sessionEnded'));
    else void message.error(problemText(error, t('signIn.failed')));
    await load();
  }

  const fmt = (s: string) => new Date(s).toLocaleString();
  return (
    <Card title={t('staff.sessions')} data-testid="my-sessions">
      <Typography.Paragraph type="secondary">{t('staff.sessionsHint')}</Typography.Paragraph>
      <Table<MySession>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={items}
        onRow={(s) => ({ 'data-current': String(s.current) }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('staff.sessionDevice'),
            render: (_: unknown, s) => (
              <>
                {s.device ?? t('staff.unknownDevice')} {s.current && <Tag color="blue">{t('staff.thisSession')}</Tag>}
              </>
            ),
          },
          { title: t('staff.sessionMethod'), dataIndex: 'method', render: (m: MySession['method']) => (m === 'passkey' ? t('staff.methodPasskey') : t('staff.methodPasswordTotp')) },
          { title: t('staff.sessionSignedIn'), dataIndex: 'signedInAt', render: fmt },
          { title: t('staff.sessionLastSeen'), dataIndex: 'lastSeenAt', render: fmt },
          {
            title: t('staff.actions'),
            render: (_: unknown, s) =>
              s.current ? null : (
                <Popconfirm title={t('staff.endSessionConfirm')} onConfirm={() => end(s.id)}>
                  <Button type="link" danger data-testid="end-session">
                    {t('staff.endSession')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Card>
  );
}
