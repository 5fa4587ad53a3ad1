// The catalogue list for staff with catalogue.edit: filter by name/code, category, division, unpublished changes.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../../../shared/client.ts';
import type { paths } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';

type Row = paths['/api/v1/catalogue/admin/items']['get']['responses']['200']['content']['application/json']['items'][number];

export function useOptions() {
  const [categories, setCategories] = useState<{ value: string; label: string }[]>([]);
  const [districts, setDistricts] = useState<{ value: string; label: string }[]>([]);
  const [halls, setHalls] = useState<{ value: string; label: string }[]>([]);
  const [orgs, setOrgs] = useState<{ value: string; label: string }[]>([]);
  const [sharing, setSharing] = useState<{ value: string; label: string }[]>([]);
  useEffect(() => {
    void api.GET('/api/v1/catalogue/categories').then((r) => setCategories((r.data?.categories ?? []).map((c) => ({ value: c.id, label: c.nameZh }))));
    void api.GET('/api/v1/catalogue/districts').then((r) => setDistricts([{ value: '320600', label: '南通市（市级）' }, ...(r.data?.districts ?? []).map((d) => ({ value: d.code, label: d.name }))]));
    void api.GET('/api/v1/catalogue/halls').then((r) => setHalls((r.data?.halls ?? []).map((h) => ({ value: h.id, label: h.name }))));
    void api.GET('/api/v1/reference/organisations').then((r) => setOrgs((r.data?.organisations ?? []).map((o) => ({ value: o.id, label: o.name }))));
    void api.GET('/api/v1/privacy/sharing-list').then((r) => setSharing((r.data?.items ?? []).map((s) => ({ value: s.category, label: `${s.categoryZh}：${s.fieldsZh.join('、')}` }))));
  }, []);
  return { categories, districts, halls, orgs, sharing };
}

export function ItemsPage() {
  const { t } = useTranslation();
  const opts = useOptions();
  const [q, setQ] = useState('');
  const [category, setCategory] = useState<string | undefined>();
  const [district, setDistrict] = useState<string | undefined>();
  const [unpublished, setUnpublished] = useState(false);
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ total: number; items: Row[] }>({ total: 0, items: [] });
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    setLoading(true);
    void api
      .GET('/api/v1/catalogue/admin/items', { params: { query: { page, pageSize: 20, ...(q ? { q } : {}), ...(category ? { category } : {}), ...(district ? { district } : {}), ...(unpublished ? { unpublished } : {}) } } })
      .then((r) => r.data && setData(r.data))
      .finally(() => setLoading(false));
  }, [q, category, district, unpublished, page]);
  const catName = new Map(opts.categories.map((c) => [c.value, c.label]));
  const distName = new Map(opts.districts.map((d) => [d.value, d.label]));
  return (
    <>
      <Typography.Title level={4}>{t('catalogue.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('catalogue.search')} onSearch={(v) => { setQ(v.trim()); setPage(1); }} style={{ width: 220 }} />
        <Select allowClear placeholder={t('catalogue.category')} options={opts.categories} value={category} onChange={(v) => { setCategory(v); setPage(1); }} style={{ width: 140 }} />
        <Select allowClear placeholder={t('catalogue.district')} options={opts.districts} value={district} onChange={(v) => { setDistrict(v); setPage(1); }} style={{ width: 160 }} />
        <Checkbox checked={unpublished} onChange={(e) => { setUnpublished(e.target.checked); setPage(1); }}>
          {t('catalogue.unpublished')}
        </Checkbox>
      </Space>
      <Table<Row>
        rowKey="code"
        size="small"
        loading={loading}
        dataSource={data.items}
        pagination={{ current: page, pageSize: 20, total: data.total, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('catalogue.code'), dataIndex: 'code', width: 150 },
          { title: t('catalogue.name'), render: (_, r) => r.draft.name },
          { title: t('catalogue.category'), render: (_, r) => catName.get(r.draft.category) ?? r.draft.category, width: 100 },
          { title: t('catalogue.district'), render: (_, r) => distName.get(r.draft.districtCode) ?? r.draft.districtCode, width: 130 },
          {
            title: t('catalogue.state'),
            width: 120,
            render: (_, r) => (r.publishedRevision == null ? <Tag>{t('catalogue.never')}</Tag> : r.unpublishedChanges ? <Tag color="orange">{t('catalogue.draft')}</Tag> : <Tag color="green">{t('catalogue.published')}</Tag>),
          },
          { title: t('catalogue.actions'), width: 80, render: (_, r) => <Button size="small" onClick={() => navigate(`/console/app/catalogue/${r.code}`)}>{t('catalogue.edit')}</Button> },
        ]}
      />
    </>
  );
}
