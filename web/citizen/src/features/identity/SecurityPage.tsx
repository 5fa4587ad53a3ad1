// 我的 → 账户与安全: signed-in devices (end any), sign-in history (PP-1.18), change password and mobile number — both
// behind step-up (withStepUp opens the sheet when the server answers step-up-required).
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, ErrorBlock, Form, Input, List, Tag, Toast } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { problemTitle, refreshSession, useSession } from './session.ts';
import { withStepUp } from './StepUpSheet.tsx';

type Sessions = NonNullable<Awaited<ReturnType<typeof loadSessions>>['data']>['items'];
type History = NonNullable<Awaited<ReturnType<typeof loadHistory>>['data']>['items'];
const loadSessions = () => api.GET('/api/v1/identity/sessions');
const loadHistory = () => api.GET('/api/v1/identity/login-history');

const when = (iso: string, lang: string) => new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });

function ChangePassword({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [newPassword, setNewPassword] = useState('');
  const submit = async () => {
    const { data, error } = await withStepUp(() => api.POST('/api/v1/identity/password', { body: { newPassword } }));
    if (data) {
      Toast.show({ content: t('identity.passwordChanged') });
      setNewPassword('');
      onDone();
    } else Toast.show({ content: problemTitle(error, t('identity.failed')) });
  };
  return (
    <Form layout="horizontal" footer={<Button block color="primary" disabled={!newPassword} onClick={submit} data-testid="change-password">{t('identity.changePassword')}</Button>}>
      <Form.Item label={t('identity.newPassword')} description={t('identity.passwordHint')}>
        <Input type="password" value={newPassword} onChange={setNewPassword} autoComplete="new-password" aria-label={t('identity.newPassword')} />
      </Form.Item>
    </Form>
  );
}

function ChangeMobile({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [mobile, setMobile] = useState('');
  const [code, setCode] = useState('');
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const send = async () => {
    const { data, error } = await withStepUp(() => api.POST('/api/v1/identity/mobile/code', { body: { mobile } }));
    if (data) {
      setChallengeId(data.challengeId);
      Toast.show({ content: t('identity.codeSent') });
    } else Toast.show({ content: problemTitle(error, t('identity.failed')) });
  };
  const submit = async () => {
    if (!challengeId) return;
    const { data, error } = await withStepUp(() => api.POST('/api/v1/identity/mobile', { body: { mobile, challengeId, code } }));
    if (data) {
      Toast.show({ content: t('identity.mobileChanged') });
      setMobile('');
      setCode('');
      setChallengeId(null);
      onDone();
    } else Toast.show({ content: problemTitle(error, t('identity.failed')) });
  };
  return (
    <Form layout="horizontal" footer={<Button block color="primary" disabled={!challengeId || code.length !== 6} onClick={submit}>{t('identity.changeMobile')}</Button>}>
      <Form.Item label={t('identity.newMobile')} extra={<Button size="small" fill="outline" color="primary" disabled={mobile.replace(/\D/g, '').length < 11} onClick={send}>{t('identity.sendCode')}</Button>}>
        <Input value={mobile} onChange={setMobile} inputMode="tel" aria-label={t('identity.newMobile')} />
      </Form.Item>
      <Form.Item label={t('identity.code')}>
        <Input value={code} onChange={setCode} maxLength={6} inputMode="numeric" aria-label={t('identity.code')} />
      </Form.Item>
    </Form>
  );
}

export function SecurityPage() {
  const { t, i18n } = useTranslation();
  const { account, loading } = useSession();
  const [sessions, setSessions] = useState<Sessions>([]);
  const [history, setHistory] = useState<History>([]);
  const reload = useCallback(() => {
    void loadSessions().then(({ data }) => setSessions(data?.items ?? []));
    void loadHistory().then(({ data }) => setHistory(data?.items ?? []));
  }, []);
  useEffect(() => {
    if (account) reload();
  }, [account, reload]);
  if (loading) return null;
  if (!account) {
    return (
      <div className="section">
        <ErrorBlock status="default" title={t('meGuest')} description={null} />
        <Button block color="primary" onClick={() => navigate('/login?next=/me/security')}>{t('identity.signIn')}</Button>
      </div>
    );
  }
  const end = async (id: string) => {
    if (!(await Dialog.confirm({ content: t('identity.endSession') + '?', confirmText: t('identity.confirm'), cancelText: t('identity.cancel') }))) return;
    const { error } = await api.DELETE('/api/v1/identity/sessions/{id}', { params: { path: { id } } });
    if (error) Toast.show({ content: problemTitle(error, t('identity.failed')) });
    else Toast.show({ content: t('identity.ended') });
    reload();
  };
  return (
    <>
      <List className="section" header={t('identity.securityTitle')}>
        <List.Item extra={account.accountName}>{t('identity.accountName')}</List.Item>
        <List.Item extra={account.mobileMasked}>{t('identity.mobileMasked')}</List.Item>
      </List>
      <List className="section" header={t('identity.sessions')} data-testid="sessions">
        {sessions.map((s) => (
          <List.Item
            key={s.id}
            description={`${s.city} · ${when(s.lastSeenAt, i18n.language)}`}
            extra={s.current ? <Tag color="primary">{t('identity.current')}</Tag> : <Button size="mini" onClick={() => void end(s.id)}>{t('identity.endSession')}</Button>}
          >
            {s.device}
          </List.Item>
        ))}
      </List>
      <div className="section">
        <h3 className="section-title">{t('identity.changePassword')}</h3>
        <ChangePassword onDone={reload} />
      </div>
      <div className="section">
        <h3 className="section-title">{t('identity.changeMobile')}</h3>
        <ChangeMobile onDone={() => void refreshSession()} />
      </div>
      <List className="section" header={t('identity.history')} data-testid="login-history">
        {history.map((e) => (
          <List.Item key={e.id} description={`${e.city} · ${e.device}`} extra={when(e.occurredAt, i18n.language)}>
            {t(`identity.method.${e.method}`)} · {t(`identity.outcome.${e.outcome}`)}
            {e.abnormal.length ? <Tag color="danger" style={{ marginLeft: 6 }}>{t('identity.abnormal')}</Tag> : null}
          </List.Item>
        ))}
      </List>
    </>
  );
}

export function NotMePage() {
  const { t } = useTranslation();
  const [state, setState] = useState<'ask' | 'done' | 'invalid'>('ask');
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const disown = async () => {
    const { data } = await api.POST('/api/v1/identity/not-me', { body: { token } });
    setState(data ? 'done' : 'invalid');
  };
  return (
    <div className="section">
      {state === 'ask' ? (
        <>
          <p>{t('identity.notMeIntro')}</p>
          <Button block color="danger" onClick={disown} disabled={token.length < 20}>{t('identity.notMeButton')}</Button>
        </>
      ) : state === 'done' ? (
        <>
          <p>{t('identity.notMeDone')}</p>
          <Button block color="primary" onClick={() => navigate('/password-reset')}>{t('identity.resetTitle')}</Button>
        </>
      ) : (
        <ErrorBlock status="default" title={t('identity.linkInvalid')} description={null} />
      )}
    </div>
  );
}
