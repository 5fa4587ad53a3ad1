// 二次核身 in the app: when the API answers step-up-required, the sheet sends a code to the bound mobile, checks it,
// and the original action is retried. Other features use it as
//   const r = await withStepUp(() => api.POST('/api/v1/…', { body }));   // retried once after a successful step-up
// and the feature's Overlay (StepUpHost) renders the sheet.
import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Input, Popup, Toast } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { FaceCapture, type LivenessCapture } from '../realname/FaceCapture.tsx';
import { problemName, problemTitle, useSession } from './session.ts';

type Pending = { resolve: (ok: boolean) => void } | null;
let pending: Pending = null;
const listeners = new Set<() => void>();
const setPending = (p: Pending) => {
  pending = p;
  for (const l of listeners) l();
};

/** Opens the step-up sheet; resolves true once this session holds a fresh proof, false if the holder cancels. */
export function requestStepUp(): Promise<boolean> {
  pending?.resolve(false);
  return new Promise((resolve) => setPending({ resolve }));
}

/** Runs an API call; if it answers step-up-required, asks for step-up and runs it once more. */
export async function withStepUp<R extends { error?: unknown }>(call: () => Promise<R>): Promise<R> {
  const first = await call();
  if (problemName(first.error) !== 'step-up-required') return first;
  if (!(await requestStepUp())) return first;
  return call();
}

export function StepUpHost() {
  const { t } = useTranslation();
  const open = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => pending,
  );
  const [challengeId, setChallengeId] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const { account } = useSession();
  const faceOffered = !!account?.stepUpMethods.includes('face');
  // Face step-up is the same liveness capture as face sign-in and real-name face verification (PP-1.5).
  const [faceMode, setFaceMode] = useState(false);
  const face = async (capture: LivenessCapture) => {
    setBusy(true);
    const { error } = await api.POST('/api/v1/identity/step-up', { body: { method: 'face', ...capture } });
    setBusy(false);
    if (error) Toast.show({ content: problemTitle(error, t('identity.failed')) });
    else close(true);
  };
  const close = (ok: boolean) => {
    open?.resolve(ok);
    setPending(null);
    setFaceMode(false);
    setChallengeId(null);
    setCode('');
  };
  const send = async () => {
    setBusy(true);
    const { data, error } = await api.POST('/api/v1/identity/step-up/code');
    setBusy(false);
    if (data) {
      setChallengeId(data.challengeId);
      Toast.show({ content: t('identity.codeSent') });
    } else Toast.show({ content: problemTitle(error, t('identity.failed')) });
  };
  const verify = async () => {
    if (!challengeId) return;
    setBusy(true);
    const { error } = await api.POST('/api/v1/identity/step-up', { body: { method: 'sms', challengeId, code } });
    setBusy(false);
    if (error) Toast.show({ content: problemTitle(error, t('identity.failed')) });
    else close(true);
  };
  return (
    <Popup visible={!!open} onMaskClick={() => close(false)} bodyStyle={{ borderTopLeftRadius: 8, borderTopRightRadius: 8, padding: 16 }}>
      <div data-testid="step-up-sheet">
        <h3 style={{ margin: '0 0 8px' }}>{t('identity.stepUpTitle')}</h3>
        <p className="note" style={{ textAlign: 'left' }}>{t('identity.stepUpHint')}</p>
        <Button block onClick={send} loading={busy && !challengeId} disabled={busy}>
          {challengeId ? t('identity.resend') : t('identity.sendCode')}
        </Button>
        <div style={{ margin: '12px 0', borderBottom: '1px solid #eee' }}>
          <Input placeholder={t('identity.code')} value={code} onChange={setCode} maxLength={6} inputMode="numeric" aria-label={t('identity.code')} />
        </div>
        <Button block color="primary" disabled={!challengeId || code.length !== 6 || busy} onClick={verify}>
          {t('identity.confirm')}
        </Button>
        {faceOffered && faceMode && open ? <FaceCapture onCapture={face} onCancel={() => setFaceMode(false)} /> : null}
        {faceOffered && !faceMode ? (
          <Button block style={{ marginTop: 8 }} onClick={() => setFaceMode(true)} data-testid="step-up-face">
            {t('identity.stepUpFace')}
          </Button>
        ) : null}
        <Button block fill="none" style={{ marginTop: 8 }} onClick={() => close(false)}>
          {t('identity.cancel')}
        </Button>
      </div>
    </Popup>
  );
}
