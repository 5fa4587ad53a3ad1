// 我的 → 隐私政策: the version in force (or an earlier one at /privacy/versions/:n), with the list of versions. Opening
// the page in force counts as reading it only after the pop-up's 同意 — the red dot stays until then (PP-6.1).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBlock, List, SpinLoading, Tag } from 'antd-mobile';
import { api } from '../../../../shared/client.ts';
import { navigate } from '../../../../shared/router.ts';
import { PolicyDocumentView, type PolicyDoc } from './PolicyDocument.tsx';

interface VersionSummary {
  version: number;
  effectiveAt: string;
  classification: 'initial' | 'major' | 'minor';
}

export function PrivacyPage({ version }: { version?: number }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const [doc, setDoc] = useState<PolicyDoc | null | 'error'>(null);
  const [versions, setVersions] = useState<VersionSummary[]>([]);
  useEffect(() => {
    setDoc(null);
    const load = version
      ? api.GET('/api/v1/privacy/policy/versions/{version}', { params: { path: { version }, query: { lang } } })
      : api.GET('/api/v1/privacy/policy', { params: { query: { lang } } });
    load.then((r) => setDoc(r.data ? (r.data.document as PolicyDoc) : 'error'), () => setDoc('error'));
    api.GET('/api/v1/privacy/policy/versions').then((r) => setVersions((r.data?.items ?? []) as VersionSummary[]));
  }, [version, lang]);
  if (doc === null) return <div className="section"><SpinLoading /></div>;
  if (doc === 'error') return <ErrorBlock status="default" title={t('privacyCenter.loadFailed')} description={null} />;
  return (
    <>
      <div className="section" data-testid="policy-version" data-version={doc.version}>
        <p className="note">{t('privacyCenter.versionLine', { version: doc.version, date: doc.effectiveDate })}</p>
        <PolicyDocumentView doc={doc} />
      </div>
      {versions.length > 1 && (
        <List className="section" header={t('privacyCenter.history')}>
          {versions.map((v) => (
            <List.Item
              key={v.version}
              onClick={() => navigate(`/privacy/versions/${v.version}`)}
              extra={<Tag color={v.classification === 'major' ? 'danger' : 'default'}>{t(`privacyCenter.kind.${v.classification}`)}</Tag>}
              description={v.effectiveAt.slice(0, 10)}
            >
              {t('privacyCenter.historyItem', { version: v.version })}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
