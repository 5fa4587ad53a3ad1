// 我的诉求 and one request's detail: status, department, working-day deadline and time left, each step with its time,
// the reply, rating (满意/基本满意/不满意) and 重办 once after 不满意.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Empty, List, Selector, Steps, Tag, TextArea, Toast } from 'antd-mobile';
import { api, type paths } from '../../../../shared/client.ts';

type Detail = paths['/api/v1/hotline/requests/{id}']['get']['responses'][200]['content']['application/json'];
import { navigate } from '../../../../shared/router.ts';
import './strings.ts';

function DeadlineTag({ d }: { d: { dueDate: string; workingDaysLeft: number; overdue: boolean } }) {
  const { t } = useTranslation();
  return <Tag color={d.overdue ? 'danger' : d.workingDaysLeft <= 1 ? 'warning' : 'primary'}>{d.overdue ? t('hotline.overdue') : t('hotline.daysLeft', { n: d.workingDaysLeft })}</Tag>;
}

export function MyRequestsPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<NonNullable<Awaited<ReturnType<typeof load>>>>([]);
  const load = async () => (await api.GET('/api/v1/hotline/requests')).data?.items ?? [];
  useEffect(() => {
    void load().then(setItems);
  }, []);
  return (
    <>
      <div style={{ display: 'flex', gap: 8, padding: 12 }}>
        <Button color="primary" onClick={() => navigate('/hotline/new')}>{t('hotline.submit')}</Button>
        <Button onClick={() => navigate('/hotline/letter')}>{t('hotline.letter')}</Button>
      </div>
      {items.length === 0 ? (
        <Empty description={t('hotline.empty')} />
      ) : (
        <List>
          {items.map((r) => (
            <List.Item key={r.id} onClick={() => navigate(`/hotline/requests/${r.id}`)} description={`${r.typeLabel} · ${r.trackingNo}${r.department ? ' · ' + r.department : ''}`} extra={<Tag>{r.statusLabel}</Tag>}>
              {r.title}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}

export function RequestDetailPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [r, setR] = useState<Detail | null>(null);
  const [rating, setRating] = useState<'satisfied' | 'basically-satisfied' | 'unsatisfied'>('satisfied');
  const [comment, setComment] = useState('');
  const reload = useCallback(async () => {
    const { data } = await api.GET('/api/v1/hotline/requests/{id}', { params: { path: { id } } });
    setR(data ?? null);
  }, [id]);
  useEffect(() => void reload(), [reload]);
  if (!r) return null;

  async function rate() {
    const res = await api.POST('/api/v1/hotline/requests/{id}/rating', { params: { path: { id } }, body: { rating, ...(comment ? { comment } : {}) } });
    const problem = (res as { error?: { title?: string } }).error;
    if (problem) Toast.show({ content: problem.title });
    await reload();
  }
  async function reopen() {
    const res = await api.POST('/api/v1/hotline/requests/{id}/reopen', { params: { path: { id } } });
    const problem = (res as { error?: { title?: string } }).error;
    if (problem) Toast.show({ content: problem.title });
    await reload();
  }

  return (
    <div style={{ padding: 12 }} data-testid="hotline-detail">
      <Card title={r.title} extra={<Tag data-testid="hotline-status">{r.statusLabel}</Tag>}>
        <p>{r.typeLabel} · {r.trackingNo}</p>
        <p>{t('hotline.department')}：{r.department ?? '—'}</p>
        <p>
          {t('hotline.deadline')}：{r.deadline.dueDate} <DeadlineTag d={r.deadline} />
        </p>
        <p style={{ whiteSpace: 'pre-wrap' }}>{r.description}</p>
      </Card>
      {r.reply && (
        <Card title={t('hotline.reply')} style={{ marginTop: 12 }}>
          <p style={{ whiteSpace: 'pre-wrap' }} data-testid="hotline-reply">{r.reply}</p>
        </Card>
      )}
      {r.canRate && (
        <Card title={t('hotline.rate')} style={{ marginTop: 12 }}>
          <Selector
            options={[
              { label: t('hotline.satisfied'), value: 'satisfied' },
              { label: t('hotline.basically'), value: 'basically-satisfied' },
              { label: t('hotline.unsatisfied'), value: 'unsatisfied' },
            ]}
            value={[rating]}
            onChange={(v) => v[0] && setRating(v[0] as typeof rating)}
          />
          <TextArea placeholder={t('hotline.comment')} value={comment} onChange={setComment} rows={2} />
          <Button block color="primary" onClick={rate}>{t('hotline.rate')}</Button>
        </Card>
      )}
      {r.canReopen && (
        <Button block color="warning" style={{ marginTop: 12 }} onClick={reopen}>{t('hotline.reopen')}</Button>
      )}
      <Card title={t('hotline.timeline')} style={{ marginTop: 12 }}>
        <Steps direction="vertical">
          {r.timeline.map((s, i) => (
            <Steps.Step key={i} title={`${s.statusLabel}${s.department ? ' · ' + s.department : ''}`} description={`${new Date(s.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}${s.note ? ' · ' + s.note : ''}`} status="finish" />
          ))}
        </Steps>
      </Card>
    </div>
  );
}
