// Anonymous usage statistics (PP-1.11, PP-1.19): counts over consented usage logs, small cells suppressed server-side.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, DatePicker, Space, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../../../shared/client.ts';
import type { paths } from '../../../../shared/client.ts';

type Stats = paths['/api/v1/catalogue/usage-statistics']['get']['responses']['200']['content']['application/json'];

export function StatsPage() {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().subtract(30, 'day').startOf('day'), dayjs().add(1, 'day').startOf('day')]);
  const [stats, setStats] = useState<Stats | null>(null);
  useEffect(() => {
    void api.GET('/api/v1/catalogue/usage-statistics', { params: { query: { from: range[0].toISOString(), to: range[1].toISOString() } as never } }).then((r) => setStats(r.data ?? null));
  }, [range]);
  return (
    <>
      <Typography.Title level={4}>{t('catalogue.stats.title')}</Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <DatePicker.RangePicker value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} />
      </Space>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('catalogue.stats.note')} description={stats ? t('catalogue.stats.suppressed', { n: stats.suppressedItems, k: stats.threshold }) : null} />
      <Table
        rowKey="itemCode"
        size="small"
        dataSource={stats?.items ?? []}
        columns={[
          { title: t('catalogue.code'), dataIndex: 'itemCode', width: 150 },
          { title: t('catalogue.name'), dataIndex: 'name' },
          { title: t('catalogue.stats.uses'), dataIndex: 'uses', width: 110 },
          { title: t('catalogue.stats.avg'), dataIndex: 'averageSeconds', width: 140 },
        ]}
      />
    </>
  );
}
