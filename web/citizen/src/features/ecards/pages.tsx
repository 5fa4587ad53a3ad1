// The three pages of 电子卡证. The QR code is an SVG the server renders around a 2-minute signed token; the page
// refreshes it when it expires. The full number is fetched only on request, through the step-up sheet.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Card, Checkbox, Dialog, Empty, Form, Input, List, NoticeBar, Selector, Tag, Toast } from 'antd-mobile';
import { navigate } from '../../../../shared/router.ts';
import { ensureConsent } from '../privacy/index.tsx';
import { withStepUp } from '../identity/index.tsx';
import { ecardsApi, fetchPurpose, problemOf, PURPOSE, type CardView, type Kind } from './api.ts';
import './strings.ts';

const STATUS_COLOR = { valid: 'success', expiring: 'warning', expired: 'danger', 'long-term': 'primary' } as const;

function useEn() {
  return useTranslation().i18n.language === 'en';
}

function StatusTag({ status }: { status: CardView['status'] }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLOR[status]} data-testid="ecard-status">{t(`ecards.status.${status}`)}</Tag>;
}

function validity(c: CardView, longTerm: string): string {
  return `${c.validFrom ?? ''}${c.validFrom ? ' — ' : ''}${c.validUntil ?? longTerm}`;
}

export function CardsPage() {
  const { t } = useTranslation();
  const en = useEn();
  const [cards, setCards] = useState<CardView[] | null>(null);
  useEffect(() => {
    void ecardsApi.list().then((r) => setCards(r.data?.cards ?? []));
  }, []);
  async function add() {
    if (await ensureConsent(PURPOSE)) navigate('/ecards/new');
    else Toast.show({ content: t('ecards.consentNeeded') });
  }
  return (
    <div data-testid="ecards-list">
      <NoticeBar content={t('ecards.notice')} color="info" />
      <div style={{ padding: 12 }}>
        <Button block color="primary" onClick={() => void add()} data-testid="ecards-add">{t('ecards.add')}</Button>
      </div>
      {cards && cards.length === 0 && <Empty description={t('ecards.empty')} />}
      {cards && cards.length > 0 && (
        <List>
          {cards.map((c) => (
            <List.Item key={c.id} onClick={() => navigate(`/ecards/${c.id}`)} description={`${c.numberMasked} · ${t('ecards.validity')} ${validity(c, t('ecards.longTermShort'))}`} extra={<StatusTag status={c.status} />}>
              {en ? c.kindNameEn : c.kindNameZh}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}

export function AddCardPage() {
  const { t } = useTranslation();
  const en = useEn();
  const [kinds, setKinds] = useState<Kind[]>([]);
  const [kind, setKind] = useState<string>('');
  const [number, setNumber] = useState('');
  const [validFrom, setValidFrom] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [longTerm, setLongTerm] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void ecardsApi.kinds().then((r) => setKinds(r.data?.kinds ?? []));
  }, []);
  const selected = kinds.find((k) => k.id === kind);

  async function save() {
    if (!selected) return;
    setBusy(true);
    try {
      // PP-1.16: the form sends the card number and validity only
      const body = { kind: selected.id as never, number, validFrom: validFrom || null, validUntil: longTerm ? null : validUntil || null };
      let res = await ecardsApi.add(body);
      if (problemOf(res)?.type?.endsWith('consent-required') && (await ensureConsent(PURPOSE))) res = await ecardsApi.add(body);
      const problem = problemOf(res);
      if (problem || !res.data) {
        Toast.show({ content: problem?.title ?? 'error' });
        return;
      }
      Toast.show({ content: t('ecards.saved') });
      navigate(`/ecards/${res.data.id}`, { replace: true });
    } finally {
      setBusy(false);
    }
  }

  // PP-1.17: instead of typing it in, the card can be fetched from its issuing department — only after the citizen
  // authorises that department (its own consent, withdrawable in the consent centre); the server records the receipt.
  async function fetchFromIssuer() {
    if (!selected) return;
    if (!(await ensureConsent(fetchPurpose(selected.issuer)))) {
      Toast.show({ content: t('ecards.authorisationNeeded', { issuer: selected.issuerNameZh }) });
      return;
    }
    setBusy(true);
    try {
      const res = await ecardsApi.fetchFromIssuer(selected.id as never);
      const problem = problemOf(res);
      if (problem || !res.data) {
        Toast.show({ content: problem?.title ?? 'error' });
        return;
      }
      Toast.show({ content: t('ecards.fetched') });
      navigate(`/ecards/${res.data.id}`, { replace: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Form
      layout="vertical"
      footer={
        <>
          <Button block color="primary" loading={busy} disabled={!selected || !number || (!longTerm && !validUntil)} onClick={() => void save()} data-testid="ecards-save">{t('ecards.save')}</Button>
          <Button block style={{ marginTop: 8 }} loading={busy} disabled={!selected} onClick={() => void fetchFromIssuer()} data-testid="ecards-fetch">
            {selected ? t('ecards.fetch', { issuer: selected.issuerNameZh }) : t('ecards.fetchPick')}
          </Button>
        </>
      }
    >
      <Form.Header>{t('ecards.notice')}</Form.Header>
      <Form.Item label={t('ecards.kind')}>
        <Selector
          columns={2}
          options={kinds.map((k) => ({ label: en ? k.nameEn : k.nameZh, value: k.id, description: k.realNameBound ? t('ecards.realNameBound') : undefined }))}
          value={kind ? [kind] : []}
          onChange={(v) => setKind(v[0] ?? '')}
          data-testid="ecards-kind"
        />
      </Form.Item>
      <Form.Item label={selected ? (en ? selected.numberLabelEn : selected.numberLabelZh) : t('ecards.number')}>
        <Input value={number} onChange={setNumber} maxLength={40} autoComplete="off" data-testid="ecards-number" />
      </Form.Item>
      <Form.Item label={t('ecards.validFrom')}>
        <Input type="date" value={validFrom} onChange={setValidFrom} data-testid="ecards-valid-from" />
      </Form.Item>
      {selected?.mayBeLongTerm && (
        <Form.Item>
          <Checkbox checked={longTerm} onChange={setLongTerm}>{t('ecards.longTerm')}</Checkbox>
        </Form.Item>
      )}
      {!longTerm && (
        <Form.Item label={t('ecards.validUntil')}>
          <Input type="date" value={validUntil} onChange={setValidUntil} data-testid="ecards-valid-until" />
        </Form.Item>
      )}
    </Form>
  );
}

function QrBlock({ id }: { id: string }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<{ svg: string; expiresAt: number } | null>(null);
  const [now, setNow] = useState(Date.now());
  const load = useCallback(async () => {
    const r = await ecardsApi.qr(id);
    if (r.data) setQr({ svg: r.data.svg, expiresAt: Date.parse(r.data.expiresAt) });
    else Toast.show({ content: problemOf(r)?.title ?? 'error' });
  }, [id]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!qr) return null;
  const left = Math.max(0, Math.round((qr.expiresAt - now) / 1000));
  return (
    <div style={{ textAlign: 'center', padding: 12 }} data-testid="ecards-qr">
      {left > 0 ? (
        <>
          {/* the SVG comes from the server's qrcode renderer and contains only paths */}
          <div style={{ width: 220, height: 220, margin: '0 auto' }} dangerouslySetInnerHTML={{ __html: qr.svg }} />
          <p>{t('ecards.qrHint', { s: left })}</p>
        </>
      ) : (
        <p>{t('ecards.qrExpired')}</p>
      )}
      <Button size="small" onClick={() => void load()}>{t('ecards.refresh')}</Button>
    </div>
  );
}

export function CardPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const en = useEn();
  const [card, setCard] = useState<CardView | null>(null);
  const [full, setFull] = useState<string | null>(null);
  const [showQr, setShowQr] = useState(false);
  useEffect(() => {
    void ecardsApi.get(id).then((r) => setCard(r.data ?? null));
  }, [id]);
  if (!card) return null;

  // PP-1.17: re-read from the issuing department; without the citizen's authorisation to it the server refuses and
  // names the authorisation (purposeId), which the consent sheet then asks for
  async function refresh() {
    let res = await ecardsApi.refreshFromIssuer(id);
    const needed = (problemOf(res) as { type?: string; purposeId?: string } | undefined);
    if (needed?.type?.endsWith('source-authorisation-required') && needed.purposeId && (await ensureConsent(needed.purposeId))) res = await ecardsApi.refreshFromIssuer(id);
    if (res.data) {
      setCard(res.data);
      Toast.show({ content: t('ecards.refreshed') });
    } else Toast.show({ content: problemOf(res)?.title ?? 'error' });
  }

  async function reveal() {
    if (full) return setFull(null);
    const r = await withStepUp(() => ecardsApi.reveal(id));
    if (r.data) setFull(r.data.number);
    else Toast.show({ content: problemOf(r)?.title ?? 'error' });
  }
  async function remove() {
    if (!(await Dialog.confirm({ content: t('ecards.removeConfirm') }))) return;
    const r = await ecardsApi.remove(id);
    if (problemOf(r)) return void Toast.show({ content: problemOf(r)?.title ?? 'error' });
    Toast.show({ content: t('ecards.removed') });
    navigate('/ecards', { replace: true });
  }

  return (
    <div style={{ padding: 12 }} data-testid="ecards-card">
      <Card title={en ? card.kindNameEn : card.kindNameZh} extra={<StatusTag status={card.status} />}>
        <p>{en ? card.numberLabelEn : card.numberLabelZh}：<span data-testid="ecards-number-shown">{full ?? card.numberMasked}</span></p>
        <p>{t('ecards.validity')}：{validity(card, t('ecards.longTermShort'))}</p>
        <p>{t('ecards.issuer')}：{card.issuerNameZh}</p>
        <Button size="small" onClick={() => void reveal()} data-testid="ecards-reveal">{full ? t('ecards.hide') : t('ecards.reveal')}</Button>
      </Card>
      <div style={{ marginTop: 12 }}>
        {showQr ? <QrBlock id={id} /> : <Button block color="primary" onClick={() => setShowQr(true)} data-testid="ecards-show-qr">{t('ecards.showQr')}</Button>}
      </div>
      <div style={{ marginTop: 12 }}>
        <Button block onClick={() => void refresh()} data-testid="ecards-refresh">{t('ecards.refreshFromIssuer', { issuer: card.issuerNameZh })}</Button>
      </div>
      <div style={{ marginTop: 12 }}>
        <Button block color="danger" fill="outline" onClick={() => void remove()} data-testid="ecards-remove">{t('ecards.remove')}</Button>
      </div>
    </div>
  );
}
