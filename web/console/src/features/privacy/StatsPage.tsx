// 隐私办公室 → 授权统计: counts per purpose, policy version and state — never individuals (issue #5 §9).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Table, Tag, Typography } from 'antd';
import { api } from '../../../../shared/client.ts';
import './strings.ts';

type Row = { purposeId: string; policyVersion: number; granted: boolean; subjectKind: 'account' | 'device'; count: number };

export function StatsPage() {
  const { t } = useTranslation();
  const [rows, setRows] = useState<Row[]>([]);
  useEffect(() => {
    void api.GET('/api/v1/privacy/consent-stats').then((r) => setRows(r.data?.items ?? []));
  }, []);
  return (
    <>
      <Typography.Title level={4}>{t('privacyOffice.statsTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('privacyOffice.statsHint')}</Typography.Paragraph>
      <Table<Row>
        size="small"
        rowKey={(r) => `${r.purposeId}-${r.policyVersion}-${r.granted}-${r.subjectKind}`}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('privacyOffice.purpose'), dataIndex: 'purposeId' },
          { title: t('privacyOffice.version'), dataIndex: 'policyVersion', width: 90 },
          { title: t('privacyOffice.state'), dataIndex: 'granted', width: 100, render: (g: boolean) => <Tag color={g ? 'green' : 'default'}>{g ? t('privacyOffice.granted') : t('privacyOffice.withdrawn')}</Tag> },
          { title: t('privacyOffice.subject'), dataIndex: 'subjectKind', width: 100, render: (k: 'account' | 'device') => t(`privacyOffice.${k}`) },
          { title: t('privacyOffice.count'), dataIndex: 'count', width: 90 },
        ]}
      />
    </>
  );
}
