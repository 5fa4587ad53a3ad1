// 登录 (password / SMS code / face), 注册 (PP-1.2: account name, mobile verified by code, password — nothing else) and
// 重设密码 (SMS code; also the way back after 这不是我).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Form, Input, Tabs, Toast } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate, queryParam } from '../../../../shared/router.ts';
import { FaceCapture, type LivenessCapture } from '../realname/FaceCapture.tsx';
import { CodeButton, DeviceConsent } from './parts.tsx';
import { problemName, problemTitle, rememberedDeviceConsent, signedIn, useSession, type Account } from './session.ts';

function afterSignIn(account: Account | undefined) {
  if (!account) return;
  // features that cache per-person state re-read it as the account's on this change (onSessionChange): the privacy
  // store drops the device's consents and carries the device's policy acceptance over (PP-0.1); no page reload
  signedIn(account);
  const next = queryParam('next');
  navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/me', { replace: true });
}

function PasswordTab() {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [deviceConsent, setDeviceConsent] = useState(rememberedDeviceConsent());
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    const { data, error } = await api.POST('/api/v1/identity/login/password', { body: { login, password, deviceConsent } });
    setBusy(false);
    if (data) afterSignIn(data.account);
    else Toast.show({ content: problemTitle(error, t('identity.failed')), duration: problemName(error) === 'account-locked' ? 4000 : 2000 });
  };
  return (
    <Form layout="horizontal" footer={<Button block color="primary" loading={busy} disabled={!login || !password} onClick={submit} data-testid="login-submit">{t('identity.submitLogin')}</Button>}>
      <Form.Item label={t('identity.login')}>
        <Input value={login} onChange={setLogin} autoComplete="username" aria-label={t('identity.login')} clearable />
      </Form.Item>
      <Form.Item label={t('identity.password')}>
        <Input type="password" value={password} onChange={setPassword} autoComplete="current-password" aria-label={t('identity.password')} />
      </Form.Item>
      <DeviceConsent value={deviceConsent} onChange={setDeviceConsent} />
    </Form>
  );
}

function SmsTab() {
  const { t } = useTranslation();
  const [mobile, setMobile] = useState('');
  const [code, setCode] = useState('');
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const [deviceConsent, setDeviceConsent] = useState(rememberedDeviceConsent());
  const submit = async () => {
    if (!challengeId) return;
    const { data, error } = await api.POST('/api/v1/identity/login/code', { body: { mobile, challengeId, code, deviceConsent } });
    if (data) afterSignIn(data.account);
    else Toast.show({ content: problemTitle(error, t('identity.failed')) });
  };
  return (
    <Form layout="horizontal" footer={<Button block color="primary" disabled={!challengeId || code.length !== 6} onClick={submit}>{t('identity.submitLogin')}</Button>}>
      <Form.Item label={t('identity.mobile')} extra={<CodeButton mobile={mobile} purpose="login" onIssued={setChallengeId} />}>
        <Input value={mobile} onChange={setMobile} inputMode="tel" autoComplete="tel" aria-label={t('identity.mobile')} />
      </Form.Item>
      <Form.Item label={t('identity.code')}>
        <Input value={code} onChange={setCode} maxLength={6} inputMode="numeric" autoComplete="one-time-code" aria-label={t('identity.code')} />
      </Form.Item>
      <DeviceConsent value={deviceConsent} onChange={setDeviceConsent} />
    </Form>
  );
}

// Face sign-in is a liveness capture (the same component as real-name face verification): an action challenge, the
// camera, one still per prompted action — never an uploaded photo (PP-1.5).
function FaceTab() {
  const { t } = useTranslation();
  const [login, setLogin] = useState('');
  const [capturing, setCapturing] = useState(false);
  const onCapture = async (capture: LivenessCapture) => {
    const { data, error } = await api.POST('/api/v1/identity/login/face', { body: { login, ...capture, deviceConsent: rememberedDeviceConsent() } });
    if (data) afterSignIn(data.account);
    else Toast.show({ content: problemTitle(error, t('identity.failed')) });
  };
  if (capturing) return <FaceCapture onCapture={onCapture} onCancel={() => setCapturing(false)} startLabel={t('identity.faceCapture')} />;
  return (
    <Form layout="horizontal">
      <Form.Item label={t('identity.login')}>
        <Input value={login} onChange={setLogin} aria-label={t('identity.login')} data-testid="face-login-name" />
      </Form.Item>
      <p className="note">{t('identity.faceNote')}</p>
      <Button block color="primary" disabled={!login} onClick={() => setCapturing(true)} data-testid="face-login-next">
        {t('identity.faceNext')}
      </Button>
    </Form>
  );
}

export function LoginPage() {
  const { t } = useTranslation();
  const { faceLogin } = useSession();
  return (
    <div className="section">
      <Tabs defaultActiveKey="password">
        <Tabs.Tab title={t('identity.tabPassword')} key="password">
          <PasswordTab />
        </Tabs.Tab>
        <Tabs.Tab title={t('identity.tabSms')} key="sms">
          <SmsTab />
        </Tabs.Tab>
        {faceLogin ? (
          <Tabs.Tab title={t('identity.tabFace')} key="face">
            <FaceTab />
          </Tabs.Tab>
        ) : null}
      </Tabs>
      <div className="links">
        <a href="/register" onClick={(e) => (e.preventDefault(), navigate('/register'))}>{t('identity.toRegister')}</a>
        {' · '}
        <a href="/password-reset" onClick={(e) => (e.preventDefault(), navigate('/password-reset'))}>{t('identity.forgot')}</a>
      </div>
    </div>
  );
}

export function RegisterPage() {
  const { t } = useTranslation();
  const [accountName, setAccountName] = useState('');
  const [mobile, setMobile] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const [deviceConsent, setDeviceConsent] = useState(rememberedDeviceConsent());
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!challengeId) return;
    setBusy(true);
    const { data, error } = await api.POST('/api/v1/identity/register', { body: { accountName, mobile, password, challengeId, code, deviceConsent } });
    setBusy(false);
    if (data) afterSignIn(data.account);
    else Toast.show({ content: problemTitle(error, t('identity.failed')) });
  };
  return (
    <div className="section">
      <p className="note" style={{ textAlign: 'left' }}>{t('identity.registerNote')}</p>
      <Form
        layout="horizontal"
        footer={<Button block color="primary" loading={busy} disabled={!accountName || !password || !challengeId || code.length !== 6} onClick={submit} data-testid="register-submit">{t('identity.submitRegister')}</Button>}
      >
        <Form.Item label={t('identity.accountName')}>
          <Input value={accountName} onChange={setAccountName} autoComplete="username" aria-label={t('identity.accountName')} />
        </Form.Item>
        <Form.Item label={t('identity.mobile')} extra={<CodeButton mobile={mobile} purpose="registration" onIssued={setChallengeId} />}>
          <Input value={mobile} onChange={setMobile} inputMode="tel" autoComplete="tel" aria-label={t('identity.mobile')} />
        </Form.Item>
        <Form.Item label={t('identity.code')}>
          <Input value={code} onChange={setCode} maxLength={6} inputMode="numeric" autoComplete="one-time-code" aria-label={t('identity.code')} />
        </Form.Item>
        <Form.Item label={t('identity.password')} description={t('identity.passwordHint')}>
          <Input type="password" value={password} onChange={setPassword} autoComplete="new-password" aria-label={t('identity.password')} />
        </Form.Item>
        <DeviceConsent value={deviceConsent} onChange={setDeviceConsent} />
      </Form>
      <div className="links">
        <a href="/login" onClick={(e) => (e.preventDefault(), navigate('/login'))}>{t('identity.toLogin')}</a>
      </div>
    </div>
  );
}

export function ResetPage() {
  const { t } = useTranslation();
  const [mobile, setMobile] = useState('');
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const submit = async () => {
    if (!challengeId) return;
    const { data, error } = await api.POST('/api/v1/identity/password/reset', { body: { mobile, challengeId, code, newPassword, deviceConsent: rememberedDeviceConsent() } });
    if (data) afterSignIn(data.account);
    else Toast.show({ content: problemTitle(error, t('identity.failed')) });
  };
  return (
    <div className="section">
      <Form layout="horizontal" footer={<Button block color="primary" disabled={!challengeId || code.length !== 6 || !newPassword} onClick={submit}>{t('identity.submitReset')}</Button>}>
        <Form.Item label={t('identity.mobile')} extra={<CodeButton mobile={mobile} purpose="reset" onIssued={setChallengeId} />}>
          <Input value={mobile} onChange={setMobile} inputMode="tel" aria-label={t('identity.mobile')} />
        </Form.Item>
        <Form.Item label={t('identity.code')}>
          <Input value={code} onChange={setCode} maxLength={6} inputMode="numeric" aria-label={t('identity.code')} />
        </Form.Item>
        <Form.Item label={t('identity.newPassword')} description={t('identity.passwordHint')}>
          <Input type="password" value={newPassword} onChange={setNewPassword} autoComplete="new-password" aria-label={t('identity.newPassword')} />
        </Form.Item>
      </Form>
    </div>
  );
}
