// The three verification routes: ID check, bank card (forms), and face (form → consent → camera → submit). Each asks
// for its own purpose's separate consent before anything is sent (LAW-1), and shows the server's precise message.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Form, Input, Checkbox, NoticeBar } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { FaceCapture, type LivenessCapture } from './FaceCapture.tsx';
import { problemName, setResult, type Problem, type RealnamePurpose } from './store.ts';
import { useConsentGate } from './useConsentGate.tsx';

type Call = () => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** Consent first; on `consent-required` from the server (withdrawn meanwhile) ask again once; then the result page. */
async function submit(ask: (p: RealnamePurpose, force?: boolean) => Promise<boolean>, purpose: RealnamePurpose, call: Call, retryPath: string) {
  if (!(await ask(purpose))) return false;
  let r = await call();
  if (!r.data && problemName(r.error as Problem) === 'consent-required') {
    if (!(await ask(purpose, true))) return false;
    r = await call();
  }
  if (r.data) setResult({ ok: true, status: r.data as any });
  else setResult({ ok: false, problem: (r.error as Problem) ?? { status: r.response.status }, retryPath });
  navigate('/me/realname/result');
  return true;
}

function IdentityFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="realName" label={t('realname.name')} rules={[{ required: true }]}>
        <Input placeholder={t('realname.namePh')} data-testid="rn-name" autoComplete="name" />
      </Form.Item>
      <Form.Item name="idNumber" label={t('realname.idNumber')} rules={[{ required: true }]}>
        <Input placeholder={t('realname.idPh')} data-testid="rn-id" maxLength={18} autoComplete="off" />
      </Form.Item>
    </>
  );
}

export function IdCheckPage() {
  const { t } = useTranslation();
  const [sheet, ask] = useConsentGate();
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: { realName: string; idNumber: string }) => {
    setBusy(true);
    try {
      await submit(ask, 'real-name-face', () => api.POST('/api/v1/realname/id-check', { body: v }), '/me/realname/id');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="section">
      <Form layout="vertical" onFinish={(v) => void onFinish(v)} footer={<Button block type="submit" color="primary" loading={busy} data-testid="rn-submit">{t('realname.submit')}</Button>}>
        <IdentityFields />
      </Form>
      {sheet}
    </div>
  );
}

export function CardPage() {
  const { t } = useTranslation();
  const [sheet, ask] = useConsentGate();
  const [busy, setBusy] = useState(false);
  const onFinish = async (v: { realName: string; idNumber: string; cardNumber: string; mobile: string }) => {
    setBusy(true);
    try {
      await submit(ask, 'real-name-bank-card', () => api.POST('/api/v1/realname/bank-card', { body: v }), '/me/realname/card');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="section">
      <Form layout="vertical" onFinish={(v) => void onFinish(v)} footer={<Button block type="submit" color="primary" loading={busy} data-testid="rn-submit">{t('realname.submit')}</Button>}>
        <IdentityFields />
        <Form.Item name="cardNumber" label={t('realname.cardNumber')} rules={[{ required: true }]}>
          <Input placeholder={t('realname.cardPh')} data-testid="rn-card" inputMode="numeric" autoComplete="off" />
        </Form.Item>
        <Form.Item name="mobile" label={t('realname.mobile')} rules={[{ required: true }]}>
          <Input placeholder={t('realname.mobilePh')} data-testid="rn-mobile" inputMode="tel" autoComplete="off" />
        </Form.Item>
      </Form>
      {sheet}
    </div>
  );
}

export function FacePage() {
  const { t } = useTranslation();
  const [sheet, ask] = useConsentGate();
  const [identity, setIdentity] = useState<{ realName: string; idNumber: string } | null>(null);
  const [enableFaceLogin, setEnableFaceLogin] = useState(true);
  const [capturing, setCapturing] = useState(false);
  // Step 1: the form; step 2: the consent (before the camera); step 3: the capture; step 4: submit.
  const onFinish = async (v: { realName: string; idNumber: string }) => {
    if (!(await ask('real-name-face'))) return;
    setIdentity(v);
    setCapturing(true);
  };
  const onCapture = async (capture: LivenessCapture) => {
    const body = { ...identity!, ...capture, enableFaceLogin };
    await submit(ask, 'real-name-face', () => api.POST('/api/v1/realname/face', { body }), '/me/realname/face');
  };
  return (
    <div className="section">
      {capturing ? (
        <FaceCapture onCapture={onCapture} onCancel={() => setCapturing(false)} />
      ) : (
        <>
          <NoticeBar content={t('realname.camera.intro')} wrap color="info" />
          <Form layout="vertical" onFinish={(v) => void onFinish(v)} footer={<Button block type="submit" color="primary" data-testid="rn-next">{t('realname.next')}</Button>}>
            <IdentityFields />
            <Form.Item>
              <Checkbox checked={enableFaceLogin} onChange={setEnableFaceLogin} data-testid="rn-face-login">
                {t('realname.enableFaceLogin')}
              </Checkbox>
            </Form.Item>
          </Form>
        </>
      )}
      {sheet}
    </div>
  );
}
