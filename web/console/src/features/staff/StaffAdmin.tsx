// 系统 → 工作人员: list, create (the one-time password and TOTP QR are shown once, to hand over in person), assign roles
// and department, disable/enable, reset password + authenticator. Needs staff.manage (the server checks it again).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App as AntApp, Alert, Button, Form, Image, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../../../shared/client.ts';
import { problemText } from './SignIn.tsx';
import './strings.ts';

interface Account {
  id: string;
  loginName: string;
  displayName: string;
  organisationId: string | null;
  organisationName: string | null;
  roles: string[];
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
}
interface Role {
  id: string;
  nameZh: string;
  nameEn: string;
  scopedToOrganisation: boolean;
}
interface Issued {
  loginName: string;
  oneTimePassword: string | null;
  totp: { otpauthUri: string; qrDataUrl: string };
}

export function useRolesAndOrganisations() {
  const [roles, setRoles] = useState<Role[]>([]);
  const [organisations, setOrganisations] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    void api.GET('/api/v1/staff/roles').then(({ data }) => setRoles(data?.roles ?? []));
    void api.GET('/api/v1/reference/organisations').then(({ data }) => setOrganisations((data?.organisations ?? []).map((o) => ({ value: o.id, label: o.shortName }))));
  }, []);
  return { roles, organisations };
}

export function IssuedModal({ issued, onClose }: { issued: Issued | null; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal open={!!issued} title={issued ? t('staff.issuedTitle', { login: issued.loginName }) : ''} onOk={onClose} onCancel={onClose} okText={t('staff.done')} cancelButtonProps={{ style: { display: 'none' } }}>
      {issued && (
        <Space direction="vertical" style={{ width: '100%' }}>
          {issued.oneTimePassword && (
            <div>
              <Typography.Text type="secondary">{t('staff.oneTimePassword')}</Typography.Text>
              <Typography.Paragraph copyable code data-testid="one-time-password" style={{ fontSize: 18 }}>
                {issued.oneTimePassword}
              </Typography.Paragraph>
            </div>
          )}
          <Typography.Text type="secondary">{t('staff.scanQr')}</Typography.Text>
          <Image src={issued.totp.qrDataUrl} width={200} preview={false} alt="TOTP QR" />
          <Typography.Paragraph copyable code style={{ wordBreak: 'break-all', fontSize: 12 }} data-testid="otpauth-uri">
            {issued.totp.otpauthUri}
          </Typography.Paragraph>
        </Space>
      )}
    </Modal>
  );
}

export function StaffAdmin() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [items, setItems] = useState<Account[]>([]);
  const [loading, setLoading] = useState(true);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Account | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { roles, organisations } = useRolesAndOrganisations();
  const [createForm] = Form.useForm();
  const [rolesForm] = Form.useForm();

  const load = useCallback(async () => {
    setLoading(true);
    const { data } = await api.GET('/api/v1/staff/accounts');
    setItems(data?.items ?? []);
    setLoading(false);
  }, []);
  useEffect(() => void load(), [load]);

  const roleName = (id: string) => {
    const r = roles.find((x) => x.id === id);
    return r ? (i18n.language === 'en' ? r.nameEn : r.nameZh) : id;
  };
  const roleOptions = roles.map((r) => ({ value: r.id, label: i18n.language === 'en' ? r.nameEn : r.nameZh }));

  async function create(values: { loginName: string; displayName: string; roles?: string[]; organisationId?: string }) {
    setError(null);
    const { data, error: problem } = await api.POST('/api/v1/staff/accounts', {
      body: { loginName: values.loginName, displayName: values.displayName, roles: values.roles ?? [], organisationId: values.organisationId ?? null },
    });
    if (!data) return setError(problemText(problem, t('signIn.failed')));
    setCreating(false);
    createForm.resetFields();
    setIssued(data);
    await load();
  }

  async function saveRoles(values: { roles?: string[]; organisationId?: string }) {
    if (!editing) return;
    setError(null);
    const { data, error: problem } = await api.PUT('/api/v1/staff/accounts/{id}/roles', {
      params: { path: { id: editing.id } },
      body: { roles: values.roles ?? [], organisationId: values.organisationId ?? null },
    });
    if (!data) return setError(problemText(problem, t('signIn.failed')));
    setEditing(null);
    void message.success(t('staff.saved'));
    await load();
  }

  async function toggle(a: Account) {
    const path = a.disabled ? '/api/v1/staff/accounts/{id}/enable' : '/api/v1/staff/accounts/{id}/disable';
    const { error: problem } = await api.POST(path, { params: { path: { id: a.id } } });
    if (problem) void message.error(problemText(problem, t('signIn.failed')));
    await load();
  }

  async function reset(a: Account) {
    const { data, error: problem } = await api.POST('/api/v1/staff/accounts/{id}/reset-credentials', { params: { path: { id: a.id } } });
    if (!data) return void message.error(problemText(problem, t('signIn.failed')));
    setIssued(data);
    await load();
  }

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('staff.staffTitle')}
        </Typography.Title>
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('staff.create')}
        </Button>
      </Space>
      <Table<Account>
        rowKey="id"
        loading={loading}
        dataSource={items}
        pagination={{ pageSize: 20 }}
        size="middle"
        scroll={{ x: true }}
        columns={[
          { title: t('staff.login'), dataIndex: 'loginName' },
          { title: t('staff.displayName'), dataIndex: 'displayName' },
          { title: t('staff.organisation'), dataIndex: 'organisationName', render: (v: string | null) => v ?? '—' },
          { title: t('staff.roles'), dataIndex: 'roles', render: (rs: string[]) => rs.map((r) => <Tag key={r}>{roleName(r)}</Tag>) },
          {
            title: t('staff.status'),
            render: (_: unknown, a) => (
              <Space size={4} wrap>
                {a.disabled ? <Tag color="default">{t('staff.disabled')}</Tag> : <Tag color="green">{t('staff.active')}</Tag>}
                {a.locked && <Tag color="red">{t('staff.locked')}</Tag>}
                {a.mustChangePassword && <Tag color="orange">{t('staff.mustChange')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('staff.actions'),
            render: (_: unknown, a) => (
              <Space size={0} wrap>
                <Button
                  type="link"
                  onClick={() => {
                    setEditing(a);
                    rolesForm.setFieldsValue({ roles: a.roles, organisationId: a.organisationId ?? undefined });
                  }}
                >
                  {t('staff.editRoles')}
                </Button>
                {a.disabled ? (
                  <Button type="link" onClick={() => void toggle(a)}>
                    {t('staff.enable')}
                  </Button>
                ) : (
                  <Popconfirm title={t('staff.disableConfirm')} onConfirm={() => toggle(a)}>
                    <Button type="link" danger>
                      {t('staff.disable')}
                    </Button>
                  </Popconfirm>
                )}
                <Popconfirm title={t('staff.resetConfirm')} onConfirm={() => reset(a)}>
                  <Button type="link">{t('staff.reset')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />

      <Modal open={creating} title={t('staff.create')} onCancel={() => setCreating(false)} onOk={() => createForm.submit()} okText={t('staff.save')} cancelText={t('staff.cancel')} destroyOnHidden>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={createForm} layout="vertical" requiredMark={false} onFinish={(v) => void create(v)}>
          <Form.Item name="loginName" label={t('staff.login')} extra={t('staff.loginHint')} rules={[{ required: true, pattern: /^[a-z][a-z0-9._-]{2,31}$/, message: t('staff.loginHint') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="displayName" label={t('staff.displayName')} rules={[{ required: true, max: 40 }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="roles" label={t('staff.roles')}>
            <Select mode="multiple" options={roleOptions} data-testid="create-roles" />
          </Form.Item>
          <Form.Item name="organisationId" label={t('staff.organisation')} extra={t('staff.organisationHint')}>
            <Select allowClear showSearch optionFilterProp="label" options={organisations} data-testid="create-organisation" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={!!editing} title={`${t('staff.editRoles')} · ${editing?.displayName ?? ''}`} onCancel={() => setEditing(null)} onOk={() => rolesForm.submit()} okText={t('staff.save')} cancelText={t('staff.cancel')}>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form form={rolesForm} layout="vertical" onFinish={(v) => void saveRoles(v)}>
          <Form.Item name="roles" label={t('staff.roles')}>
            <Select mode="multiple" options={roleOptions} />
          </Form.Item>
          <Form.Item name="organisationId" label={t('staff.organisation')} extra={t('staff.organisationHint')}>
            <Select allowClear showSearch optionFilterProp="label" options={organisations} />
          </Form.Item>
        </Form>
      </Modal>

      <IssuedModal issued={issued} onClose={() => setIssued(null)} />
    </>
  );
}
