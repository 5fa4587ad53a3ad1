// The activity list and the activity page (PP-2.4). Everything the page announces — the partner, its contact and the
// information categories provided to it — comes from the activity record the server enforces at hand-over; joining
// sends back the categories shown, so the consent recorded is to what the citizen read.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Dialog, Empty, List, NoticeBar, Tag, Toast } from 'antd-mobile';
import { navigate } from '../../../../shared/router.ts';
import { useSession } from '../identity/index.tsx';
import { problemOf, promotionsApi, type Activity, type Participation } from './api.ts';
import './strings.ts';

function useEn() {
  return useTranslation().i18n.language === 'en';
}

/** the signed-in citizen's participations (empty for a guest), re-read when the account changes */
function useMine(): [Map<string, Participation>, () => void] {
  const { account } = useSession();
  const [mine, setMine] = useState<Map<string, Participation>>(new Map());
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!account) return void setMine(new Map());
    void promotionsApi.mine().then((r) => setMine(new Map((r.data?.items ?? []).map((m) => [m.promotionId, m]))));
  }, [account?.accountId, tick]);
  return [mine, () => setTick((n) => n + 1)];
}

function Provided({ a }: { a: Activity }) {
  const en = useEn();
  return (
    <span data-testid="promotion-elements">
      {a.sharedElements.map((e) => <Tag key={e.id} color="warning" fill="outline" style={{ marginRight: 4 }}>{en ? e.nameEn : e.nameZh}</Tag>)}
    </span>
  );
}

export function ActivitiesPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<Activity[] | null>(null);
  const [mine] = useMine();
  useEffect(() => {
    void promotionsApi.list().then((r) => setItems(r.data?.items ?? []));
  }, []);
  return (
    <div data-testid="promotions-list">
      <NoticeBar content={t('promotions.intro')} color="info" wrap />
      {items && items.length === 0 && <Empty description={t('promotions.empty')} />}
      {items && items.length > 0 && (
        <List>
          {items.map((a) => {
            const joined = mine.get(a.id);
            return (
              <List.Item
                key={a.id}
                onClick={() => navigate(`/promotions/${a.id}`)}
                description={
                  <>
                    <div>{t('promotions.coOrganiser')}：{a.coOrganiser.name}</div>
                    <div>{t('promotions.provided')}：<Provided a={a} /></div>
                    <div>{t('promotions.period')}：{a.startsOn} — {a.endsOn}</div>
                  </>
                }
                extra={joined && !joined.leftAt ? <Tag color="success">{t('promotions.joined')}</Tag> : <Tag>{t(`promotions.kind.${a.kind}`)}</Tag>}
              >
                {a.title}
              </List.Item>
            );
          })}
        </List>
      )}
    </div>
  );
}

export function ActivityPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const en = useEn();
  const { account } = useSession();
  const [a, setA] = useState<Activity | null>(null);
  const [mine, reloadMine] = useMine();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void promotionsApi.get(id).then((r) => setA(r.data ?? null));
  }, [id]);
  if (!a) return null;
  const me = mine.get(a.id);
  const inActivity = !!me && !me.leftAt;

  // PP-2.4: the explicit tap. The categories sent are those this page shows; if the activity no longer matches them
  // the server refuses (promotion-notice-changed) and the page is read again.
  async function join() {
    if (!a) return;
    if (!account) return navigate(`/login?next=/promotions/${a.id}`);
    setBusy(true);
    try {
      const res = await promotionsApi.join(a.id, a.sharedElements.map((e) => e.id));
      const problem = problemOf(res);
      if (problem?.type?.endsWith('promotion-notice-changed')) {
        Toast.show({ content: t('promotions.changed') });
        const fresh = await promotionsApi.get(a.id);
        if (fresh.data) setA(fresh.data);
        return;
      }
      if (problem) return void Toast.show({ content: problem.title ?? 'error' });
      Toast.show({ content: t('promotions.joinedToast') });
      reloadMine();
    } finally {
      setBusy(false);
    }
  }
  async function leave() {
    if (!a || !(await Dialog.confirm({ content: t('promotions.leaveConfirm') }))) return;
    const res = await promotionsApi.leave(a.id);
    const problem = problemOf(res);
    if (problem) return void Toast.show({ content: problem.title ?? 'error' });
    Toast.show({ content: t('promotions.leftToast') });
    reloadMine();
  }

  return (
    <div style={{ padding: 12 }} data-testid="promotion-page">
      <Card title={a.title} extra={<Tag>{t(`promotions.kind.${a.kind}`)}</Tag>}>
        <p style={{ whiteSpace: 'pre-wrap' }}>{a.description}</p>
        <p>{t('promotions.period')}：{a.startsOn} — {a.endsOn}</p>
      </Card>
      <Card title={t('promotions.noticeTitle')} style={{ marginTop: 12 }} data-testid="promotion-notice">
        <p>{t('promotions.coOrganiser')}：<b data-testid="promotion-co-organiser">{a.coOrganiser.name}</b></p>
        <p>{t('promotions.contact')}：{a.coOrganiser.contact}</p>
        <p>{t('promotions.provided')}：<Provided a={a} /></p>
        <p style={{ color: 'var(--adm-color-text-secondary)' }}>{en ? a.notice.en : a.notice.zh}</p>
      </Card>
      <div style={{ marginTop: 12 }}>
        {inActivity ? (
          <>
            <p><Tag color="success">{t('promotions.joined')}</Tag>{me.sharedAt ? ` ${t('promotions.sharedAt', { at: new Date(me.sharedAt).toLocaleString(en ? 'en' : 'zh-CN') })}` : ''}</p>
            <Button block color="danger" fill="outline" onClick={() => void leave()} data-testid="promotion-leave">{t('promotions.leave')}</Button>
          </>
        ) : (
          <Button block color="primary" loading={busy} disabled={!a.open} onClick={() => void join()} data-testid="promotion-join">
            {!a.open ? t('promotions.notOpen') : account ? t('promotions.join') : t('promotions.signIn')}
          </Button>
        )}
      </div>
    </div>
  );
}
