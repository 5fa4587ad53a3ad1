// 我的 → 已授权应用 (issue #9, PP-4.4): the applications I signed in to with the city account, what each receives, and
// withdrawing one (its tokens stop working and it is told to sign me out).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, Empty, List, Tag, Toast } from 'antd-mobile';
import { addStrings } from '../../../../shared/i18n.ts';
import { api, type paths } from '../../../../shared/client.ts';
import type { Feature } from '../types.ts';

type Item = paths['/api/v1/oidc/authorizations']['get']['responses'][200]['content']['application/json']['items'][number];

addStrings(
  'oidc',
  {
    title: '已授权应用',
    intro: '以下应用可通过南通市统一身份认证平台获取您的登录状态和所列信息。撤回后，该应用需要重新征得您的同意。',
    empty: '您还没有用统一身份认证登录过其他应用',
    receives: '可获得：{{fields}}',
    signInOnly: '仅登录，不获取个人信息',
    declined: '未同意提供：{{fields}}',
    revoke: '撤回授权',
    revokeConfirm: '撤回对「{{name}}」的授权？该应用将被通知退出您的登录。',
    revoked: '已撤回',
  },
  {
    title: 'Authorised applications',
    intro: 'These applications can obtain your sign-in status and the listed information through the city identity platform. After withdrawal they must ask you again.',
    empty: 'You have not signed in to other applications with the city account',
    receives: 'Receives: {{fields}}',
    signInOnly: 'Sign-in only, no personal information',
    declined: 'Not provided: {{fields}}',
    revoke: 'Withdraw',
    revokeConfirm: 'Withdraw the authorisation of “{{name}}”? It will be told to sign you out.',
    revoked: 'Withdrawn',
  },
);

function AuthorizedAppsPage() {
  const { t } = useTranslation();
  const [items, setItems] = useState<Item[] | null>(null);
  const reload = useCallback(async () => {
    const { data } = await api.GET('/api/v1/oidc/authorizations');
    setItems(data?.items ?? []);
  }, []);
  useEffect(() => void reload(), [reload]);
  async function revoke(item: Item) {
    const ok = await Dialog.confirm({ content: t('oidc.revokeConfirm', { name: item.name }) });
    if (!ok) return;
    const res = await api.DELETE('/api/v1/oidc/authorizations/{clientId}', { params: { path: { clientId: item.clientId } } });
    const problem = (res as { error?: { title?: string } }).error;
    Toast.show({ content: problem?.title ?? t('oidc.revoked') });
    await reload();
  }
  if (!items) return null;
  return (
    <>
      <p style={{ padding: '0 12px', color: '#8a8f99', fontSize: 13 }}>{t('oidc.intro')}</p>
      {items.length === 0 ? (
        <Empty description={t('oidc.empty')} />
      ) : (
        <List>
          {items.map((i) => (
            <List.Item
              key={i.clientId}
              description={
                <>
                  <div>{i.organisation}</div>
                  <div>{i.fieldsZh.length ? t('oidc.receives', { fields: i.fieldsZh.join('、') }) : t('oidc.signInOnly')}</div>
                  {i.declinedZh.length > 0 && <div>{t('oidc.declined', { fields: i.declinedZh.join('、') })}</div>}
                </>
              }
              extra={<Button size="small" color="danger" fill="outline" onClick={() => revoke(i)}>{t('oidc.revoke')}</Button>}
            >
              {i.name} {i.categoriesZh.map((c) => <Tag key={c} color="primary" fill="outline" style={{ marginLeft: 4 }}>{c}</Tag>)}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}

export const feature: Feature = {
  name: 'oidc',
  routes: [{ path: '/me/authorized-apps', tab: 'me', titleKey: 'oidc.title', back: true, render: () => <AuthorizedAppsPage /> }],
  meEntries: [{ key: 'oidc-apps', titleKey: 'oidc.title', path: '/me/authorized-apps', group: 'privacy', order: 40 }],
};
