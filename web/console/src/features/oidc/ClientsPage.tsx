// 系统 → 统一身份认证·接入应用: register relying parties with their sharing categories (PP-2.3), rotate secrets (shown
// once), disable. Needs oidc.clients (the server checks it again).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App as AntApp, Alert, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { api, type paths } from '../../../../shared/client.ts';
import './strings.ts';

type Client = paths['/api/v1/oidc/clients']['get']['responses'][200]['content']['application/json']['items'][number];
type Category = paths['/api/v1/oidc/categories']['get']['responses'][200]['content']['application/json']['items'][number];

const lines = (v?: string) => (v ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
const problemOf = (res: { error?: unknown }) => (res.error as { title?: string; detail?: string } | undefined);

export function ClientsPage() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [items, setItems] = useState<Client[]>([]);
  const [categories, setCategories] = useState<Category[]>([]);
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<{ clientId: string; secret: string } | null>(null);
  const [form] = Form.useForm();
  const reload = useCallback(async () => {
    const { data } = await api.GET('/api/v1/oidc/clients');
    setItems(data?.items ?? []);
  }, []);
  useEffect(() => {
    void reload();
    void api.GET('/api/v1/oidc/categories').then(({ data }) => setCategories(data?.items ?? []));
  }, [reload]);

  async function register() {
    const v = await form.validateFields();
    const res = await api.POST('/api/v1/oidc/clients', {
      body: {
        name: v.name, organisation: v.organisation, categories: v.categories ?? [], contact: v.contact,
        redirectUris: lines(v.redirectUris), postLogoutRedirectUris: lines(v.postLogoutUris), backchannelLogoutUri: v.backchannel || null,
      },
    });
    const problem = problemOf(res);
    if (problem || !res.data) return void message.error(problem?.detail ?? problem?.title ?? 'error');
    setOpen(false);
    form.resetFields();
    setSecret({ clientId: res.data.client.clientId, secret: res.data.clientSecret });
    await reload();
  }
  async function rotate(clientId: string) {
    const res = await api.POST('/api/v1/oidc/clients/{clientId}/rotate-secret', { params: { path: { clientId } } });
    if (res.data) setSecret({ clientId, secret: res.data.clientSecret });
    await reload();
  }
  async function toggle(c: Client) {
    const path = c.disabled ? '/api/v1/oidc/clients/{clientId}/enable' : '/api/v1/oidc/clients/{clientId}/disable';
    await api.POST(path, { params: { path: { clientId: c.clientId } } });
    await reload();
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('oidc.title')}</Typography.Title>
      <Alert type="info" showIcon message={t('oidc.intro')} />
      <Button type="primary" onClick={() => setOpen(true)}>{t('oidc.register')}</Button>
      <Table<Client>
        rowKey="clientId"
        dataSource={items}
        pagination={false}
        columns={[
          { title: t('oidc.name'), render: (_, c) => <><div>{c.name}</div><Typography.Text type="secondary" copyable>{c.clientId}</Typography.Text></> },
          { title: t('oidc.organisation'), dataIndex: 'organisation' },
          { title: t('oidc.categories'), render: (_, c) => c.categories.map((x) => <Tag key={x.id} title={x.fieldsZh.join('、')}>{x.nameZh}</Tag>) },
          { title: t('oidc.contact'), dataIndex: 'contact' },
          { title: t('oidc.status'), render: (_, c) => (c.disabled ? <Tag color="red">{t('oidc.disabled')}</Tag> : <Tag color="green">{t('oidc.active')}</Tag>) },
          { title: t('oidc.rotatedAt'), render: (_, c) => new Date(c.secretRotatedAt).toLocaleString('zh-CN') },
          {
            title: t('oidc.actions'),
            render: (_, c) => (
              <Space>
                <Popconfirm title={t('oidc.rotateConfirm')} onConfirm={() => rotate(c.clientId)}><Button size="small">{t('oidc.rotate')}</Button></Popconfirm>
                <Button size="small" danger={!c.disabled} onClick={() => toggle(c)}>{c.disabled ? t('oidc.enable') : t('oidc.disable')}</Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal open={open} title={t('oidc.register')} onOk={register} onCancel={() => setOpen(false)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('oidc.name')} rules={[{ required: true }]}><Input maxLength={60} /></Form.Item>
          <Form.Item name="organisation" label={t('oidc.organisation')} rules={[{ required: true }]}><Input maxLength={120} /></Form.Item>
          <Form.Item name="categories" label={t('oidc.categories')} extra={t('oidc.categoriesHint')}>
            <Select mode="multiple" options={categories.map((c) => ({ value: c.id, label: `${c.nameZh}（${c.fieldsZh.join('、')}）` }))} />
          </Form.Item>
          <Form.Item name="redirectUris" label={t('oidc.redirectUris')} rules={[{ required: true }]}><Input.TextArea rows={2} placeholder="https://app.example.cn/callback" /></Form.Item>
          <Form.Item name="postLogoutUris" label={t('oidc.postLogoutUris')}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="backchannel" label={t('oidc.backchannel')}><Input placeholder="https://app.example.cn/backchannel-logout" /></Form.Item>
          <Form.Item name="contact" label={t('oidc.contact')} rules={[{ required: true }]}><Input maxLength={120} /></Form.Item>
        </Form>
      </Modal>
      <Modal open={!!secret} title={t('oidc.secretTitle')} onOk={() => setSecret(null)} onCancel={() => setSecret(null)} okText={t('oidc.done')} cancelButtonProps={{ style: { display: 'none' } }}>
        {secret && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('oidc.clientId')}: <Typography.Text code copyable>{secret.clientId}</Typography.Text></Typography.Text>
            <Typography.Text code copyable>{secret.secret}</Typography.Text>
            <Alert type="warning" message={t('oidc.secretHint')} />
          </Space>
        )}
      </Modal>
    </Space>
  );
}
