// 隐私办公室 → 隐私政策发布 (issue #5 §9): edit the draft (prose sections, ownership-change and high-risk PIA
// declarations), preview the rendered policy with the diff and its classification (PP-6.2), publish after confirming
// exactly what was previewed (the server refuses if the draft or the inventory changed in between).
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { App as AntApp, Alert, Button, Card, Checkbox, Input, Popconfirm, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../../../shared/client.ts';
import './strings.ts';

type Block =
  | { kind: 'heading'; level: 3 | 4; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] };
interface Doc {
  title: string;
  sections: { id: string; title: string; blocks: Block[] }[];
}

function Inline({ text }: { text: string }) {
  const out: ReactNode[] = [];
  text.split(/(\*\*.+?\*\*)/g).forEach((p, i) => out.push(p.startsWith('**') && p.endsWith('**') && p.length > 4 ? <strong key={i}>{p.slice(2, -2)}</strong> : p));
  return <>{out}</>;
}

function DocView({ doc }: { doc: Doc }) {
  return (
    <div data-testid="policy-preview" style={{ maxHeight: 480, overflowY: 'auto', border: '1px solid #eee', padding: 12 }}>
      <Typography.Title level={4}>{doc.title}</Typography.Title>
      {doc.sections.map((s) => (
        <section key={s.id}>
          <Typography.Title level={5}>{s.title}</Typography.Title>
          {s.blocks.map((b, i) =>
            b.kind === 'heading' ? (
              <p key={i}><b><Inline text={b.text} /></b></p>
            ) : b.kind === 'paragraph' ? (
              <p key={i}><Inline text={b.text} /></p>
            ) : b.kind === 'list' ? (
              <ul key={i}>{b.items.map((it, j) => <li key={j}><Inline text={it} /></li>)}</ul>
            ) : (
              <table key={i} style={{ fontSize: 12 }}>
                <tbody>{b.rows.map((r, j) => <tr key={j}>{r.map((c, k) => <td key={k}><Inline text={c} /></td>)}</tr>)}</tbody>
              </table>
            ),
          )}
        </section>
      ))}
    </div>
  );
}

type Draft = NonNullable<Awaited<ReturnType<typeof loadDraft>>>;
const loadDraft = async () => (await api.GET('/api/v1/privacy/policy/draft')).data;
type Preview = NonNullable<Awaited<ReturnType<typeof loadPreview>>>;
const loadPreview = async () => (await api.GET('/api/v1/privacy/policy/draft/preview')).data;

export function PolicyPage() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [versions, setVersions] = useState<{ version: number; effectiveAt: string; classification: string }[]>([]);
  const [section, setSection] = useState('rights');
  const [edits, setEdits] = useState<Record<string, { 'zh-CN'?: string; en?: string }>>({});
  const [lang, setLang] = useState<'zh-CN' | 'en'>('zh-CN');
  const [purposes, setPurposes] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    void api.GET('/api/v1/privacy/collection-list').then((r) => {
      const seen = new Map<string, string>();
      for (const row of r.data?.items ?? []) if (row.legalBasis === 'consent' || row.legalBasis === 'separate-consent') seen.set(row.purpose, row.purposeZh);
      setPurposes([...seen].map(([id, name]) => ({ id, name })));
    });
  }, []);
  const en = i18n.language === 'en';

  const reload = useCallback(async () => {
    const [d, p, v] = await Promise.all([loadDraft(), loadPreview(), api.GET('/api/v1/privacy/policy/versions')]);
    setDraft(d ?? null);
    setPreview(p ?? null);
    setVersions(v.data?.items ?? []);
    setEdits({});
  }, []);
  useEffect(() => void reload(), [reload]);
  if (!draft) return null;

  const value = (l: 'zh-CN' | 'en') => edits[section]?.[l] ?? draft.prose[section]?.[l] ?? '';
  const save = async (extra: { ownershipChange?: boolean; highRiskPia?: boolean; declaredPurposes?: string[] } = {}) => {
    const { data } = await api.PUT('/api/v1/privacy/policy/draft', { body: { prose: edits as any, ...extra } });
    if (data) void message.success(t('privacyOffice.saved'));
    else void message.error(t('privacyOffice.failed'));
    await reload();
  };
  const publish = async () => {
    if (!preview) return;
    const { data } = await api.POST('/api/v1/privacy/policy/publish', {
      body: { basedOn: preview.basedOn, inventoryHash: preview.inventoryHash, contentHash: preview.contentHash, classification: preview.classification },
    });
    if (data) void message.success(t('privacyOffice.published', { version: data.version }));
    else void message.error(t('privacyOffice.failed'));
    await reload();
  };
  const current = versions[0];

  return (
    <>
      <Typography.Title level={4}>{t('privacyOffice.policyTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('privacyOffice.policyHint')}</Typography.Paragraph>
      {current && <Typography.Paragraph>{t('privacyOffice.inForce', { version: current.version, date: current.effectiveAt.slice(0, 10) })}</Typography.Paragraph>}
      <Card size="small" title={t('privacyOffice.section')} style={{ marginBottom: 16 }}>
        <Select value={section} onChange={setSection} style={{ width: 240, marginBottom: 8 }} options={Object.keys(draft.defaults).map((k) => ({ value: k, label: k }))} />
        {(['zh-CN', 'en'] as const).map((l) => (
          <div key={l} style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{l === 'zh-CN' ? t('privacyOffice.zh') : t('privacyOffice.en')} · {t('privacyOffice.useDefault')}</Typography.Text>
            <Input.TextArea
              data-testid={`prose-${l}`}
              autoSize={{ minRows: 4, maxRows: 14 }}
              placeholder={draft.defaults[section]?.[l]}
              value={value(l)}
              onChange={(e) => setEdits({ ...edits, [section]: { ...edits[section], [l]: e.target.value } })}
            />
          </div>
        ))}
        <Space direction="vertical">
          <Checkbox data-testid="declare-ownership" checked={draft.ownershipChange} onChange={(e) => void save({ ownershipChange: e.target.checked })}>{t('privacyOffice.ownership')}</Checkbox>
          <div>
            <Typography.Text>{t('privacyOffice.declaredPurposes')}</Typography.Text>
            <Select
              mode="multiple"
              data-testid="declare-purposes"
              style={{ minWidth: 360, display: 'block' }}
              value={draft.declaredPurposes}
              options={purposes.map((p) => ({ value: p.id, label: `${p.name} (${p.id})` }))}
              onChange={(v: string[]) => void save({ declaredPurposes: v })}
            />
          </div>
          <Checkbox data-testid="declare-pia" checked={draft.highRiskPia} onChange={(e) => void save({ highRiskPia: e.target.checked })}>{t('privacyOffice.pia')}</Checkbox>
          <Button onClick={() => void save()} data-testid="save-draft">{t('privacyOffice.save')}</Button>
        </Space>
      </Card>
      {preview && (
        <Card size="small" title={t('privacyOffice.preview')} data-testid="policy-classification" data-classification={preview.classification}>
          <Space wrap style={{ marginBottom: 8 }}>
            <span>{t('privacyOffice.classification')}:</span>
            <Tag color={preview.classification === 'major' ? 'red' : 'blue'}>{preview.classification === 'major' ? t('privacyOffice.major') : t('privacyOffice.minor')}</Tag>
            <span>{t('privacyOffice.nextVersion', { version: preview.version, basedOn: preview.basedOn })}</span>
          </Space>
          {preview.changes.length === 0 ? (
            <Alert type="info" message={t('privacyOffice.noChanges')} style={{ marginBottom: 8 }} />
          ) : (
            <Table
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={preview.changes}
              columns={[
                { title: t('privacyOffice.kind'), dataIndex: 'major', width: 120, render: (m: boolean) => <Tag color={m ? 'red' : 'default'}>{m ? t('privacyOffice.major') : t('privacyOffice.minor')}</Tag> },
                { title: t('privacyOffice.description'), render: (_: unknown, c: { zh: string; en: string }) => (en ? c.en : c.zh) },
              ]}
              style={{ marginBottom: 8 }}
            />
          )}
          <Typography.Paragraph>
            {t('privacyOffice.changedPurposes')}: {preview.changedPurposes.length ? preview.changedPurposes.map((p) => <Tag key={p}>{p}</Tag>) : t('privacyOffice.none')}
          </Typography.Paragraph>
          <Segmented value={lang} onChange={(v) => setLang(v as 'zh-CN' | 'en')} options={[{ value: 'zh-CN', label: '中文' }, { value: 'en', label: 'English' }]} style={{ marginBottom: 8 }} />
          <DocView doc={preview.document[lang] as Doc} />
          <Popconfirm
            title={t('privacyOffice.publishConfirm', { version: preview.version, extra: preview.classification === 'major' ? t('privacyOffice.publishMajorExtra') : '' })}
            onConfirm={() => void publish()}
          >
            <Button type="primary" danger={preview.classification === 'major'} disabled={preview.changes.length === 0} style={{ marginTop: 12 }} data-testid="publish">
              {t('privacyOffice.publish')}
            </Button>
          </Popconfirm>
        </Card>
      )}
      <Card size="small" title={t('privacyOffice.versions')} style={{ marginTop: 16 }}>
        {versions.map((v) => (
          <div key={v.version}>
            <a href={`/api/v1/privacy/policy/versions/${v.version}/html`} target="_blank" rel="noreferrer">
              v{v.version}
            </a>{' '}
            {v.effectiveAt.slice(0, 10)} <Tag>{v.classification}</Tag>
          </div>
        ))}
      </Card>
    </>
  );
}
