// 系统 → 角色与权限: which permission each role holds. Administrators with roles.manage can change a role's set; the
// change is audited on the server.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App as AntApp, Checkbox, Table, Tag, Tooltip, Typography } from 'antd';
import { api } from '../../../../shared/client.ts';
import { problemText } from './SignIn.tsx';
import { can, useStaffSession } from './session.ts';
import './strings.ts';

interface RoleView {
  id: string;
  nameZh: string;
  nameEn: string;
  scopedToOrganisation: boolean;
  builtin: boolean;
  permissions: string[];
}

export function RolesPage() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const { session } = useStaffSession();
  const editable = can(session, 'roles.manage');
  const [roles, setRoles] = useState<RoleView[]>([]);
  const [permissions, setPermissions] = useState<{ id: string; zh: string; en: string }[]>([]);
  const load = useCallback(async () => {
    const { data } = await api.GET('/api/v1/staff/roles');
    setRoles(data?.roles ?? []);
    setPermissions(data?.permissions ?? []);
  }, []);
  useEffect(() => void load(), [load]);
  const en = i18n.language === 'en';

  async function toggle(role: RoleView, permission: string, on: boolean) {
    const next = on ? [...role.permissions, permission] : role.permissions.filter((p) => p !== permission);
    const { data, error } = await api.PUT('/api/v1/staff/roles/{id}/permissions', { params: { path: { id: role.id } }, body: { permissions: next } });
    if (data) void message.success(t('staff.saved'));
    else void message.error(problemText(error, t('signIn.failed')));
    await load();
  }

  return (
    <>
      <Typography.Title level={4}>{t('staff.rolesTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('staff.rolesHint')}</Typography.Paragraph>
      <Table
        rowKey="id"
        dataSource={permissions}
        pagination={false}
        size="small"
        scroll={{ x: true }}
        columns={[
          {
            title: t('staff.permission'),
            fixed: 'left',
            render: (_: unknown, p) => (
              <Tooltip title={p.id}>
                <span>{en ? p.en : p.zh}</span> <Typography.Text type="secondary" code>{p.id}</Typography.Text>
              </Tooltip>
            ),
          },
          ...roles.map((r) => ({
            title: (
              <span>
                {en ? r.nameEn : r.nameZh}
                {r.scopedToOrganisation && <Tag style={{ marginLeft: 4 }}>{t('staff.scoped')}</Tag>}
              </span>
            ),
            key: r.id,
            align: 'center' as const,
            render: (_: unknown, p: { id: string }) => (
              <Checkbox checked={r.permissions.includes(p.id)} disabled={!editable} onChange={(e) => void toggle(r, p.id, e.target.checked)} aria-label={`${r.id} ${p.id}`} />
            ),
          })),
        ]}
      />
    </>
  );
}
