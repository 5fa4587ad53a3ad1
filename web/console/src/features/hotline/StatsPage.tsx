// 12345统计: the KPIs 南通's weekly 12345 bulletins publish — volume by type, department and district (ECharts),
// 按时办结率, 回访满意率 and the overdue list. Counts only, no personal information.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { api, type paths } from '../../../../shared/client.ts';
import './strings.ts';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, CanvasRenderer]);

type Dashboard = paths['/api/v1/console/hotline/stats/dashboard']['get']['responses'][200]['content']['application/json'];

function Chart({ option, height = 260 }: { option: echarts.EChartsCoreOption; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption(option);
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} style={{ height }} />;
}

const bar = (rows: { name: string; count: number }[]): echarts.EChartsCoreOption => ({
  tooltip: {},
  grid: { left: 100, right: 16, top: 8, bottom: 24 },
  xAxis: { type: 'value', minInterval: 1 },
  yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
  series: [{ type: 'bar', data: rows.map((r) => r.count) }],
});

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export function StatsPage() {
  const { t } = useTranslation();
  const [d, setD] = useState<Dashboard | null>(null);
  useEffect(() => {
    void api.GET('/api/v1/console/hotline/stats/dashboard', { params: { query: {} } }).then((r) => setD(r.data ?? null));
  }, []);
  if (!d) return null;
  return (
    <>
      <Typography.Title level={4}>{t('hotline.menuStats')}</Typography.Title>
      <Row gutter={16}>
        <Col span={6}><Card><Statistic title={t('hotline.total')} value={d.total} /></Card></Col>
        <Col span={6}><Card><Statistic title={t('hotline.onTime')} value={pct(d.onTimeRate)} /></Card></Col>
        <Col span={6}><Card><Statistic title={t('hotline.satisfaction')} value={pct(d.satisfactionRate)} /></Card></Col>
        <Col span={6}><Card><Statistic title={t('hotline.overdueList')} value={d.overdue.length} valueStyle={{ color: d.overdue.length ? '#cf1322' : undefined }} /></Card></Col>
      </Row>
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={8}>
          <Card title={t('hotline.byType')}>
            <Chart option={{ tooltip: {}, series: [{ type: 'pie', radius: ['40%', '70%'], data: d.byType.map((x) => ({ name: x.label, value: x.count })) }] }} />
          </Card>
        </Col>
        <Col span={8}>
          <Card title={t('hotline.byDepartment')}>
            <Chart option={bar(d.byDepartment.map((x) => ({ name: x.name, count: x.count })))} />
          </Card>
        </Col>
        <Col span={8}>
          <Card title={t('hotline.byDistrict')}>
            <Chart option={bar(d.byDistrict.map((x) => ({ name: x.name, count: x.count })))} />
          </Card>
        </Col>
      </Row>
      <Card title={t('hotline.overdueList')} style={{ marginTop: 16 }}>
        <Table
          size="small"
          rowKey="id"
          dataSource={d.overdue}
          pagination={false}
          columns={[
            { title: t('hotline.trackingNo'), dataIndex: 'trackingNo' },
            { title: t('hotline.status'), dataIndex: 'status' },
            { title: t('hotline.department'), dataIndex: 'organisation', render: (o: string | null) => o ?? '—' },
            { title: t('hotline.due'), dataIndex: 'dueDate' },
            { title: t('hotline.overdue'), dataIndex: 'workingDaysOverdue', render: (n: number) => <Tag color="red">{n}</Tag> },
          ]}
        />
      </Card>
    </>
  );
}
