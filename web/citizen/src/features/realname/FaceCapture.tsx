// Liveness capture in the browser (PP-1.5), the one component behind all three face checks: real-name face
// verification, face sign-in and face step-up (二次核身). It first asks the face service for an action challenge
// (眨眨眼 / 张张嘴 / 缓慢摇头 in a random order, one use, two minutes), opens the camera only then — after the consent,
// where one is needed — prompts each action in the challenge's order, takes one JPEG still after each, closes the
// camera and hands { challengeId, frames } to the caller once. The stills are sent once, for the provider call, and
// dropped here right after; nothing keeps them.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorBlock, ProgressBar } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { problemText, type Problem } from './store.ts';

export type LivenessAction = 'blink' | 'mouth' | 'shake';
export interface LivenessCapture {
  challengeId: string;
  frames: string[];
}

const ACTION_MS = 1500;

export function FaceCapture({
  onCapture,
  onCancel,
  startLabel,
}: {
  /** sends the capture; when it resolves the component is ready for another try (a refusal needs a new challenge) */
  onCapture(capture: LivenessCapture): Promise<void>;
  onCancel(): void;
  startLabel?: string;
}) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const mounted = useRef(true);
  const [actions, setActions] = useState<LivenessAction[]>([]);
  const [step, setStep] = useState<number>(-1); // -1 ready, 0..n-1 action, n done
  const [error, setError] = useState<string | null>(null);

  const stop = () => {
    stream.current?.getTracks().forEach((tr) => tr.stop());
    stream.current = null;
  };
  useEffect(() => {
    mounted.current = true; // again after StrictMode's trial unmount
    return () => {
      mounted.current = false;
      stop();
    };
  }, []);

  const still = (): string => {
    const v = video.current!;
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = Math.round((320 * (v.videoHeight || 240)) / (v.videoWidth || 320));
    canvas.getContext('2d')!.drawImage(v, 0, 0, canvas.width, canvas.height);
    return canvas.toDataURL('image/jpeg', 0.85);
  };

  const start = async () => {
    if (!navigator.mediaDevices?.getUserMedia) {
      setError(t('realname.camera.unsupported'));
      return;
    }
    // The challenge first: the prompts come from the face service, not from the app (a replayed recording of an
    // earlier capture answers an earlier challenge and is refused).
    const { data: challenge, error: challengeError } = await api.POST('/api/v1/realname/liveness-challenge');
    if (!challenge) {
      setError(problemText(challengeError as Problem | undefined, t('realname.camera.unavailable')));
      return;
    }
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: 640, height: 480 }, audio: false });
    } catch {
      setError(t('realname.camera.denied'));
      return;
    }
    const v = video.current!;
    v.srcObject = stream.current;
    await v.play();
    setActions(challenge.actions);
    const frames: string[] = [];
    for (let i = 0; i < challenge.actions.length; i++) {
      setStep(i);
      await new Promise((r) => setTimeout(r, ACTION_MS));
      frames.push(still());
    }
    setStep(challenge.actions.length);
    stop();
    try {
      await onCapture({ challengeId: challenge.challengeId, frames });
    } finally {
      frames.length = 0;
      if (mounted.current) setStep(-1);
    }
  };

  if (error) {
    return (
      <>
        <ErrorBlock status="default" title={error} description={null} />
        <Button block onClick={onCancel}>
          {t('back')}
        </Button>
      </>
    );
  }
  const n = actions.length;
  const prompt = step < 0 ? t('realname.camera.intro') : step < n ? t(`realname.camera.${actions[step]}`) : t('realname.camera.done');
  return (
    <div style={{ textAlign: 'center' }} data-testid="face-capture">
      <div style={{ width: 240, height: 240, margin: '8px auto', borderRadius: '50%', overflow: 'hidden', background: '#222' }}>
        <video ref={video} muted playsInline style={{ width: '100%', height: '100%', objectFit: 'cover', transform: 'scaleX(-1)' }} data-testid="rn-video" />
      </div>
      <p style={{ fontSize: 18, fontWeight: 600 }} data-testid="rn-prompt" data-step={step} data-action={step >= 0 && step < n ? actions[step] : undefined}>
        {prompt}
      </p>
      {step >= 0 && <ProgressBar percent={Math.round((Math.min(step, n) / Math.max(n, 1)) * 100)} />}
      {step < 0 && (
        <>
          <Button block color="primary" onClick={() => void start()} data-testid="rn-start-camera" style={{ marginTop: 12 }}>
            {startLabel ?? t('realname.camera.start')}
          </Button>
          <Button block fill="none" onClick={onCancel} style={{ marginTop: 8 }}>
            {t('back')}
          </Button>
        </>
      )}
    </div>
  );
}
