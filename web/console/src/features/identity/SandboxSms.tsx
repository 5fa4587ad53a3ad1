// 短信沙箱 (development and test only): the SMS the sandbox gateway "sent" — verification codes and notices — with the
// numbers masked, so a tester can read a code without a phone. The server offers the route only while the sandbox
// provider is active (never in production) and only to staff with notifications.sandbox.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Input, Space, Table, Typography } from 'antd';
import { api } from '../../../../shared/client.ts';
import { addStrings } from '../../../../shared/i18n.ts';

addStrings(
  'identity',
  {
    menuSandboxSms: '短信沙箱',
    sandboxTitle: '短信沙箱（开发测试环境）',
    sandboxHint: '沙箱短信网关“发送”的短信，手机号已脱敏。生产环境不提供此页面。',
    notActive: '当前未使用短信沙箱，没有可显示的内容。',
    mobile: '手机号',
    body: '内容',
    sentAt: '发送时间',
    filter: '按手机号筛选（完整号码）',
    refresh: '刷新',
  },
  {
    menuSandboxSms: 'SMS sandbox',
    sandboxTitle: 'SMS sandbox (development and test)',
    sandboxHint: 'What the sandbox SMS gateway "sent", numbers masked. Not available in production.',
    notActive: 'The SMS sandbox is not active: nothing to show.',
    mobile: 'Mobile',
    body: 'Message',
    sentAt: 'Sent',
    filter: 'Filter by mobile (full number)',
    refresh: 'Refresh',
  },
);

interface Sms {
  id: string;
  providerMessageId: string;
  mobile: string;
  body: string;
  sentAt: string;
}

export function SandboxSms() {
  const { t } = useTranslation();
  const [items, setItems] = useState<Sms[]>([]);
  const [mobile, setMobile] = useState('');
  const [loading, setLoading] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(async (filter: string) => {
    setLoading(true);
    const { data, error, response } = await api.GET('/api/v1/console/sandbox/sms', { params: { query: { limit: 100, ...(filter ? { mobile: filter } : {}) } } });
    setLoading(false);
    if (data) {
      setItems(data.items);
      setProblem(null);
    } else {
      setItems([]);
      setProblem(response.status === 404 ? t('identity.notActive') : ((error as { title?: string } | undefined)?.title ?? String(response.status)));
    }
  }, [t]);
  useEffect(() => void load(''), [load]);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('identity.sandboxTitle')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('identity.sandboxHint')}</Typography.Text>
      {problem && <Alert type="info" showIcon title={problem} />}
      <Space>
        <Input.Search placeholder={t('identity.filter')} allowClear value={mobile} onChange={(e) => setMobile(e.target.value)} onSearch={(v) => void load(v.trim())} style={{ width: 280 }} />
        <Button onClick={() => void load(mobile.trim())}>{t('identity.refresh')}</Button>
      </Space>
      <Table<Sms>
        rowKey="id"
        loading={loading}
        dataSource={items}
        size="small"
        pagination={{ pageSize: 20 }}
        columns={[
          { title: t('identity.sentAt'), dataIndex: 'sentAt', width: 200, render: (v: string) => new Date(v).toLocaleString() },
          { title: t('identity.mobile'), dataIndex: 'mobile', width: 140 },
          { title: t('identity.body'), dataIndex: 'body' },
        ]}
      />
    </Space>
  );
}
