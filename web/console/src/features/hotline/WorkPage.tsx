// One work page per 12345 role — 派单 (dispatch), 承办 (handle), 审核 (approve), 回访 (callback): the role's queue, and a
// drawer with the request as that role may see it (the server decides what contact data shows, PP-3.4) and the
// actions the transition table gives the role. Each action posts to its own route, which checks the permission.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Descriptions, Drawer, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Timeline, Typography, message } from 'antd';
import { api, type paths } from '../../../../shared/client.ts';
import './strings.ts';

export type View = 'dispatch' | 'handle' | 'approve' | 'callback';
type Item = paths['/api/v1/console/hotline/dispatch/queue']['get']['responses'][200]['content']['application/json']['items'][number];
type Detail = paths['/api/v1/console/hotline/dispatch/requests/{id}']['get']['responses'][200]['content']['application/json'];
type StepBody = NonNullable<paths['/api/v1/console/hotline/dispatch/requests/{id}/accept']['post']['requestBody']>['content']['application/json'];

/** Which fields each action asks for (the server's transition table refuses anything else with a named problem). */
const ACTIONS: Record<View, { action: string; fields: ('text' | 'basis' | 'days' | 'organisationId' | 'assistIds' | 'targetId' | 'rating')[]; when: (d: Detail) => boolean }[]> = {
  dispatch: [
    { action: 'accept', fields: [], when: (d) => d.status === 'submitted' },
    { action: 'reject', fields: ['text', 'basis'], when: (d) => d.status === 'submitted' },
    { action: 'merge', fields: ['targetId'], when: (d) => d.status === 'submitted' || d.status === 'accepted' },
    { action: 'dispatch', fields: ['organisationId', 'assistIds'], when: (d) => d.status === 'accepted' || d.status === 'returned' },
    { action: 'approve-extension', fields: [], when: (d) => d.extensionPending },
    { action: 'deny-extension', fields: ['text'], when: (d) => d.extensionPending },
  ],
  handle: [
    { action: 'sign', fields: [], when: (d) => d.status === 'dispatched' },
    { action: 'return', fields: ['text', 'basis'], when: (d) => d.status === 'dispatched' || d.status === 'handling' },
    { action: 'request-extension', fields: ['days', 'text'], when: (d) => d.status === 'handling' && !d.extensionPending },
    { action: 'draft-reply', fields: ['text'], when: (d) => d.status === 'handling' },
  ],
  approve: [
    { action: 'approve-reply', fields: [], when: (d) => d.status === 'reply-pending' },
    { action: 'send-back-reply', fields: ['text'], when: (d) => d.status === 'reply-pending' },
  ],
  callback: [
    { action: 'record-callback', fields: ['text'], when: (d) => d.status === 'closed' },
    { action: 'rate', fields: ['rating', 'text'], when: (d) => (d.status === 'closed' || d.status === 'visited') && !d.rating },
  ],
};

const path = <T extends string>(p: T) => p as '/api/v1/console/hotline/dispatch/requests/{id}/accept';

function useOrganisations() {
  const [orgs, setOrgs] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    void api.GET('/api/v1/reference/organisations').then((r) =>
      setOrgs((r.data?.organisations ?? []).filter((o) => o.kind !== 'hotline').map((o) => ({ value: o.id, label: o.shortName }))),
    );
  }, []);
  return orgs;
}

export function WorkPage({ view }: { view: View }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Item[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const load = useCallback(async () => {
    const r = await api.GET(`/api/v1/console/hotline/${view}/queue` as '/api/v1/console/hotline/dispatch/queue', { params: { query: {} } });
    setItems(r.data?.items ?? []);
  }, [view]);
  useEffect(() => void load(), [load]);
  return (
    <>
      <Typography.Title level={4}>{t(`hotline.menu${view[0]!.toUpperCase()}${view.slice(1)}`)}</Typography.Title>
      <Table<Item>
        size="small"
        rowKey="id"
        dataSource={items}
        pagination={{ pageSize: 20 }}
        onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('hotline.trackingNo'), dataIndex: 'trackingNo', width: 150 },
          { title: t('hotline.type'), dataIndex: 'typeLabel', width: 70 },
          { title: t('hotline.title'), dataIndex: 'title' },
          {
            title: t('hotline.status'),
            dataIndex: 'statusLabel',
            width: 150,
            render: (s: string, r) => (
              <Space>
                <Tag>{s}</Tag>
                {r.extensionPending && <Tag color="orange">{t('hotline.extensionPending')}</Tag>}
              </Space>
            ),
          },
          { title: view === 'dispatch' ? t('hotline.suggested') : t('hotline.department'), width: 120, render: (_: unknown, r) => (view === 'dispatch' ? r.suggestedOrganisationId : r.department) ?? '—' },
          { title: t('hotline.due'), width: 160, render: (_: unknown, r) => <Tag color={r.deadline.overdue ? 'red' : r.deadline.workingDaysLeft <= 1 ? 'orange' : 'blue'}>{r.deadline.dueDate} ({r.deadline.workingDaysLeft})</Tag> },
        ]}
      />
      {open && <DetailDrawer view={view} id={open} onClose={() => setOpen(null)} onChanged={load} />}
    </>
  );
}

function DetailDrawer({ view, id, onClose, onChanged }: { view: View; id: string; onClose(): void; onChanged(): void }) {
  const { t } = useTranslation();
  const orgs = useOrganisations();
  const [d, setD] = useState<Detail | null>(null);
  const [acting, setActing] = useState<(typeof ACTIONS)[View][number] | null>(null);
  const [form] = Form.useForm<StepBody>();
  const load = useCallback(async () => {
    const r = await api.GET(`/api/v1/console/hotline/${view}/requests/{id}` as '/api/v1/console/hotline/dispatch/requests/{id}', { params: { path: { id } } });
    setD(r.data ?? null);
  }, [view, id]);
  useEffect(() => void load(), [load]);

  async function act(action: string, body: StepBody) {
    const r = await api.POST(path(`/api/v1/console/hotline/${view}/requests/{id}/${action}`), { params: { path: { id } }, body });
    const problem = (r as { error?: { title?: string; reason?: string } }).error;
    if (problem) return void message.error(`${problem.title ?? ''}${problem.reason ? ` (${problem.reason})` : ''}`);
    message.success(t('hotline.done'));
    setActing(null);
    form.resetFields();
    await load();
    onChanged();
  }

  async function reveal() {
    let reason = '';
    Modal.confirm({
      title: t('hotline.revealId'),
      content: <Input placeholder={t('hotline.revealReason')} onChange={(e) => (reason = e.target.value)} />,
      onOk: async () => {
        const r = await api.POST('/api/v1/console/hotline/handle/requests/{id}/reveal-id-number', { params: { path: { id } }, body: { reason } });
        if (r.data) Modal.info({ title: t('hotline.revealId'), content: r.data.idNumber });
        else message.error((r as { error?: { title?: string } }).error?.title ?? '');
      },
    });
  }

  return (
    <Drawer open width={720} onClose={onClose} title={d ? `${d.trackingNo} · ${d.title}` : ''}>
      {d && (
        <>
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('hotline.type')}>{d.typeLabel}</Descriptions.Item>
            <Descriptions.Item label={t('hotline.status')}>{d.statusLabel}</Descriptions.Item>
            <Descriptions.Item label={t('hotline.due')}>{d.deadline.dueDate} ({d.deadline.workingDaysLeft})</Descriptions.Item>
            <Descriptions.Item label={t('hotline.department')}>{d.department ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('hotline.contact')}>{d.contact.name ?? '—'}{d.contact.confidential && <Tag style={{ marginLeft: 8 }}>{t('hotline.confidential')}</Tag>}</Descriptions.Item>
            <Descriptions.Item label={t('hotline.mobile')}>{d.contact.mobile ?? '—'}</Descriptions.Item>
            {d.location && <Descriptions.Item label={t('hotline.location')} span={2}>{d.location.address ?? `${d.location.latitude}, ${d.location.longitude}`}</Descriptions.Item>}
            <Descriptions.Item label={t('hotline.description')} span={2}><div style={{ whiteSpace: 'pre-wrap' }}>{d.description}</div></Descriptions.Item>
            {d.replyDraft && <Descriptions.Item label={t('hotline.replyDraft')} span={2}>{d.replyDraft}</Descriptions.Item>}
            {d.reply && <Descriptions.Item label={t('hotline.reply')} span={2}>{d.reply}</Descriptions.Item>}
          </Descriptions>
          {d.attachments.filter((a) => a.kind === 'photo').length > 0 && (
            <Space style={{ marginTop: 12 }} wrap>
              {d.attachments.filter((a) => a.kind === 'photo').map((a) => (
                <img key={a.id} src={`/api/v1/console/hotline/${view}/attachments/${a.id}`} alt="" style={{ width: 96, height: 96, objectFit: 'cover' }} />
              ))}
            </Space>
          )}
          <Space style={{ margin: '16px 0' }} wrap>
            {ACTIONS[view].filter((a) => a.when(d)).map((a) => (
              <Button key={a.action} type={a.fields.length === 0 ? 'primary' : 'default'} onClick={() => (a.fields.length === 0 ? act(a.action, {}) : setActing(a))}>
                {t(`hotline.a.${a.action}`)}
              </Button>
            ))}
            {view === 'handle' && d.idNumberRevealable && <Button danger onClick={reveal}>{t('hotline.revealId')}</Button>}
          </Space>
          {acting && (
            <Form form={form} layout="vertical" initialValues={{ organisationId: d.suggestedOrganisationId ?? undefined, days: 5 }} onFinish={(v) => act(acting.action, v)}>
              {acting.fields.includes('organisationId') && (
                <Form.Item name="organisationId" label={t('hotline.lead')} rules={[{ required: true }]}>
                  <Select showSearch optionFilterProp="label" options={orgs} />
                </Form.Item>
              )}
              {acting.fields.includes('assistIds') && (
                <Form.Item name="assistIds" label={t('hotline.assist')}>
                  <Select mode="multiple" optionFilterProp="label" options={orgs} />
                </Form.Item>
              )}
              {acting.fields.includes('targetId') && (
                <Form.Item name="targetId" label={t('hotline.target')} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
              )}
              {acting.fields.includes('days') && (
                <Form.Item name="days" label={t('hotline.days')} rules={[{ required: true }]}>
                  <InputNumber min={1} max={30} />
                </Form.Item>
              )}
              {acting.fields.includes('rating') && (
                <Form.Item name="rating" label={t('hotline.rating')} rules={[{ required: true }]}>
                  <Select options={(['satisfied', 'basically-satisfied', 'unsatisfied'] as const).map((r) => ({ value: r, label: t(`hotline.r.${r}`) }))} />
                </Form.Item>
              )}
              {acting.fields.includes('text') && (
                <Form.Item name="text" label={acting.action === 'draft-reply' ? t('hotline.reply') : t('hotline.reason')} rules={[{ required: acting.action !== 'rate' }]}>
                  <Input.TextArea rows={acting.action === 'draft-reply' ? 6 : 2} />
                </Form.Item>
              )}
              {acting.fields.includes('basis') && (
                <Form.Item name="basis" label={t('hotline.basis')} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
              )}
              <Button type="primary" htmlType="submit">{t(`hotline.a.${acting.action}`)}</Button>
            </Form>
          )}
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('hotline.assignments')}</Typography.Title>
          <Space wrap>
            {d.assignments.map((a, i) => (
              <Tag key={i} color={a.endedAt ? 'default' : a.role === 'lead' ? 'blue' : 'cyan'}>
                {a.organisation} · {a.role === 'lead' ? t('hotline.lead') : t('hotline.assist')}
              </Tag>
            ))}
          </Space>
          <Typography.Title level={5} style={{ marginTop: 16 }}>{t('hotline.timeline')}</Typography.Title>
          <Timeline
            items={d.timeline.map((s) => ({
              children: `${new Date(s.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} ${s.statusLabel}${s.department ? ' · ' + s.department : ''}${s.note ? ' — ' + s.note : ''}${s.basis ? ' [' + s.basis + ']' : ''}`,
            }))}
          />
        </>
      )}
    </Drawer>
  );
}
