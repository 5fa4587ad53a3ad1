// 我要反映 / 写信: type, title, description, photos (camera/album only after the photo purpose's consent, PP-1.13),
// an optional address (only after the location purpose's separate consent, PP-1.12), identity confidentiality.
// The server refuses emergencies with the numbers to call; the page shows them as call buttons.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Dialog, Form, Input, Selector, TextArea, Toast } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { ensureConsent, isConsentRequired } from '../privacy/index.tsx';
import './strings.ts';

type Types = { code: string; nameZh: string }[];

export function SubmitPage({ letter = false }: { letter?: boolean }) {
  const { t } = useTranslation();
  const [types, setTypes] = useState<Types>([]);
  const [mailboxes, setMailboxes] = useState<{ id: string; nameZh: string }[]>([]);
  const [type, setType] = useState('complaint');
  const [recipient, setRecipient] = useState('mayor');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [mobile, setMobile] = useState('');
  const [address, setAddress] = useState<string | null>(null);
  const [confidential, setConfidential] = useState(false);
  const [publish, setPublish] = useState(false);
  const [photos, setPhotos] = useState<{ id: string; url: string }[]>([]);
  const [voice, setVoice] = useState<{ id: string; seconds: number | null } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void api.GET('/api/v1/hotline/types').then(({ data }) => {
      if (data) {
        setTypes(data.types);
        setMailboxes(data.mailboxes);
      }
    });
  }, []);

  async function addPhoto() {
    if (photos.length >= 9) return;
    // the file picker (album, or the camera through `capture`) needs no browser permission beyond the purpose consent
    if (!(await ensureConsent('photo-camera', { permission: 'photos', degradedZh: t('hotline.photoDenied') }))) return;
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'image/jpeg,image/png,image/webp,image/heic';
    input.setAttribute('capture', 'environment');
    input.onchange = async () => {
      const file = input.files?.[0];
      if (!file) return;
      // the raw bytes as the body: the server sniffs the type, re-encodes and strips EXIF/GPS (PP-1.13)
      const res = await api.POST('/api/v1/hotline/attachments', {
        params: { query: { kind: 'photo' } },
        body: file as never,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { 'content-type': 'application/octet-stream' },
      });
      if (!res.data) return void Toast.show({ content: (res as { error?: { title?: string } }).error?.title ?? '' });
      const id = res.data.id;
      setPhotos((p) => [...p, { id, url: URL.createObjectURL(file) }]);
    };
    input.click();
  }

  /** A voice note (PP-1.14): only after the voice purpose's consent; picked as a file (the recorder app records it). */
  async function addVoice() {
    if (voice) return;
    if (!(await ensureConsent('voice', { degradedZh: t('hotline.voiceDenied') }))) return;
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = 'audio/*';
    input.onchange = async () => {
      const file = input.files?.[0];
      if (!file) return;
      const res = await api.POST('/api/v1/hotline/attachments', {
        params: { query: { kind: 'voice' } },
        body: file as never,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { 'content-type': 'application/octet-stream' },
      });
      if (!res.data) return void Toast.show({ content: (res as { error?: { title?: string } }).error?.title ?? '' });
      setVoice({ id: res.data.id, seconds: res.data.durationSeconds });
    };
    input.click();
  }

  async function addLocation() {
    if (!(await ensureConsent('location-services', { degradedZh: t('hotline.locationDenied') }))) return;
    setAddress('');
  }

  async function submit() {
    setBusy(true);
    try {
      const base = {
        type: type as 'complaint',
        title,
        description,
        attachmentIds: [...photos.map((p) => p.id), ...(voice ? [voice.id] : [])],
        confidential,
        ...(address ? { location: { address } } : {}),
        ...(mobile ? { contact: { mobile } } : {}),
      };
      const res = letter
        ? await api.POST('/api/v1/hotline/letters', { body: { ...base, recipient, publish } })
        : await api.POST('/api/v1/hotline/requests', { body: base });
      if (res.data) {
        Toast.show({ content: t('hotline.sent', { no: res.data.trackingNo }) });
        navigate(`/hotline/requests/${res.data.id}`);
        return;
      }
      const problem = res.error as { title?: string; type?: string; emergencyNumbers?: { number: string; nameZh: string }[]; purpose?: string };
      if (problem?.emergencyNumbers) {
        await Dialog.alert({
          title: t('hotline.emergency'),
          content: (
            <div>
              <p>{problem.title}</p>
              {problem.emergencyNumbers.map((n) => (
                <Button key={n.number} block color="danger" style={{ marginTop: 8 }} onClick={() => {
                  window.location.href = `tel:${n.number}`;
                }}>
                  {n.number} {n.nameZh}
                </Button>
              ))}
            </div>
          ),
        });
      } else if (isConsentRequired(problem)) {
        await ensureConsent(problem.purpose);
      } else Toast.show({ content: problem?.title ?? 'error' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form layout="vertical" footer={<Button block color="primary" loading={busy} disabled={title.length < 2 || description.length < 5} onClick={submit}>{t('hotline.send')}</Button>}>
      {letter && (
        <Form.Item label={t('hotline.recipient')}>
          <Selector columns={2} options={mailboxes.map((m) => ({ label: m.nameZh, value: m.id }))} value={[recipient]} onChange={(v) => v[0] && setRecipient(v[0])} />
        </Form.Item>
      )}
      <Form.Item label={t('hotline.type')}>
        <Selector columns={3} options={types.map((x) => ({ label: x.nameZh, value: x.code }))} value={[type]} onChange={(v) => v[0] && setType(v[0])} />
      </Form.Item>
      <Form.Item label={t('hotline.subject')}>
        <Input placeholder={t('hotline.subject')} value={title} onChange={setTitle} maxLength={100} />
      </Form.Item>
      <Form.Item label={t('hotline.description')}>
        <TextArea placeholder={t('hotline.description')} value={description} onChange={setDescription} maxLength={4000} rows={5} showCount />
      </Form.Item>
      <Form.Item label={t('hotline.photos')}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          {photos.map((p) => (
            <img key={p.id} src={p.url} alt="" data-testid="hotline-photo" style={{ width: 64, height: 64, objectFit: 'cover' }} />
          ))}
          {photos.length < 9 && <Button size="small" onClick={addPhoto} data-testid="hotline-add-photo">{t('hotline.addPhoto')}</Button>}
        </div>
      </Form.Item>
      <Form.Item label={t('hotline.voice')}>
        {voice ? <span>🎙 {voice.seconds !== null ? `${Math.round(voice.seconds)}″` : '✓'}</span> : <Button size="small" onClick={addVoice}>{t('hotline.addVoice')}</Button>}
      </Form.Item>
      <Form.Item label={t('hotline.location')}>
        {address === null ? <Button size="small" onClick={addLocation}>{t('hotline.useLocation')}</Button> : <Input placeholder={t('hotline.address')} value={address} onChange={setAddress} />}
      </Form.Item>
      <Form.Item label={t('hotline.mobile')}>
        <Input placeholder={t('hotline.mobile')} value={mobile} onChange={setMobile} type="tel" maxLength={11} />
      </Form.Item>
      <Form.Item>
        <Checkbox checked={confidential} onChange={setConfidential}>{t('hotline.confidential')}</Checkbox>
      </Form.Item>
      {letter && (
        <Form.Item>
          <Checkbox checked={publish} onChange={setPublish}>{t('hotline.publish')}</Checkbox>
        </Form.Item>
      )}
    </Form>
  );
}
