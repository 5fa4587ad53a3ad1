// Renders the citizen-facing privacy policy from an inventory and the prose sections (issue #5 §1). The structure
// follows the seed policy: preamble, seven sections and the appendix. Section 一 lists exactly the inventory's purposes
// with their elements, permissions and legal basis; 二 exactly its sharing categories (PP-2.3); 一(五) its SDKs and
// external providers (PP-1.20); 三 the retention of each element. Staff data (subjects: 'staff') is not part of the
// citizen policy. Key passages are bold (`**…**`), as the preamble promises: sensitive elements, separate consent,
// what refusing means (LAW-1, PP-1.9).
//
// The renderer takes the inventory as an argument, so a test can render a test inventory.
import type { PiElement } from '../inventory/elements.ts';
import { LEGAL_BASIS_ZH, isConsentBased, type DevicePermission, type LegalBasis, type Purpose } from '../inventory/purposes.ts';
import type { Inventory } from '../lists.ts';
import type { PolicyLang, Prose, ProseKey } from './prose.ts';

export type Block =
  | { kind: 'heading'; level: 3 | 4; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | { kind: 'table'; head: string[]; rows: string[][] };

export interface PolicySection {
  id: string;
  title: string;
  blocks: Block[];
}

export interface PolicyDocument {
  lang: PolicyLang;
  title: string;
  version: number;
  /** YYYY-MM-DD */
  effectiveDate: string;
  sections: PolicySection[];
}

export interface RenderMeta {
  version: number;
  effectiveDate: string;
}

/** Citizen-facing part of an inventory: staff elements, and purposes that only touch staff elements, are left out. */
export function citizenView(inv: Inventory) {
  const staff = new Set(inv.elements.filter((e) => e.subjects === 'staff').map((e) => e.id));
  const elements = inv.elements.filter((e) => e.subjects !== 'staff');
  const purposes = inv.purposes.filter((p) => !(p.elements.length > 0 && p.elements.every((e) => staff.has(e))));
  return { elements, purposes, staff };
}

const PERMISSION: Record<DevicePermission, Record<PolicyLang, string>> = {
  camera: { 'zh-CN': '相机', en: 'camera' },
  storage: { 'zh-CN': '存储(Android)', en: 'storage (Android)' },
  photos: { 'zh-CN': '访问相册(iOS)', en: 'photo library (iOS)' },
  location: { 'zh-CN': '位置', en: 'location' },
  microphone: { 'zh-CN': '麦克风', en: 'microphone' },
  phone: { 'zh-CN': '电话', en: 'phone' },
  notifications: { 'zh-CN': '通知', en: 'notifications' },
};

const LEGAL_BASIS_EN: Record<LegalBasis, string> = {
  consent: 'your consent',
  'separate-consent': 'your separate consent',
  'statutory-duty': 'necessary to perform statutory duties',
  contract: 'necessary to perform a contract you are party to',
  'legal-obligation': 'necessary to fulfil a legal obligation',
};

export const permissionName = (p: DevicePermission, lang: PolicyLang) => PERMISSION[p]?.[lang] ?? p;
export const legalBasisName = (b: LegalBasis, lang: PolicyLang) => (lang === 'en' ? LEGAL_BASIS_EN[b] : LEGAL_BASIS_ZH[b]);

/** Markdown subset of the prose files: `### heading`, `#### heading`, `1. ` / `- ` lists, blank-line paragraphs. */
export function parseProse(md: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of md.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    const lines = chunk.split('\n').map((l) => l.trim()).filter(Boolean);
    if (!lines.length) continue;
    const h = /^(#{3,4})\s+(.*)$/.exec(lines[0]!);
    if (h && lines.length === 1) {
      blocks.push({ kind: 'heading', level: h[1]!.length as 3 | 4, text: h[2]! });
    } else if (lines.every((l) => /^\d+[.、]\s*/.test(l))) {
      blocks.push({ kind: 'list', ordered: true, items: lines.map((l) => l.replace(/^\d+[.、]\s*/, '')) });
    } else if (lines.every((l) => /^[-*]\s+/.test(l))) {
      blocks.push({ kind: 'list', ordered: false, items: lines.map((l) => l.replace(/^[-*]\s+/, '')) });
    } else {
      blocks.push({ kind: 'paragraph', text: lines.join(lang0(lines) ? '' : ' ') });
    }
  }
  return blocks;
}
// Chinese lines join without a space.
const lang0 = (lines: string[]) => /[\u4e00-\u9fff]/.test(lines[0]!);

const T = {
  'zh-CN': {
    title: '南通百通隐私政策',
    preamble: '引言',
    s1: '一、我们如何收集和使用您的个人信息',
    s2: '二、我们如何对外提供您的个人信息',
    s3: '三、我们如何保存及保护您的个人信息',
    s4: '四、您的权利',
    s5: '五、我们如何处理未成年人的个人信息',
    s6: '六、本隐私政策如何更新',
    s7: '七、如何联系我们',
    app: '附录1:定义',
    purposes: '(一)收集和使用的个人信息(按目的)',
    other: '(二)其他收集和使用情形',
    sdk: '(三)第三方软件开发包(SDK)及外部服务个人信息收集情况',
    providers: '本平台服务器调用的外部服务:',
    sharing: '(一)共享',
    retentionTable: ['个人信息', '保存期限', '保护方式'],
    scenario: '场景',
    collected: '收集的个人信息',
    noneCollected: '不收集个人信息',
    permissions: '需要的设备权限',
    basis: '处理依据',
    sensitive: '敏感',
    refusal: '您可以拒绝,拒绝仅导致该功能无法使用,不影响您使用其他服务。',
    separate: '该功能涉及敏感个人信息,我们会在您使用时说明其必要性及对您的影响,并征得您的单独同意。',
    sep: '、',
    sdkLine: (s: { nameZh: string; vendorZh: string; permissionsZh: string[]; personalInfoZh: string[]; purposeZh: string; platform?: string }) =>
      `${s.nameZh}${s.platform ? `(${s.platform === 'android' ? '安卓' : 'iOS'})` : ''},供应商为${s.vendorZh},${s.permissionsZh.length ? `需要申请${s.permissionsZh.join('、')}权限,` : '无需申请权限,'}${s.personalInfoZh.length ? `收集您的**${s.personalInfoZh.join('、')}**` : '未收集任何个人信息'},提供${s.purposeZh}功能;`,
    providerLine: (name: string, to: string, fields: string, purpose: string) => `${name}:向${to}提供您的**${fields}**,用于${purpose};`,
    shareLine: (cat: string, services: string, to: string, fields: string, purpose: string) =>
      `当您使用${cat}服务时(如${services}),我们会与${to}共享您的**${fields}**,用于${purpose}。`,
  },
  en: {
    title: 'Nantong Baitong Privacy Policy',
    preamble: 'Introduction',
    s1: '1. How we collect and use your personal information',
    s2: '2. How we provide your personal information to others',
    s3: '3. How we store and protect your personal information',
    s4: '4. Your rights',
    s5: '5. How we handle minors\u2019 personal information',
    s6: '6. How this policy is updated',
    s7: '7. How to contact us',
    app: 'Appendix 1: Definitions',
    purposes: '(1) Personal information collected and used, by purpose',
    other: '(2) Other collection and use',
    sdk: '(3) Third-party SDKs and external services',
    providers: 'External services the platform\u2019s servers call:',
    sharing: '(1) Sharing',
    retentionTable: ['Personal information', 'Retention', 'Protection'],
    scenario: 'When',
    collected: 'Information collected',
    noneCollected: 'no personal information',
    permissions: 'Device permissions',
    basis: 'Legal basis',
    sensitive: 'sensitive',
    refusal: 'You may refuse; only this feature will then be unavailable, everything else keeps working.',
    separate: 'This feature involves sensitive personal information: when you use it we explain why it is necessary and its effect on you, and ask for your separate consent.',
    sep: ', ',
    sdkLine: (s: { nameZh: string; vendorZh: string; permissionsZh: string[]; personalInfoZh: string[]; purposeZh: string; platform?: string }) =>
      `${s.nameZh}${s.platform ? ` (${s.platform})` : ''}, by ${s.vendorZh}: permissions ${s.permissionsZh.length ? s.permissionsZh.join('、') : 'none'}; collects ${s.personalInfoZh.length ? `**${s.personalInfoZh.join('、')}**` : 'no personal information'}; for ${s.purposeZh}.`,
    providerLine: (name: string, to: string, fields: string, purpose: string) => `${name}: your **${fields}** go to ${to}, for ${purpose};`,
    shareLine: (cat: string, services: string, to: string, fields: string, purpose: string) =>
      `When you use ${cat} services (e.g. ${services}), we share your **${fields}** with ${to}, for: ${purpose}.`,
  },
} as const;

export function renderPolicy(inv: Inventory, prose: Prose, meta: RenderMeta, lang: PolicyLang): PolicyDocument {
  const t = T[lang];
  const { elements, purposes } = citizenView(inv);
  const byId = new Map(elements.map((e) => [e.id, e] as const));
  const elName = (id: string) => {
    const e = byId.get(id);
    if (!e) return id;
    return lang === 'en' ? e.nameEn : e.nameZh;
  };
  const elLabel = (id: string) => {
    const e = byId.get(id);
    const name = elName(id);
    // LAW-1: sensitive PI is named as such, in bold.
    return e?.sensitive ? `**${name}(${t.sensitive})**` : name;
  };
  const pName = (p: Purpose) => (lang === 'en' ? p.nameEn : p.nameZh);
  const P = (k: ProseKey) => parseProse(prose[k][lang]);

  const purposeBlocks: Block[] = [];
  purposes.forEach((p, i) => {
    purposeBlocks.push({ kind: 'heading', level: 4, text: `${i + 1}. ${pName(p)}` });
    const items = [
      `${t.scenario}: ${p.scenarioZh}`,
      `${t.collected}: ${p.elements.length ? p.elements.map(elLabel).join(t.sep) : t.noneCollected}`,
    ];
    if (p.devicePermissions.length) items.push(`${t.permissions}: ${p.devicePermissions.map((d) => permissionName(d, lang)).join(t.sep)}`);
    items.push(`${t.basis}: ${legalBasisName(p.legalBasis, lang)}`);
    purposeBlocks.push({ kind: 'list', ordered: false, items });
    const notes: string[] = [];
    if (p.legalBasis === 'separate-consent') notes.push(`**${t.separate}**`);
    if (isConsentBased(p) && p.refusalDegradesOnly) notes.push(`**${t.refusal}**`);
    if (notes.length) purposeBlocks.push({ kind: 'paragraph', text: notes.join(lang === 'en' ? ' ' : '') });
  });

  const sdkItems = inv.sdks.map((s) => t.sdkLine(s));
  const purposeNameById = new Map(inv.purposes.map((p) => [p.id, pName(p)] as const));
  const providerItems = inv.externalProviders.map((x) =>
    t.providerLine(lang === 'en' ? x.nameEn : x.nameZh, x.recipientZh, x.elements.map(elName).join(t.sep), purposeNameById.get(x.purposeId) ?? x.purposeId),
  );

  const shareItems = inv.sharingCategories.map((c) =>
    t.shareLine(lang === 'en' ? c.nameEn : c.nameZh, c.servicesZh.join('、'), c.recipientsZh.join('、'), c.fields.map(elName).join(t.sep), c.purposeZh),
  );

  const retentionRows = elements.map((e: PiElement) => [e.sensitive ? `**${elName(e.id)}**` : elName(e.id), e.retention, e.protection]);

  const sections: PolicySection[] = [
    { id: 'preamble', title: t.preamble, blocks: P('preamble') },
    {
      id: 'collection',
      title: t.s1,
      blocks: [
        ...P('collection-intro'),
        { kind: 'heading', level: 3, text: t.purposes },
        ...purposeBlocks,
        { kind: 'heading', level: 3, text: t.other },
        ...P('collection-other'),
        { kind: 'heading', level: 3, text: t.sdk },
        ...P('sdk-intro'),
        { kind: 'list', ordered: true, items: sdkItems },
        { kind: 'paragraph', text: t.providers },
        { kind: 'list', ordered: false, items: providerItems },
      ],
    },
    {
      id: 'sharing',
      title: t.s2,
      blocks: [{ kind: 'heading', level: 3, text: t.sharing }, ...P('sharing-intro'), { kind: 'list', ordered: true, items: shareItems }, ...P('sharing-other')],
    },
    { id: 'storage', title: t.s3, blocks: [...P('storage'), { kind: 'table', head: [...t.retentionTable], rows: retentionRows }] },
    { id: 'rights', title: t.s4, blocks: P('rights') },
    { id: 'minors', title: t.s5, blocks: P('minors') },
    { id: 'updates', title: t.s6, blocks: P('updates') },
    { id: 'contact', title: t.s7, blocks: P('contact') },
    { id: 'appendix', title: t.app, blocks: P('definitions') },
  ];
  return { lang, title: t.title, version: meta.version, effectiveDate: meta.effectiveDate, sections };
}

// ── text forms ────────────────────────────────────────────────────────────────────────────────────────────────────

export function toMarkdown(doc: PolicyDocument): string {
  const out: string[] = [`# ${doc.title}`, '', doc.lang === 'en' ? `Version ${doc.version} · effective ${doc.effectiveDate}` : `版本 ${doc.version} · 生效日期 ${doc.effectiveDate}`, ''];
  for (const s of doc.sections) {
    out.push(`## ${s.title}`, '');
    for (const b of s.blocks) {
      switch (b.kind) {
        case 'heading':
          out.push(`${'#'.repeat(b.level)} ${b.text}`, '');
          break;
        case 'paragraph':
          out.push(b.text, '');
          break;
        case 'list':
          b.items.forEach((it, i) => out.push(`${b.ordered ? `${i + 1}.` : '-'} ${it}`));
          out.push('');
          break;
        case 'table':
          out.push(`| ${b.head.join(' | ')} |`, `|${b.head.map(() => ' --- ').join('|')}|`);
          for (const r of b.rows) out.push(`| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
          out.push('');
          break;
      }
    }
  }
  return out.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Escapes, then turns `**x**` into <strong>x</strong>. */
export const inlineHtml = (s: string) => esc(s).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');

export function toHtml(doc: PolicyDocument): string {
  const body: string[] = [];
  for (const s of doc.sections) {
    body.push(`<section id="${esc(s.id)}"><h2>${esc(s.title)}</h2>`);
    for (const b of s.blocks) {
      if (b.kind === 'heading') body.push(`<h${b.level}>${inlineHtml(b.text)}</h${b.level}>`);
      else if (b.kind === 'paragraph') body.push(`<p>${inlineHtml(b.text)}</p>`);
      else if (b.kind === 'list') body.push(`<${b.ordered ? 'ol' : 'ul'}>${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</${b.ordered ? 'ol' : 'ul'}>`);
      else body.push(`<table><thead><tr>${b.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${inlineHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
    }
    body.push('</section>');
  }
  const sub = doc.lang === 'en' ? `Version ${doc.version} · effective ${doc.effectiveDate}` : `版本 ${doc.version} · 生效日期 ${doc.effectiveDate}`;
  return `<!doctype html><html lang="${doc.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(doc.title)}</title></head><body><h1>${esc(doc.title)}</h1><p>${esc(sub)}</p>${body.join('')}</body></html>`;
}
