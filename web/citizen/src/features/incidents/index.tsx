// PP-3.5 公告: the public notices of personal-information security incidents, for when the people affected cannot be
// told one by one (those who can are told in the inbox). Reached from 我的 → 关于 next to 隐私政策; readable without
// signing in. Each notice shows every LAW-8 part.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { List, SpinLoading } from 'antd-mobile';
import { api, type paths } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { addStrings } from '../../../../shared/i18n.ts';
import type { Feature } from '../types.ts';

type Notice = paths['/api/v1/incidents/notices']['get']['responses']['200']['content']['application/json']['notices'][number];

addStrings(
  'incidents',
  { me: '安全事件公告', title: '个人信息安全事件公告', none: '目前没有安全事件公告。', intro: '难以逐一告知时，我们在此发布个人信息安全事件公告。受影响并可联系到的用户会收到站内信。', published: '发布于 {{date}}' },
  { me: 'Security incident notices', title: 'Security incident notices', none: 'There are no security incident notices.', intro: 'When the people affected cannot be told one by one, we publish the notice here. Those we can reach get an in-app message.', published: 'Published {{date}}' },
);

const day = (iso: string) => iso.slice(0, 10);

function NoticesPage() {
  const { t } = useTranslation();
  const [list, setList] = useState<Notice[] | null>(null);
  useEffect(() => void api.GET('/api/v1/incidents/notices').then((r) => setList(r.data?.notices ?? [])), []);
  if (!list) return <div className="section"><SpinLoading /></div>;
  return (
    <div data-testid="incident-notices">
      <div className="section">{t('incidents.intro')}</div>
      <List>
        {list.length === 0 && <List.Item>{t('incidents.none')}</List.Item>}
        {list.map((n) => (
          <List.Item key={n.id} description={t('incidents.published', { date: day(n.publishedAt) })} onClick={() => navigate(`/incident-notices/${n.id}`)}>{n.headline}</List.Item>
        ))}
      </List>
    </div>
  );
}

function NoticePage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [n, setN] = useState<Notice | null | undefined>(undefined);
  useEffect(() => void api.GET('/api/v1/incidents/notices/{id}', { params: { path: { id } } }).then((r) => setN(r.data ?? null)), [id]);
  if (n === undefined) return <div className="section"><SpinLoading /></div>;
  if (!n) return <div className="section">{t('incidents.none')}</div>;
  return (
    <div className="section" data-testid="incident-notice">
      <h3>{n.headline}</h3>
      <p>{t('incidents.published', { date: day(n.publishedAt) })}</p>
      {n.parts.map((p) => (
        <p key={p.key}><b>{p.label}：</b>{p.text}</p>
      ))}
    </div>
  );
}

export const feature: Feature = {
  name: 'incidents',
  routes: [
    { path: '/incident-notices', tab: 'me', titleKey: 'incidents.title', back: true, render: () => <NoticesPage /> },
    { path: '/incident-notices/:id', tab: 'me', titleKey: 'incidents.title', back: true, render: (p) => <NoticePage id={p.id!} /> },
  ],
  meEntries: [{ key: 'incident-notices', titleKey: 'incidents.me', path: '/incident-notices', group: 'about', order: 910 }],
};
