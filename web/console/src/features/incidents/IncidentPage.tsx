// One incident: the response-plan steps (only the allowed ones offered), affected accounts, the notice composer with a
// preview per LAW-8 part (a missing part is flagged before the server refuses it), sending status from the outbox, the
// public notice toggle, and the reports to the regulator with the generated text.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Descriptions, Form, Input, Select, Space, Switch, Table, Tag, Typography, message } from 'antd';
import { api, type paths } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { clockColour, severityColour, when } from './IncidentsPage.tsx';
import './strings.ts';

type Detail = paths['/api/v1/incidents/office/incidents/{id}']['get']['responses']['200']['content']['application/json'];
type Elements = paths['/api/v1/incidents/office/elements']['get']['responses']['200']['content']['application/json'];
type Notice = NonNullable<Detail['notice']>;
type Step = Detail['allowedSteps'][number];

const PART_FIELD: Record<string, keyof Notice> = { piTypes: 'elements', cause: 'cause', possibleHarm: 'possibleHarm', measures: 'measures', advice: 'advice', contact: 'contact' };

export function IncidentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [d, setD] = useState<Detail | null>(null);
  const [els, setEls] = useState<Elements | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [note, setNote] = useState('');
  const [accounts, setAccounts] = useState('');
  const [recipient, setRecipient] = useState<'cac' | 'police'>('cac');
  const [reportText, setReportText] = useState('');
  const [reference, setReference] = useState('');
  const path = { params: { path: { id } } };
  const load = useCallback(async () => {
    const r = await api.GET('/api/v1/incidents/office/incidents/{id}', { params: { path: { id } } });
    setD(r.data ?? null);
    if (r.data?.notice) setNotice((n) => n ?? r.data!.notice);
  }, [id]);
  useEffect(() => void load(), [load]);
  useEffect(() => void api.GET('/api/v1/incidents/office/elements').then((r) => setEls(r.data ?? null)), []);
  const fail = (e: unknown) => {
    const p = e as { title?: string; detail?: string };
    void message.error(p.detail ? `${p.title ?? ''} ${p.detail}` : (p.title ?? 'error'));
  };
  const after = async (r: { error?: unknown }) => {
    if (r.error) fail(r.error);
    await load();
  };
  if (!d || !els) return null;
  const name = (eid: string) => els.elements.find((e) => e.id === eid)?.nameZh ?? eid;
  const n = notice ?? { headline: '', elements: [], cause: '', possibleHarm: '', measures: '', advice: '', contact: els.defaultContact };
  const partText = (key: string) => (key === 'piTypes' ? n.elements.map(name).join('、') : String(n[PART_FIELD[key]!] ?? '').trim());
  const set = (k: keyof Notice, v: unknown) => setNotice({ ...n, [k]: v });
  const step = async (s: Step) => after(await api.POST('/api/v1/incidents/office/incidents/{id}/steps/{step}', { params: { path: { id, step: s } }, body: note ? { note } : {} }).then((r) => (setNote(''), r)));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Button type="link" onClick={() => navigate('/console/app/incidents')}>← {t('incidentsOffice.back')}</Button>
      <Card title={d.title} extra={<Space><Tag color={severityColour(d.severity)}>{t(`incidentsOffice.severity_${d.severity}`)}</Tag><Tag>{t(`incidentsOffice.status_${d.status}`)}</Tag></Space>}>
        <Descriptions size="small" column={2} items={[
          { key: 'd', label: t('incidentsOffice.detectedAt'), children: when(d.detectedAt) },
          { key: 'r', label: t('incidentsOffice.deadline'), children: <Tag color={clockColour(d.reportClock.state)} data-testid="incident-clock">{when(d.reportClock.dueAt)}{d.reportClock.state === 'done' ? '' : ` · ${t('incidentsOffice.hoursLeft', { n: d.reportClock.hoursLeft })}`}</Tag> },
          { key: 's', label: t('incidentsOffice.summary'), children: d.summary, span: 2 },
          { key: 'e', label: t('incidentsOffice.elements'), children: d.elements.map(name).join('、'), span: 2 },
          { key: 'c', label: t('incidentsOffice.cause'), children: d.cause },
          { key: 'h', label: t('incidentsOffice.possibleHarm'), children: d.possibleHarm },
        ]} />
      </Card>
      <Card title={t('incidentsOffice.steps')}>
        <Table size="small" rowKey="at" pagination={false} dataSource={d.steps} locale={{ emptyText: t('incidentsOffice.noSteps') }}
          columns={[
            { title: t('incidentsOffice.steps'), dataIndex: 'step', render: (s: string) => t(`incidentsOffice.step_${s}`) },
            { title: t('incidentsOffice.status'), render: (_, s) => `${t(`incidentsOffice.status_${s.from}`)} → ${t(`incidentsOffice.status_${s.to}`)}` },
            { title: 'time', dataIndex: 'at', render: when },
            { title: 'staff', dataIndex: 'staffId' },
            { title: t('incidentsOffice.stepNote'), dataIndex: 'note' },
          ]} />
        {d.allowedSteps.length > 0 && (
          <Space style={{ marginTop: 12 }} wrap>
            <Input style={{ width: 320 }} placeholder={t('incidentsOffice.stepNote')} value={note} onChange={(e) => setNote(e.target.value)} />
            {d.allowedSteps.map((s) => <Button key={s} type="primary" onClick={() => void step(s)} data-testid={`incident-step-${s}`}>{t(`incidentsOffice.step_${s}`)}</Button>)}
          </Space>
        )}
      </Card>
      <Card title={t('incidentsOffice.subjects')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Switch checked={d.unreachable} disabled={d.status === 'closed'} onChange={(v) => void api.POST('/api/v1/incidents/office/incidents/{id}/subjects', { ...path, body: { unreachable: v } }).then(after)} />
          <Typography.Text>{t('incidentsOffice.unreachable')}</Typography.Text>
          <Typography.Text>{t('incidentsOffice.subjects')}: {d.counts.subjects}</Typography.Text>
          <Input.TextArea rows={3} placeholder={t('incidentsOffice.accountIds')} value={accounts} onChange={(e) => setAccounts(e.target.value)} />
          <Button disabled={!accounts.trim() || d.status === 'closed'} onClick={() => void api.POST('/api/v1/incidents/office/incidents/{id}/subjects', { ...path, body: { accountIds: accounts.split(/\s+/).filter(Boolean) } }).then((r) => (setAccounts(''), after(r)))}>{t('incidentsOffice.add')}</Button>
        </Space>
      </Card>
      <Card title={t('incidentsOffice.notice')} data-testid="incident-notice">
        <Form layout="vertical">
          <Form.Item label={t('incidentsOffice.headline')}><Input value={n.headline} onChange={(e) => set('headline', e.target.value)} /></Form.Item>
          <Form.Item label={els.parts[0]!.labelZh}>
            <Select mode="multiple" optionFilterProp="label" value={n.elements} onChange={(v) => set('elements', v)} options={els.elements.map((e) => ({ value: e.id, label: e.nameZh }))} />
          </Form.Item>
          {els.parts.slice(1).map((p) => (
            <Form.Item key={p.key} label={p.labelZh}>
              <Input.TextArea rows={2} value={String(n[PART_FIELD[p.key]!] ?? '')} onChange={(e) => set(PART_FIELD[p.key]!, e.target.value)} data-testid={`incident-part-${p.key}`} />
            </Form.Item>
          ))}
        </Form>
        <Typography.Title level={5}>{t('incidentsOffice.preview')}</Typography.Title>
        <Typography.Paragraph strong>{n.headline || '关于个人信息安全事件的告知'}</Typography.Paragraph>
        {els.parts.map((p) => (
          <Typography.Paragraph key={p.key}>
            <Typography.Text strong>{p.labelZh}：</Typography.Text>
            {partText(p.key) ? partText(p.key) : <Tag color="red">{t('incidentsOffice.missing')}</Tag>}
          </Typography.Paragraph>
        ))}
        <Button type="primary" disabled={d.status === 'closed'} onClick={() => void api.PUT('/api/v1/incidents/office/incidents/{id}/notice', { ...path, body: n }).then((r) => ((r as { error?: unknown }).error ? fail((r as { error?: unknown }).error) : void message.success(t('incidentsOffice.saved')), load()))} data-testid="incident-save-notice">{t('incidentsOffice.save')}</Button>
      </Card>
      <Card title={t('incidentsOffice.sending')}>
        <Typography.Paragraph>{t('incidentsOffice.queued')}: {d.counts.enqueued} / {d.counts.subjects}</Typography.Paragraph>
        <Table size="small" pagination={false} rowKey="channel" dataSource={Object.entries(d.counts.delivery).map(([channel, by]) => ({ channel, ...by }))}
          columns={[{ title: t('incidentsOffice.channel'), dataIndex: 'channel' }, ...['pending', 'sending', 'delivered', 'temporary-failure', 'permanent-failure'].map((s) => ({ title: s, dataIndex: s, render: (v?: number) => v ?? 0 }))]} />
        <Space style={{ marginTop: 12 }}>
          <Typography.Text>{t('incidentsOffice.publicNotice')}</Typography.Text>
          <Switch checked={!!d.publicNoticeAt} onChange={(v) => void api.PUT('/api/v1/incidents/office/incidents/{id}/public-notice', { ...path, body: { published: v } }).then(after)} data-testid="incident-public" />
          <Typography.Text type="secondary">{d.publicNoticeAt ? `${t('incidentsOffice.published')} ${when(d.publicNoticeAt)}` : t('incidentsOffice.notPublished')}</Typography.Text>
        </Space>
      </Card>
      <Card title={t('incidentsOffice.reports')}>
        <Table size="small" rowKey="id" pagination={false} dataSource={d.reports}
          columns={[
            { title: t('incidentsOffice.recipient'), dataIndex: 'recipientName' },
            { title: t('incidentsOffice.reportedAt'), dataIndex: 'reportedAt', render: when },
            { title: t('incidentsOffice.reference'), dataIndex: 'reference' },
            { title: '', dataIndex: 'onTime', render: (v: boolean) => <Tag color={v ? 'green' : 'red'}>{v ? t('incidentsOffice.onTime') : t('incidentsOffice.late')}</Tag> },
          ]}
          expandable={{ expandedRowRender: (r) => <pre style={{ whiteSpace: 'pre-wrap' }}>{r.text}</pre> }} />
        {d.status !== 'closed' && (
          <Space direction="vertical" style={{ width: '100%', marginTop: 12 }}>
            <Space>
              <Select value={recipient} onChange={setRecipient} options={(['cac', 'police'] as const).map((r) => ({ value: r, label: t(`incidentsOffice.recipient_${r}`) }))} />
              <Button onClick={() => void api.GET('/api/v1/incidents/office/incidents/{id}/report-draft', { params: { path: { id }, query: { recipient } } }).then((r) => setReportText(r.data?.text ?? ''))}>{t('incidentsOffice.generate')}</Button>
              <Input placeholder={t('incidentsOffice.reference')} value={reference} onChange={(e) => setReference(e.target.value)} />
            </Space>
            <Input.TextArea rows={8} placeholder={t('incidentsOffice.reportText')} value={reportText} onChange={(e) => setReportText(e.target.value)} />
            <Button type="primary" onClick={() => void api.POST('/api/v1/incidents/office/incidents/{id}/reports', { ...path, body: { recipient, ...(reference ? { reference } : {}), ...(reportText ? { text: reportText } : {}) } }).then((r) => (setReportText(''), setReference(''), after(r)))}>{t('incidentsOffice.record')}</Button>
          </Space>
        )}
      </Card>
    </Space>
  );
}
