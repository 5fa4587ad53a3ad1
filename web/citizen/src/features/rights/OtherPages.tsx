// 谁使用了我的数据, 账号注销 (PP-4.5, two modes with what each deletes and keeps), APP功能反馈 (PP-7.1).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, List, Radio, SpinLoading, Tag, TextArea, Toast } from 'antd-mobile';
import { navigate } from '../../../../shared/router.ts';
import { refreshSession, withStepUp } from '../identity/index.tsx';
import { rightsApi, type Feedback, type Statement, type Usage } from './api.ts';

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function UsagePage() {
  const { t } = useTranslation();
  const [u, setU] = useState<Usage | null>(null);
  useEffect(() => void rightsApi.usage().then((r) => setU(r.data ?? null)), []);
  if (!u) return <div className="section"><SpinLoading /></div>;
  return (
    <div data-testid="rights-usage">
      <div className="section">{t('rights.usageIntro')}</div>
      <List header={t('rights.provisions')}>
        {u.provisions.length === 0 && <List.Item>{t('rights.none')}</List.Item>}
        {u.provisions.map((p, i) => (
          <List.Item key={i} description={`${p.purpose} · ${p.elements.join('、')} · ${p.basis}`}>
            {when(p.at)} <Tag color={p.direction === 'inbound' ? 'success' : 'primary'} fill="outline">{t(p.direction === 'inbound' ? 'rights.receivedFrom' : 'rights.providedTo')}</Tag> {p.partner}
          </List.Item>
        ))}
      </List>
      <List header={t('rights.accesses')}>
        {u.accesses.length === 0 && <List.Item>{t('rights.none')}</List.Item>}
        {u.accesses.map((a, i) => <List.Item key={i} description={`${a.purpose ?? ''} · ${a.elements.join('、')}`}>{when(a.at)} {a.department ?? ''} {a.roles.join('、')}</List.Item>)}
      </List>
    </div>
  );
}

export function CancelPage() {
  const { t } = useTranslation();
  const [st, setSt] = useState<Statement | null>(null);
  const [mode, setMode] = useState<'app' | 'identity'>('app');
  const [done, setDone] = useState(false);
  useEffect(() => void rightsApi.statement().then((r) => setSt(r.data ?? null)), []);
  if (!st) return <div className="section"><SpinLoading /></div>;
  const s = st[mode];
  const go = async () => {
    if (!(await Dialog.confirm({ content: t(mode === 'app' ? 'rights.modeAppNote' : 'rights.modeIdentityNote') }))) return;
    const r = await withStepUp(() => rightsApi.cancel(mode));
    if (r.error) return void Toast.show({ content: t('rights.failed') });
    setDone(true);
    await refreshSession();
    if (mode === 'identity') navigate('/me', { replace: true });
  };
  if (done) return <div className="section" data-testid="rights-cancelled">{t('rights.cancelled')}</div>;
  return (
    <div data-testid="rights-cancel">
      <div className="section">{t('rights.cancelIntro')}</div>
      <Radio.Group value={mode} onChange={(v) => setMode(v as 'app' | 'identity')}>
        <List>
          <List.Item description={t('rights.modeAppNote')}><Radio value="app" data-testid="rights-mode-app">{t('rights.modeApp')}</Radio></List.Item>
          <List.Item description={t('rights.modeIdentityNote')}><Radio value="identity" data-testid="rights-mode-identity">{t('rights.modeIdentity')}</Radio></List.Item>
        </List>
      </Radio.Group>
      <List header={t('rights.deletes')}><List.Item>{s.deletes.join('、')}</List.Item></List>
      <List header={t('rights.keeps')}>
        {s.keeps.map((k, i) => <List.Item key={i} description={`${k.law} · ${k.until}`}>{k.name}：{k.reason}</List.Item>)}
      </List>
      <div className="section"><Button block color="danger" onClick={go} data-testid="rights-cancel-confirm">{t('rights.cancelConfirm')}</Button></div>
    </div>
  );
}

export function FeedbackPage() {
  const { t } = useTranslation();
  const [list, setList] = useState<Feedback[]>([]);
  const [text, setText] = useState('');
  const [shot, setShot] = useState<string | null>(null);
  const load = async () => setList((await rightsApi.feedback()).data?.feedback ?? []);
  useEffect(() => void load(), []);
  const pick = (file: File | undefined) => {
    if (!file) return;
    const r = new FileReader();
    r.onload = () => setShot(String(r.result).replace(/^data:[^,]*,/, ''));
    r.readAsDataURL(file);
  };
  const send = async () => {
    const { error } = await rightsApi.sendFeedback(text, shot);
    Toast.show({ content: error ? t('rights.failed') : t('rights.sent') });
    if (!error) {
      setText('');
      setShot(null);
      await load();
    }
  };
  return (
    <div data-testid="rights-feedback">
      <div className="section">{t('rights.feedbackIntro')}</div>
      <div className="section">
        <TextArea placeholder={t('rights.feedbackText')} value={text} onChange={setText} maxLength={2000} rows={4} />
        <label>{t('rights.screenshot')} <input type="file" accept="image/*" onChange={(e) => pick(e.target.files?.[0])} /></label>
        <Button block color="primary" disabled={!text.trim()} onClick={send}>{t('rights.send')}</Button>
      </div>
      <List>
        {list.map((f) => (
          <List.Item key={f.id} description={f.reply ? `${t('rights.reply')}：${f.reply}` : t('rights.replyDue', { date: f.clock.dueDate })}>
            {f.text} {f.reply ? <Tag color="success">{t('rights.reply')}</Tag> : null}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
