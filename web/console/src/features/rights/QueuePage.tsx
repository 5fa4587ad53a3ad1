// 隐私办公室 → 个人信息权利请求: the queue with the working-day clock (amber near, red past the deadline), assignment,
// identity verification (PP-4.7), fulfil (erasure across every declared store, per-store receipt), partial fulfilment
// and refusal only on a PP-4.8 ground with a written reason; feedback with its 15-day clock and the reply.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Input, Modal, Select, Space, Table, Tag, Typography, message } from 'antd';
import { api, type paths } from '../../../../shared/client.ts';
import './strings.ts';

type Queue = paths['/api/v1/rights/office/queue']['get']['responses']['200']['content']['application/json'];
type Req = Queue['requests'][number];
type Fb = Queue['feedback'][number];

const colour = (state: string) => (state === 'overdue' ? 'red' : state === 'near' ? 'orange' : state === 'done' ? 'green' : 'blue');

export function QueuePage() {
  const { t } = useTranslation();
  const [q, setQ] = useState<Queue | null>(null);
  const [all, setAll] = useState(false);
  const [refusing, setRefusing] = useState<{ req: Req; partial: boolean } | null>(null);
  const [ground, setGround] = useState<string>('malice-or-abuse');
  const [reason, setReason] = useState('');
  const [receipt, setReceipt] = useState<Req['receipt']>(null);
  const [fb, setFb] = useState<{ id: string; text: string; shot: string | null } | null>(null);
  const [reply, setReply] = useState('');
  const load = useCallback(async () => setQ((await api.GET('/api/v1/rights/office/queue', { params: { query: { all: all ? '1' : '0' } } })).data ?? null), [all]);
  useEffect(() => void load(), [load]);
  const act = async (call: Promise<{ data?: unknown; error?: unknown }>, after?: (d: any) => void) => {
    const r = await call;
    if (r.error) void message.error((r.error as { title?: string }).title ?? 'error');
    else after?.(r.data);
    await load();
  };
  const path = (id: string) => ({ params: { path: { id } } });
  const fulfil = (req: Req) => act(api.POST('/api/v1/rights/office/requests/{id}/fulfil', { ...path(req.id), body: {} }), (d) => setReceipt(d.receipt));
  const submitRefusal = async () => {
    if (!refusing) return;
    const g = ground as 'malice-or-abuse';
    if (refusing.partial) await act(api.POST('/api/v1/rights/office/requests/{id}/fulfil', { ...path(refusing.req.id), body: { partial: { ground: g, reason } } }), (d) => setReceipt(d.receipt));
    else await act(api.POST('/api/v1/rights/office/requests/{id}/refuse', { ...path(refusing.req.id), body: { ground: g, reason } }));
    setRefusing(null);
    setReason('');
  };
  const openFeedback = async (f: Fb) => {
    const r = await api.GET('/api/v1/rights/office/feedback/{id}', path(f.id));
    if (r.data) setFb({ id: f.id, text: r.data.text, shot: r.data.screenshot ? `data:${r.data.screenshot.mime};base64,${r.data.screenshot.base64}` : null });
  };
  if (!q) return null;
  return (
    <>
      <Typography.Title level={4}>{t('rightsOffice.queueTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('rightsOffice.queueHint')}</Typography.Paragraph>
      <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)}>{t('rightsOffice.showAll')}</Checkbox>
      <Table<Req>
        size="small" rowKey="id" dataSource={q.requests} pagination={false} data-testid="rights-queue"
        columns={[
          { title: t('rightsOffice.received'), dataIndex: 'receivedAt', render: (v: string) => v.slice(0, 16).replace('T', ' ') },
          { title: t('rightsOffice.kind'), dataIndex: 'kind', render: (k: string) => t(`rightsOffice.kind_${k}`) },
          { title: t('rightsOffice.target'), dataIndex: 'target' },
          { title: t('rightsOffice.due'), render: (_, r) => <Tag color={colour(r.clock.state)}>{r.clock.dueDate}{r.clock.state !== 'done' ? ` (${r.clock.left})` : ''}</Tag> },
          { title: t('rightsOffice.status'), dataIndex: 'status' },
          { title: t('rightsOffice.assignee'), dataIndex: 'assignedTo' },
          { title: t('rightsOffice.verified'), render: (_, r) => <Tag color={r.identityVerified ? 'green' : 'orange'}>{r.identityVerified ? t('rightsOffice.yes') : t('rightsOffice.no')}</Tag> },
          {
            title: t('rightsOffice.actions'),
            render: (_, r) => r.clock.state === 'done' ? <Button size="small" onClick={() => setReceipt(r.receipt)}>{t('rightsOffice.receipt')}</Button> : (
              <Space wrap>
                <Button size="small" onClick={() => void act(api.POST('/api/v1/rights/office/requests/{id}/assign', { ...path(r.id), body: { assignee: null } }))}>{t('rightsOffice.assign')}</Button>
                {!r.identityVerified && <Button size="small" onClick={() => void act(api.POST('/api/v1/rights/office/requests/{id}/verify', path(r.id)))}>{t('rightsOffice.verify')}</Button>}
                <Button size="small" type="primary" disabled={!r.identityVerified} onClick={() => void fulfil(r)} data-testid="rights-fulfil">{t('rightsOffice.fulfil')}</Button>
                <Button size="small" onClick={() => setRefusing({ req: r, partial: true })}>{t('rightsOffice.partial')}</Button>
                <Button size="small" danger onClick={() => setRefusing({ req: r, partial: false })}>{t('rightsOffice.refuse')}</Button>
              </Space>
            ),
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>{t('rightsOffice.feedback')}</Typography.Title>
      <Table<Fb>
        size="small" rowKey="id" dataSource={q.feedback} pagination={false}
        columns={[
          { title: t('rightsOffice.received'), dataIndex: 'receivedAt', render: (v: string) => v.slice(0, 16).replace('T', ' ') },
          { title: t('rightsOffice.due'), render: (_, f) => <Tag color={colour(f.clock.state)}>{f.clock.dueDate} ({f.clock.left})</Tag> },
          { title: t('rightsOffice.actions'), render: (_, f) => <Button size="small" onClick={() => void openFeedback(f)}>{t('rightsOffice.read')}</Button> },
        ]}
      />
      <Modal open={!!refusing} title={refusing?.partial ? t('rightsOffice.partial') : t('rightsOffice.refuse')} onCancel={() => setRefusing(null)} onOk={() => void submitRefusal()} okButtonProps={{ disabled: !reason.trim() }}>
        <Typography.Text>{t('rightsOffice.ground')}</Typography.Text>
        <Select style={{ width: '100%' }} value={ground} onChange={setGround} options={Object.entries(q.grounds).map(([value, label]) => ({ value, label }))} />
        <Typography.Text>{t('rightsOffice.reason')}</Typography.Text>
        <Input.TextArea rows={4} value={reason} onChange={(e) => setReason(e.target.value)} />
      </Modal>
      <Modal open={!!receipt} title={t('rightsOffice.receipt')} onCancel={() => setReceipt(null)} footer={null}>
        <Table size="small" rowKey="table" pagination={false} dataSource={receipt ?? []} data-testid="rights-receipt"
          columns={[{ title: 'store', dataIndex: 'table' }, { title: 'action', dataIndex: 'action' }, { title: 'rows', dataIndex: 'rows' }, { title: 'law', dataIndex: 'law' }]} />
      </Modal>
      <Modal open={!!fb} title={t('rightsOffice.feedback')} onCancel={() => setFb(null)} okText={t('rightsOffice.reply')} okButtonProps={{ disabled: !reply.trim() }}
        onOk={() => fb && void act(api.POST('/api/v1/rights/office/feedback/{id}/reply', { ...path(fb.id), body: { text: reply } }), () => { setFb(null); setReply(''); })}>
        <Typography.Paragraph>{fb?.text}</Typography.Paragraph>
        {fb?.shot && <img src={fb.shot} alt="" style={{ maxWidth: '100%' }} />}
        <Input.TextArea rows={3} placeholder={t('rightsOffice.replyText')} value={reply} onChange={(e) => setReply(e.target.value)} />
      </Modal>
    </>
  );
}

export function RequestStatsPage() {
  const { t } = useTranslation();
  type Row = paths['/api/v1/rights/office/stats']['get']['responses']['200']['content']['application/json']['types'][number];
  const [rows, setRows] = useState<Row[]>([]);
  useEffect(() => void api.GET('/api/v1/rights/office/stats').then((r) => setRows(r.data?.types ?? [])), []);
  return (
    <>
      <Typography.Title level={4}>{t('rightsOffice.statsTitle')}</Typography.Title>
      <Table<Row> size="small" rowKey="kind" dataSource={rows} pagination={false}
        columns={[
          { title: t('rightsOffice.kind'), dataIndex: 'kind', render: (k: string) => t(`rightsOffice.kind_${k}`) },
          { title: t('rightsOffice.total'), dataIndex: 'total' },
          { title: t('rightsOffice.open'), dataIndex: 'open' },
          { title: t('rightsOffice.median'), dataIndex: 'medianWorkingDays' },
          { title: t('rightsOffice.p95'), dataIndex: 'p95WorkingDays' },
          { title: t('rightsOffice.onTime'), dataIndex: 'onTimeRate', render: (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`) },
        ]} />
    </>
  );
}
