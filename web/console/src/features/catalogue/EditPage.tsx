// Editing one item: the form validates like the server (which checks again), saves a draft against the revision it
// was opened at, and — for staff with catalogue.publish — publishes that revision. Every step is audited server-side.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { App as AntApp, Alert, Button, Card, Form, Input, InputNumber, Popconfirm, Radio, Select, Space, Switch, Typography } from 'antd';
import { api } from '../../../../shared/client.ts';
import type { paths } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { can, useStaffSession } from '../staff/index.tsx';
import { useOptions } from './ItemsPage.tsx';

type StaffItem = paths['/api/v1/catalogue/admin/items/{code}']['get']['responses']['200']['content']['application/json']['item'];
type Content = StaffItem['draft'];
const problemText = (error: unknown, fallback: string) =>
  error && typeof error === 'object' && 'title' in error && typeof (error as { title: unknown }).title === 'string' ? (error as { title: string }).title : fallback;
const ITEM_TYPES = ['行政许可', '行政确认', '行政给付', '行政征收', '行政裁决', '行政奖励', '其他行政权力', '公共服务'];

interface FormValues extends Omit<Content, 'partner' | 'steps'> {
  steps: { text: string }[];
  partnerUrl?: string;
  sharingCategory?: string;
}

const toForm = (c: Content): FormValues => ({ ...c, steps: c.steps.map((text) => ({ text })), partnerUrl: c.partner?.url, sharingCategory: c.partner?.sharingCategory });
const fromForm = (v: FormValues, districtCode: string): Content => ({
  name: v.name, shortName: v.shortName, aliases: v.aliases ?? [], keywords: v.keywords ?? [], departmentId: v.departmentId, departmentName: v.departmentName,
  itemType: v.itemType, category: v.category, districtCode, online: !!v.online, handlingKind: v.handlingKind,
  promisedDays: v.handlingKind === 'promised' ? (v.promisedDays ?? null) : null, visits: v.visits, fee: v.fee,
  materials: (v.materials ?? []).map((m) => ({ name: m.name, ...(m.form ? { form: m.form } : {}), ...(m.note ? { note: m.note } : {}) })),
  steps: (v.steps ?? []).map((s) => s.text).filter(Boolean), hallIds: v.hallIds ?? [],
  partner: v.partnerUrl ? { url: v.partnerUrl, sharingCategory: v.sharingCategory ?? '' } : null,
});

export function EditPage({ code }: { code: string }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const { session } = useStaffSession();
  const opts = useOptions();
  const [item, setItem] = useState<StaffItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<FormValues>();
  const handlingKind = Form.useWatch('handlingKind', form);

  const load = async () => {
    const r = await api.GET('/api/v1/catalogue/admin/items/{code}', { params: { path: { code } } });
    if (r.data) {
      setItem(r.data.item);
      form.setFieldsValue(toForm(r.data.item.draft));
    } else setError(problemText(r.error, 'error'));
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code]);

  const save = async (values: FormValues) => {
    if (!item) return;
    setBusy(true);
    setError(null);
    const r = await api.PUT('/api/v1/catalogue/admin/items/{code}/draft', { params: { path: { code } }, body: { baseRevision: item.draftRevision, content: fromForm(values, item.draft.districtCode) } });
    setBusy(false);
    if (!r.data) return setError(problemText(r.error, 'error'));
    setItem(r.data.item);
    void message.success(t('catalogue.saved', { rev: r.data.item.draftRevision }));
  };
  const publish = async () => {
    if (!item) return;
    const r = await api.POST('/api/v1/catalogue/admin/items/{code}/publish', { params: { path: { code } }, body: { revision: item.draftRevision } });
    if (!r.data) return setError(problemText(r.error, 'error'));
    setItem(r.data.item);
    void message.success(t('catalogue.publishedOk'));
  };
  const unpublish = async () => {
    const r = await api.POST('/api/v1/catalogue/admin/items/{code}/unpublish', { params: { path: { code } } });
    if (!r.data) return setError(problemText(r.error, 'error'));
    setItem(r.data.item);
    void message.success(t('catalogue.unpublishedOk'));
  };

  if (!item) return error ? <Alert type="error" message={error} /> : null;
  const mayPublish = can(session, 'catalogue.publish');
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => navigate('/console/app/catalogue')}>{t('catalogue.back')}</Button>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {item.code} {item.draft.name}
        </Typography.Title>
      </Space>
      <Typography.Paragraph type="secondary">
        {t('catalogue.revision', { draft: item.draftRevision, pub: item.publishedRevision ?? '—' })} · {t('catalogue.lastEditor', { who: item.draftUpdatedBy ?? 'seed', at: new Date(item.draftUpdatedAt).toLocaleString() })}
      </Typography.Paragraph>
      {error ? <Alert type="error" message={error} style={{ marginBottom: 12 }} closable onClose={() => setError(null)} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} disabled={busy}>
        <Card size="small" style={{ marginBottom: 12 }}>
          <Form.Item name="name" label={t('catalogue.f.name')} rules={[{ required: true, min: 2, max: 80 }]}><Input /></Form.Item>
          <Form.Item name="shortName" label={t('catalogue.f.shortName')} rules={[{ required: true, max: 30 }]}><Input /></Form.Item>
          <Form.Item name="aliases" label={t('catalogue.f.aliases')}><Select mode="tags" tokenSeparators={[',', '，']} /></Form.Item>
          <Form.Item name="keywords" label={t('catalogue.f.keywords')}><Select mode="tags" tokenSeparators={[',', '，']} /></Form.Item>
          <Space wrap>
            <Form.Item name="departmentId" label={t('catalogue.f.departmentId')} rules={[{ required: true }]}><Select options={opts.orgs} style={{ width: 260 }} showSearch optionFilterProp="label" /></Form.Item>
            <Form.Item name="departmentName" label={t('catalogue.f.departmentName')} rules={[{ required: true, min: 2 }]}><Input style={{ width: 300 }} /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="itemType" label={t('catalogue.f.itemType')} rules={[{ required: true }]}><Select options={ITEM_TYPES.map((v) => ({ value: v, label: v }))} style={{ width: 160 }} /></Form.Item>
            <Form.Item name="category" label={t('catalogue.f.category')} rules={[{ required: true }]}><Select options={opts.categories} style={{ width: 160 }} /></Form.Item>
            <Form.Item name="online" label={t('catalogue.f.online')} valuePropName="checked"><Switch /></Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="handlingKind" label={t('catalogue.f.handlingKind')} rules={[{ required: true }]}>
              <Radio.Group options={[{ value: 'immediate', label: t('catalogue.f.immediate') }, { value: 'promised', label: t('catalogue.f.promised') }]} />
            </Form.Item>
            {handlingKind === 'promised' ? (
              <Form.Item name="promisedDays" label={t('catalogue.f.promisedDays')} rules={[{ required: true, type: 'integer', min: 1, max: 365 }]}><InputNumber min={1} max={365} /></Form.Item>
            ) : null}
            <Form.Item name="visits" label={t('catalogue.f.visits')} rules={[{ required: true }]}>
              <Radio.Group options={(['zero', 'once', 'twice'] as const).map((v) => ({ value: v, label: t(`catalogue.f.${v}`) }))} />
            </Form.Item>
          </Space>
          <Form.Item name="fee" label={t('catalogue.f.fee')} rules={[{ required: true }]}><Input /></Form.Item>
        </Card>
        <Card size="small" title={t('catalogue.f.materials')} style={{ marginBottom: 12 }}>
          <Form.List name="materials">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" wrap>
                    <Form.Item name={[f.name, 'name']} rules={[{ required: true, max: 100 }]}><Input placeholder={t('catalogue.f.materialName')} style={{ width: 260 }} /></Form.Item>
                    <Form.Item name={[f.name, 'form']}><Input placeholder={t('catalogue.f.materialForm')} style={{ width: 100 }} /></Form.Item>
                    <Form.Item name={[f.name, 'note']}><Input placeholder={t('catalogue.f.materialNote')} style={{ width: 240 }} /></Form.Item>
                    <Button type="link" onClick={() => remove(f.name)}>×</Button>
                  </Space>
                ))}
                <Button onClick={() => add({ name: '', form: '原件' })}>{t('catalogue.f.add')}</Button>
              </>
            )}
          </Form.List>
        </Card>
        <Card size="small" title={t('catalogue.f.steps')} style={{ marginBottom: 12 }}>
          <Form.List name="steps" rules={[{ validator: async (_, v) => { if (!v || v.length < 1) throw new Error('≥1'); } }]}>
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline">
                    <span>{i + 1}.</span>
                    <Form.Item name={[f.name, 'text']} rules={[{ required: true, max: 200 }]}><Input style={{ width: 520 }} /></Form.Item>
                    <Button type="link" onClick={() => remove(f.name)}>×</Button>
                  </Space>
                ))}
                <Button onClick={() => add({ text: '' })}>{t('catalogue.f.add')}</Button>
              </>
            )}
          </Form.List>
        </Card>
        <Card size="small" style={{ marginBottom: 12 }}>
          <Form.Item name="hallIds" label={t('catalogue.f.hallIds')}><Select mode="multiple" options={opts.halls} /></Form.Item>
          <Space wrap>
            <Form.Item name="partnerUrl" label={t('catalogue.f.partnerUrl')} rules={[{ pattern: /^(https:\/\/|\/)/, message: 'https:// …' }]}><Input style={{ width: 360 }} /></Form.Item>
            <Form.Item name="sharingCategory" label={t('catalogue.f.sharingCategory')} dependencies={['partnerUrl']} rules={[({ getFieldValue }) => ({ validator: async (_, v) => { if (getFieldValue('partnerUrl') && !v) throw new Error('PP-2.3'); } })]}>
              <Select allowClear options={opts.sharing} style={{ width: 420 }} />
            </Form.Item>
          </Space>
        </Card>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>{t('catalogue.save')}</Button>
          {mayPublish ? (
            <Popconfirm title={t('catalogue.publishConfirm', { rev: item.draftRevision })} onConfirm={() => void publish()}>
              <Button disabled={!item.unpublishedChanges && item.publishedRevision != null}>{t('catalogue.publish')}</Button>
            </Popconfirm>
          ) : null}
          {mayPublish && item.publishedRevision != null ? (
            <Popconfirm title={t('catalogue.unpublishConfirm')} onConfirm={() => void unpublish()}>
              <Button danger>{t('catalogue.unpublish')}</Button>
            </Popconfirm>
          ) : null}
        </Space>
      </Form>
    </>
  );
}
