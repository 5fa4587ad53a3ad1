// Liveness capture in the browser (PP-1.5): the camera is opened only here, after the consent, and closed as soon as
// the three prompted actions (眨眼 / 张嘴 / 摇头) each gave one JPEG still. The stills go to the server once, for the
// provider call, and are not kept anywhere (the component drops them after sending).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ErrorBlock, ProgressBar } from 'antd-mobile';

const ACTIONS = ['blink', 'mouth', 'shake'] as const;
const ACTION_MS = 1500;

export function FaceCapture({ onFrames, onCancel }: { onFrames(frames: string[]): Promise<void>; onCancel(): void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [step, setStep] = useState<number>(-1); // -1 ready, 0..2 action, 3 done
  const [error, setError] = useState<string | null>(null);

  const stop = () => {
    stream.current?.getTracks().forEach((tr) => tr.stop());
    stream.current = null;
  };
  useEffect(() => stop, []);

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
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: 640, height: 480 }, audio: false });
    } catch {
      setError(t('realname.camera.denied'));
      return;
    }
    const v = video.current!;
    v.srcObject = stream.current;
    await v.play();
    const frames: string[] = [];
    for (let i = 0; i < ACTIONS.length; i++) {
      setStep(i);
      await new Promise((r) => setTimeout(r, ACTION_MS));
      frames.push(still());
    }
    setStep(ACTIONS.length);
    stop();
    await onFrames(frames);
    frames.length = 0;
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
  const prompt = step < 0 ? t('realname.camera.intro') : step < ACTIONS.length ? t(`realname.camera.${ACTIONS[step]}`) : t('realname.camera.done');
  return (
    <div style={{ textAlign: 'center' }}>
      <div style={{ width: 240, height: 240, margin: '8px auto', borderRadius: '50%', overflow: 'hidden', background: '#222' }}>
        <video ref={video} muted playsInline style={{ width: '100%', height: '100%', objectFit: 'cover', transform: 'scaleX(-1)' }} data-testid="rn-video" />
      </div>
      <p style={{ fontSize: 18, fontWeight: 600 }} data-testid="rn-prompt" data-step={step}>
        {prompt}
      </p>
      {step >= 0 && <ProgressBar percent={Math.round((Math.min(step, ACTIONS.length) / ACTIONS.length) * 100)} />}
      {step < 0 && (
        <Button block color="primary" onClick={() => void start()} data-testid="rn-start-camera" style={{ marginTop: 12 }}>
          {t('realname.camera.start')}
        </Button>
      )}
    </div>
  );
}
