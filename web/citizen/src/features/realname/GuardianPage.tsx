// Guardian linking (PP-5.1, LAW-2): a minor's account creates a one-time code; a real-name-verified adult enters it on
// their own account, then sees and manages the child's consents purpose by purpose.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Form, Input, List, Radio, Switch, Toast } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { problemText, type Problem } from './store.ts';

type Wards = NonNullable<Awaited<ReturnType<typeof loadWards>>['data']>['items'];
type Guardians = NonNullable<Awaited<ReturnType<typeof loadGuardians>>['data']>['items'];
const loadWards = () => api.GET('/api/v1/realname/wards');
const loadGuardians = () => api.GET('/api/v1/realname/guardians');

function WardConsents({ minorAccountId }: { minorAccountId: string }) {
  const { t } = useTranslation();
  const [items, setItems] = useState<{ purposeId: string; purposeZh: string; effective: boolean }[]>([]);
  const load = () =>
    api.GET('/api/v1/realname/wards/{minorAccountId}/consents', { params: { path: { minorAccountId } } }).then(({ data }) => setItems(data?.items ?? []));
  useEffect(() => {
    void load();
  }, [minorAccountId]);
  const toggle = async (purposeId: string, on: boolean) => {
    const { error } = on
      ? await api.POST('/api/v1/realname/wards/{minorAccountId}/consents', { params: { path: { minorAccountId } }, body: { purposeId } })
      : await api.DELETE('/api/v1/realname/wards/{minorAccountId}/consents/{purposeId}', { params: { path: { minorAccountId, purposeId } } });
    if (error) Toast.show({ content: problemText(error as Problem, t('realname.error')) });
    await load();
  };
  return (
    <List header={t('realname.guardian.consents')}>
      {items.map((i) => (
        <List.Item key={i.purposeId} extra={<Switch checked={i.effective} onChange={(on) => void toggle(i.purposeId, on)} data-testid={`ward-consent-${i.purposeId}`} />}>
          {i.purposeZh}
        </List.Item>
      ))}
    </List>
  );
}

export function GuardianPage() {
  const { t } = useTranslation();
  const [code, setCode] = useState<{ code: string; expiresAt: string } | null>(null);
  const [wards, setWards] = useState<Wards>([]);
  const [guardians, setGuardians] = useState<Guardians>([]);
  const [open, setOpen] = useState<string | null>(null);
  const reload = () => {
    void loadWards().then(({ data }) => setWards(data?.items ?? []));
    void loadGuardians().then(({ data }) => setGuardians(data?.items ?? []));
  };
  useEffect(reload, []);
  const makeCode = async () => {
    const { data, error } = await api.POST('/api/v1/realname/guardian-invitations');
    if (data) setCode(data);
    else Toast.show({ content: problemText(error as Problem, t('realname.error')) });
  };
  const link = async (v: { code: string; relation: 'parent' | 'guardian' }) => {
    const { data, error } = await api.POST('/api/v1/realname/wards', { body: { code: v.code, relation: v.relation ?? 'parent' } });
    Toast.show({ content: data ? t('realname.guardian.linked') : problemText(error as Problem, t('realname.error')) });
    reload();
  };
  const unlink = async (linkId: string) => {
    await api.DELETE('/api/v1/realname/guardians/{linkId}', { params: { path: { linkId } } });
    reload();
  };
  return (
    <>
      <div className="section">
        <h2 className="section-title">{t('realname.guardian.childSection')}</h2>
        <p className="note" style={{ textAlign: 'left' }}>{t('realname.guardian.childHelp')}</p>
        {code ? (
          <p style={{ fontSize: 28, letterSpacing: 4, textAlign: 'center', margin: '12px 0' }} data-testid="guardian-code">
            {code.code}
            <br />
            <span className="note">{t('realname.guardian.expires', { time: new Date(code.expiresAt).toLocaleTimeString() })}</span>
          </p>
        ) : (
          <Button block onClick={() => void makeCode()} data-testid="guardian-make-code">
            {t('realname.guardian.makeCode')}
          </Button>
        )}
        <List header={t('realname.guardian.myGuardians')}>
          {guardians.length === 0 && <List.Item>{t('realname.guardian.none')}</List.Item>}
          {guardians.map((g) => (
            <List.Item key={g.linkId} extra={<Button size="mini" onClick={() => void unlink(g.linkId)}>{t('realname.guardian.unlink')}</Button>}>
              {g.guardianNameMasked ?? '—'} · {g.relation === 'parent' ? t('realname.guardian.parent') : t('realname.guardian.other')}
            </List.Item>
          ))}
        </List>
      </div>
      <div className="section">
        <h2 className="section-title">{t('realname.guardian.guardianSection')}</h2>
        <p className="note" style={{ textAlign: 'left' }}>{t('realname.guardian.guardianHelp')}</p>
        <Form layout="horizontal" initialValues={{ relation: 'parent' }} onFinish={(v) => void link(v)} footer={<Button block type="submit" color="primary" data-testid="guardian-link">{t('realname.guardian.link')}</Button>}>
          <Form.Item name="code" label={t('realname.guardian.code')} rules={[{ required: true }]}>
            <Input placeholder={t('realname.guardian.codePh')} inputMode="numeric" maxLength={8} data-testid="guardian-code-input" />
          </Form.Item>
          <Form.Item name="relation" label={t('realname.guardian.relation')}>
            <Radio.Group>
              <Radio value="parent" style={{ marginRight: 12 }}>{t('realname.guardian.parent')}</Radio>
              <Radio value="guardian">{t('realname.guardian.other')}</Radio>
            </Radio.Group>
          </Form.Item>
        </Form>
        <List header={t('realname.guardian.wards')}>
          {wards.length === 0 && <List.Item>{t('realname.guardian.none')}</List.Item>}
          {wards.map((w) => (
            <List.Item
              key={w.linkId}
              onClick={() => setOpen(open === w.minorAccountId ? null : w.minorAccountId)}
              description={w.ageBand ? t(`realname.guardian.band.${w.ageBand}`) : t('realname.guardian.unverified')}
              extra={<Button size="mini" onClick={(e) => { e.stopPropagation(); void unlink(w.linkId); }}>{t('realname.guardian.unlink')}</Button>}
            >
              {w.realNameMasked ?? w.minorAccountId.slice(0, 8)}
            </List.Item>
          ))}
        </List>
        {open && <WardConsents minorAccountId={open} />}
      </div>
    </>
  );
}
