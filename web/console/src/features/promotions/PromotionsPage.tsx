// 工作台 → 联合推广活动 (PP-2.4): the activities with participant counts (never who joined), a draft form limited to
// the elements the server allows, publish / close, and 导出参与者给合作方 — the server provides the announced elements
// through the sharing ledger and returns what was provided, which is saved as a CSV file for the partner.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App as AntApp, Alert, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { api, type paths } from '../../../../shared/client.ts';
import './strings.ts';

type List = paths['/api/v1/promotions/admin/activities']['get']['responses'][200]['content']['application/json'];
type Activity = List['items'][number];
type Body = paths['/api/v1/promotions/admin/activities']['post']['requestBody']['content']['application/json'];

const problemOf = (res: { error?: unknown }) => res.error as { title?: string; detail?: string; elements?: string[] } | undefined;
const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob(['\ufeff' + text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function PromotionsPage() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = AntApp.useApp();
  const [data, setData] = useState<List>({ items: [], allowedElements: [] });
  const [editing, setEditing] = useState<Activity | 'new' | null>(null);
  const [form] = Form.useForm();
  const reload = useCallback(async () => {
    const r = await api.GET('/api/v1/promotions/admin/activities');
    if (r.data) setData(r.data);
  }, []);
  useEffect(() => void reload(), [reload]);
  const elName = (id: string) => {
    const e = data.allowedElements.find((x) => x.id === id);
    return e ? (en ? e.nameEn : e.nameZh) : id;
  };

  function open(a: Activity | 'new') {
    setEditing(a);
    form.setFieldsValue(a === 'new'
      ? { kind: 'coupon', sharedElements: [] }
      : { title: a.title, description: a.description, kind: a.kind, coName: a.coOrganiser.name, coContact: a.coOrganiser.contact, sharedElements: a.sharedElements.map((e) => e.id), startsOn: a.startsOn, endsOn: a.endsOn });
  }
  async function save() {
    const v = await form.validateFields();
    const body: Body = {
      title: v.title, description: v.description ?? '', kind: v.kind, coOrganiser: { name: v.coName, contact: v.coContact },
      sharedElements: v.sharedElements, startsOn: v.startsOn, endsOn: v.endsOn,
    };
    const res = editing === 'new' || !editing
      ? await api.POST('/api/v1/promotions/admin/activities', { body })
      : await api.PUT('/api/v1/promotions/admin/activities/{id}', { params: { path: { id: editing.id } }, body });
    const problem = problemOf(res);
    if (problem) return void message.error(`${problem.title ?? 'error'}${problem.elements ? `：${problem.elements.map(elName).join('、')}` : ''}`);
    message.success(t('promotions.saved'));
    setEditing(null);
    await reload();
  }
  async function act(a: Activity, what: 'publish' | 'close') {
    const res = what === 'publish'
      ? await api.POST('/api/v1/promotions/admin/activities/{id}/publish', { params: { path: { id: a.id } } })
      : await api.POST('/api/v1/promotions/admin/activities/{id}/close', { params: { path: { id: a.id } } });
    const problem = problemOf(res);
    if (problem) message.error(problem.title ?? 'error');
    await reload();
  }
  // PP-2.4: the server provides only the announced elements and records each provision; the file holds exactly that
  async function handOver(a: Activity) {
    const res = await api.POST('/api/v1/promotions/admin/activities/{id}/hand-over', { params: { path: { id: a.id } }, body: {} });
    const problem = problemOf(res);
    if (problem || !res.data) return void message.error(problem?.title ?? 'error');
    const { elements, records } = res.data;
    if (records.length === 0) message.info(t('promotions.nothingToHandOver'));
    else {
      const lines = [elements.map((e) => csvCell(elName(e))).join(','), ...records.map((r) => elements.map((e) => csvCell(r.data[e] ?? '')).join(','))];
      download(`${a.title}-${new Date().toISOString().slice(0, 10)}.csv`, lines.join('\r\n') + '\r\n');
      message.success(t('promotions.handedOver', { n: records.length }));
    }
    await reload();
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('promotions.title')}</Typography.Title>
      <Alert type="info" showIcon message={t('promotions.intro')} />
      <Button type="primary" onClick={() => open('new')}>{t('promotions.create')}</Button>
      <Table<Activity>
        rowKey="id"
        dataSource={data.items}
        pagination={false}
        columns={[
          { title: t('promotions.activityTitle'), render: (_, a) => <><div>{a.title}</div><Tag>{t(`promotions.kinds.${a.kind}`)}</Tag></> },
          { title: t('promotions.coOrganiser'), render: (_, a) => <><div>{a.coOrganiser.name}</div><Typography.Text type="secondary">{a.coOrganiser.contact}</Typography.Text></> },
          { title: t('promotions.elements'), render: (_, a) => a.sharedElements.map((e) => <Tag key={e.id} color="orange">{en ? e.nameEn : e.nameZh}</Tag>) },
          { title: `${t('promotions.startsOn')} — ${t('promotions.endsOn')}`, render: (_, a) => `${a.startsOn} — ${a.endsOn}` },
          { title: t('promotions.state'), render: (_, a) => <Tag color={a.state === 'published' ? 'green' : a.state === 'draft' ? 'default' : 'red'}>{t(`promotions.states.${a.state}`)}</Tag> },
          { title: t('promotions.participants'), render: (_, a) => `${a.counts.active} / ${a.counts.left} / ${a.counts.shared}` },
          {
            title: t('promotions.actions'),
            render: (_, a) => (
              <Space wrap>
                {a.state === 'draft' && <Button size="small" onClick={() => open(a)}>{t('promotions.edit')}</Button>}
                {a.state === 'draft' && <Popconfirm title={t('promotions.publishConfirm')} onConfirm={() => act(a, 'publish')}><Button size="small" type="primary">{t('promotions.publish')}</Button></Popconfirm>}
                {a.state === 'published' && <Popconfirm title={t('promotions.closeConfirm')} onConfirm={() => act(a, 'close')}><Button size="small">{t('promotions.close')}</Button></Popconfirm>}
                {a.state !== 'draft' && (
                  <Popconfirm title={t('promotions.handOverConfirm', { name: a.coOrganiser.name, fields: a.sharedElements.map((e) => (en ? e.nameEn : e.nameZh)).join('、') })} onConfirm={() => handOver(a)}>
                    <Button size="small" danger>{t('promotions.handOver')}</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <Modal open={!!editing} title={editing === 'new' ? t('promotions.create') : t('promotions.edit')} onOk={save} onCancel={() => setEditing(null)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="title" label={t('promotions.activityTitle')} rules={[{ required: true }]}><Input maxLength={60} /></Form.Item>
          <Form.Item name="description" label={t('promotions.description')}><Input.TextArea rows={3} maxLength={1000} /></Form.Item>
          <Form.Item name="kind" label={t('promotions.kind')} rules={[{ required: true }]}>
            <Select options={(['coupon', 'lottery'] as const).map((k) => ({ value: k, label: t(`promotions.kinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="coName" label={t('promotions.coOrganiser')} rules={[{ required: true, min: 2 }]}><Input maxLength={100} /></Form.Item>
          <Form.Item name="coContact" label={t('promotions.contact')} rules={[{ required: true, min: 2 }]}><Input maxLength={120} /></Form.Item>
          <Form.Item name="sharedElements" label={t('promotions.elements')} extra={t('promotions.elementsHint')} rules={[{ required: true, type: 'array', min: 1 }]}>
            <Select mode="multiple" options={data.allowedElements.map((e) => ({ value: e.id, label: en ? e.nameEn : e.nameZh }))} />
          </Form.Item>
          <Space>
            <Form.Item name="startsOn" label={t('promotions.startsOn')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
            <Form.Item name="endsOn" label={t('promotions.endsOn')} rules={[{ required: true }]}><Input type="date" /></Form.Item>
          </Space>
        </Form>
      </Modal>
    </Space>
  );
}
