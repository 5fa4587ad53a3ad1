// 个人信息安全事件登记: the register (open / closed / all) with severity and the 72-hour report clock coloured, and the
// form that opens an incident (PI types chosen from the inventory).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Form, Input, Modal, Segmented, Select, Table, Tag, Typography, message } from 'antd';
import { api, type paths } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import './strings.ts';

type List = paths['/api/v1/incidents/office/incidents']['get']['responses']['200']['content']['application/json'];
type Row = List['incidents'][number];
type Elements = paths['/api/v1/incidents/office/elements']['get']['responses']['200']['content']['application/json'];
type OpenBody = paths['/api/v1/incidents/office/incidents']['post']['requestBody']['content']['application/json'];

export const clockColour = (state: string) => (state === 'overdue' ? 'red' : state === 'near' ? 'orange' : state === 'done' ? 'green' : 'blue');
export const severityColour = (s: string) => (s === 'critical' ? 'magenta' : s === 'high' ? 'red' : s === 'medium' ? 'orange' : 'default');
export const when = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false });

export function IncidentsPage() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<'open' | 'closed' | 'all'>('open');
  const [rows, setRows] = useState<Row[]>([]);
  const [elements, setElements] = useState<Elements | null>(null);
  const [opening, setOpening] = useState(false);
  const [form] = Form.useForm();
  const load = useCallback(async () => setRows((await api.GET('/api/v1/incidents/office/incidents', { params: { query: { filter } } })).data?.incidents ?? []), [filter]);
  useEffect(() => void load(), [load]);
  useEffect(() => void api.GET('/api/v1/incidents/office/elements').then((r) => setElements(r.data ?? null)), []);
  const submit = async () => {
    const v = await form.validateFields();
    const body: OpenBody = {
      title: v.title, summary: v.summary, detectedAt: new Date(v.detectedAt).toISOString(), elements: v.elements, cause: v.cause, possibleHarm: v.possibleHarm,
      severity: v.severity, unreachable: !!v.unreachable, accountIds: String(v.accountIds ?? '').split(/\s+/).filter(Boolean),
    };
    const r = await api.POST('/api/v1/incidents/office/incidents', { body });
    const err = (r as { error?: { detail?: string; title?: string } }).error;
    if (err || !r.data) return void message.error(err?.detail ?? err?.title ?? 'error');
    setOpening(false);
    form.resetFields();
    navigate(`/console/app/incidents/${r.data.id}`);
  };
  return (
    <>
      <Typography.Title level={4}>{t('incidentsOffice.listTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('incidentsOffice.listHint')}</Typography.Paragraph>
      <Segmented value={filter} onChange={(v) => setFilter(v as typeof filter)} options={(['open', 'closed', 'all'] as const).map((f) => ({ value: f, label: t(`incidentsOffice.filter_${f}`) }))} />
      <Button type="primary" style={{ marginLeft: 16 }} onClick={() => setOpening(true)} data-testid="incident-open">{t('incidentsOffice.open')}</Button>
      <Table<Row>
        style={{ marginTop: 16 }} size="small" rowKey="id" dataSource={rows} pagination={false} data-testid="incident-list"
        onRow={(r) => ({ onClick: () => navigate(`/console/app/incidents/${r.id}`), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('incidentsOffice.detectedAt'), dataIndex: 'detectedAt', render: when },
          { title: t('incidentsOffice.title'), dataIndex: 'title' },
          { title: t('incidentsOffice.severity'), dataIndex: 'severity', render: (s: string) => <Tag color={severityColour(s)}>{t(`incidentsOffice.severity_${s}`)}</Tag> },
          { title: t('incidentsOffice.status'), dataIndex: 'status', render: (s: string) => t(`incidentsOffice.status_${s}`) },
          { title: t('incidentsOffice.subjects'), render: (_, r) => (r.unreachable ? t('incidentsOffice.unreachable') : r.subjects) },
          { title: t('incidentsOffice.deadline'), render: (_, r) => <Tag color={clockColour(r.reportClock.state)}>{when(r.reportClock.dueAt)}{r.reportClock.state === 'done' ? '' : ` · ${t('incidentsOffice.hoursLeft', { n: r.reportClock.hoursLeft })}`}</Tag> },
          { title: t('incidentsOffice.publicNotice'), dataIndex: 'publicNotice', render: (p: boolean) => (p ? <Tag color="green">{t('incidentsOffice.published')}</Tag> : null) },
        ]}
      />
      <Modal open={opening} title={t('incidentsOffice.open')} onCancel={() => setOpening(false)} onOk={() => void submit()} width={720}>
        <Form form={form} layout="vertical" initialValues={{ severity: 'medium' }}>
          <Form.Item name="title" label={t('incidentsOffice.title')} rules={[{ required: true }]}><Input maxLength={200} /></Form.Item>
          <Form.Item name="summary" label={t('incidentsOffice.summary')} rules={[{ required: true }]}><Input.TextArea rows={3} /></Form.Item>
          <Form.Item name="detectedAt" label={t('incidentsOffice.detectedAt')} rules={[{ required: true }]}><Input type="datetime-local" /></Form.Item>
          <Form.Item name="elements" label={t('incidentsOffice.elements')} rules={[{ required: true }]}>
            <Select mode="multiple" optionFilterProp="label" options={(elements?.elements ?? []).map((e) => ({ value: e.id, label: `${e.nameZh}${e.sensitive ? ' (敏感)' : ''}` }))} />
          </Form.Item>
          <Form.Item name="cause" label={t('incidentsOffice.cause')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="possibleHarm" label={t('incidentsOffice.possibleHarm')} rules={[{ required: true }]}><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="severity" label={t('incidentsOffice.severity')}>
            <Select options={(['low', 'medium', 'high', 'critical'] as const).map((s) => ({ value: s, label: t(`incidentsOffice.severity_${s}`) }))} />
          </Form.Item>
          <Form.Item name="unreachable" valuePropName="checked"><Checkbox>{t('incidentsOffice.unreachable')}</Checkbox></Form.Item>
          <Form.Item name="accountIds" label={t('incidentsOffice.accountIds')}><Input.TextArea rows={3} /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
