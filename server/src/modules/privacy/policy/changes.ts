// Major-change detection (PP-6.2). A version is compared with the previous one through inventory snapshots: what the
// policy says about purposes, elements, recipients, SDKs and the prose. The seed policy's list of major changes maps to
// rules here:
//   1. new purpose, or a new PI element / legal basis / device permission for a purpose ..................... major
//   2. ownership change (declared by the publisher) ......................................................... major
//   3. a new recipient, new sharing category or changed shared fields; new SDK / external provider ........... major
//   4. changed rights or ways to exercise them (prose 'rights') ............................................. major
//   5. changed responsible department / contact / complaint channel (prose 'contact', 'preamble') ............ major
//   6. high-risk impact-assessment result (declared by the publisher) ....................................... major
//   anything else (wording, removals, retention notes) ...................................................... minor
// Each change names the purposes whose terms it changes; the guard asks for consent again for those only (PP-6.1).
import { createHash } from 'node:crypto';
import type { Inventory } from '../lists.ts';
import { MAJOR_PROSE, PROSE_KEYS, type Prose } from './prose.ts';
import { citizenView } from './render.ts';

export interface InventorySnapshot {
  purposes: Record<string, { nameZh: string; elements: string[]; legalBasis: string; devicePermissions: string[] }>;
  elements: Record<string, { nameZh: string; sensitive: boolean; retention: string }>;
  sharing: Record<string, { nameZh: string; recipients: string[]; fields: string[]; purposeId: string }>;
  providers: Record<string, { nameZh: string; recipient: string; elements: string[]; purposeId: string }>;
  sdks: Record<string, { vendor: string; personalInfo: string[]; permissions: string[]; purpose: string }>;
  /** sha-256 of each prose section (both languages) */
  prose: Record<string, string>;
}

export interface PolicyChange {
  /** stable kind, e.g. 'purpose-added', 'purpose-element-added', 'recipient-added', 'prose-changed' */
  kind: string;
  major: boolean;
  zh: string;
  en: string;
  /** purposes whose terms this change alters */
  purposes: string[];
}

export interface Declarations {
  ownershipChange?: boolean;
  highRiskPia?: boolean;
  /** purposes whose manner of use changed in a way the inventory cannot show (PP-6.2 item 1) */
  declaredPurposes?: string[];
}

export interface Classification {
  classification: 'major' | 'minor';
  changes: PolicyChange[];
  /** consent-relevant purposes whose terms changed; the guard refuses them until re-consent */
  changedPurposes: string[];
}

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** Canonical JSON (sorted keys) so the hash does not depend on property order. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
export const hashOf = (v: unknown) => sha(canonicalJson(v));
export const hashText = sha;

export function snapshotOf(inv: Inventory, prose: Prose): InventorySnapshot {
  const { elements, purposes } = citizenView(inv);
  return {
    purposes: Object.fromEntries(
      purposes.map((p) => [p.id, { nameZh: p.nameZh, elements: [...p.elements].sort(), legalBasis: p.legalBasis, devicePermissions: [...p.devicePermissions].sort() }]),
    ),
    elements: Object.fromEntries(elements.map((e) => [e.id, { nameZh: e.nameZh, sensitive: e.sensitive, retention: e.retention }])),
    sharing: Object.fromEntries(
      inv.sharingCategories.map((c) => [c.id, { nameZh: c.nameZh, recipients: [...c.recipientsZh].sort(), fields: [...c.fields].sort(), purposeId: c.purposeId }]),
    ),
    providers: Object.fromEntries(
      inv.externalProviders.map((x) => [x.id, { nameZh: x.nameZh, recipient: x.recipientZh, elements: [...x.elements].sort(), purposeId: x.purposeId }]),
    ),
    sdks: Object.fromEntries(inv.sdks.map((s) => [s.nameZh, { vendor: s.vendorZh, personalInfo: [...s.personalInfoZh].sort(), permissions: [...s.permissionsZh].sort(), purpose: s.purposeZh }])),
    prose: Object.fromEntries(PROSE_KEYS.map((k) => [k, sha(`${prose[k]['zh-CN']}\n\u0000\n${prose[k].en}`)])),
  };
}

const added = (a: string[], b: string[]) => b.filter((x) => !a.includes(x));
const removed = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

const PROSE_ZH: Record<string, string> = {
  preamble: '引言(处理者名称与地址)',
  'collection-intro': '收集说明',
  'collection-other': '其他收集和使用情形',
  'sdk-intro': 'SDK说明',
  'sharing-intro': '共享说明',
  'sharing-other': '转让、公开披露及例外',
  storage: '保存及保护',
  rights: '您的权利及行使方式',
  minors: '未成年人',
  updates: '政策更新',
  contact: '联系方式与投诉渠道',
  definitions: '定义',
};

/**
 * Compares two snapshots. `consentBased` says which purpose ids rest on consent (only those can be refused pending
 * re-consent); 'policy-acceptance' is added for every major change, since the policy itself must be agreed again.
 */
export function classifyChange(prev: InventorySnapshot, next: InventorySnapshot, declared: Declarations, consentBased: (purposeId: string) => boolean): Classification {
  const changes: PolicyChange[] = [];
  const add = (kind: string, major: boolean, zh: string, en: string, purposes: string[] = []) => changes.push({ kind, major, zh, en, purposes });
  const el = (id: string) => next.elements[id]?.nameZh ?? prev.elements[id]?.nameZh ?? id;

  // 1. purposes and their elements
  for (const [id, p] of Object.entries(next.purposes)) {
    const old = prev.purposes[id];
    if (!old) {
      add('purpose-added', true, `新增处理目的“${p.nameZh}”,收集${p.elements.map(el).join('、') || '(无个人信息)'}`, `New purpose "${id}"`, [id]);
      continue;
    }
    const newEls = added(old.elements, p.elements);
    if (newEls.length) add('purpose-element-added', true, `“${p.nameZh}”新增收集:${newEls.map(el).join('、')}`, `Purpose "${id}" now also processes: ${newEls.join(', ')}`, [id]);
    const goneEls = removed(old.elements, p.elements);
    if (goneEls.length) add('purpose-element-removed', false, `“${p.nameZh}”不再收集:${goneEls.map(el).join('、')}`, `Purpose "${id}" no longer processes: ${goneEls.join(', ')}`, []);
    if (old.legalBasis !== p.legalBasis) add('purpose-basis-changed', true, `“${p.nameZh}”的处理依据变更`, `Legal basis of "${id}" changed from ${old.legalBasis} to ${p.legalBasis}`, [id]);
    const newPerms = added(old.devicePermissions, p.devicePermissions);
    if (newPerms.length) add('purpose-permission-added', true, `“${p.nameZh}”新增申请设备权限:${newPerms.join('、')}`, `Purpose "${id}" now asks for: ${newPerms.join(', ')}`, [id]);
    if (old.nameZh !== p.nameZh && !newEls.length) add('purpose-renamed', false, `“${old.nameZh}”更名为“${p.nameZh}”`, `Purpose "${id}" renamed`, []);
  }
  for (const [id, p] of Object.entries(prev.purposes)) {
    if (!next.purposes[id]) add('purpose-removed', false, `不再为“${p.nameZh}”处理个人信息`, `Purpose "${id}" removed`, []);
  }
  // elements: a new type of PI, or one that became sensitive, is major for the purposes that use it
  const usersOf = (eid: string) => Object.entries(next.purposes).filter(([, p]) => p.elements.includes(eid)).map(([id]) => id);
  for (const [id, e] of Object.entries(next.elements)) {
    const old = prev.elements[id];
    if (!old) add('element-added', true, `新增个人信息类型:${e.nameZh}${e.sensitive ? '(敏感)' : ''}`, `New personal-information element "${id}"`, usersOf(id));
    else if (!old.sensitive && e.sensitive) add('element-sensitive', true, `${e.nameZh}改为按敏感个人信息处理`, `"${id}" is now treated as sensitive`, usersOf(id));
    else if (old.retention !== e.retention) add('element-retention-changed', false, `${e.nameZh}的保存期限说明更新`, `Retention of "${id}" updated`, []);
  }
  for (const [id, e] of Object.entries(prev.elements)) if (!next.elements[id]) add('element-removed', false, `不再收集:${e.nameZh}`, `Element "${id}" removed`, []);

  // 3. recipients
  for (const [id, c] of Object.entries(next.sharing)) {
    const old = prev.sharing[id];
    if (!old) {
      add('sharing-added', true, `新增共享情形“${c.nameZh}”:向${c.recipients.join('、')}共享${c.fields.map(el).join('、')}`, `New sharing category "${id}"`, [c.purposeId]);
      continue;
    }
    const newRecipients = added(old.recipients, c.recipients);
    if (newRecipients.length) add('recipient-added', true, `“${c.nameZh}”新增接收方:${newRecipients.join('、')}`, `New recipients in "${id}": ${newRecipients.join(', ')}`, [c.purposeId]);
    if (!same(old.fields, c.fields) || old.purposeId !== c.purposeId) {
      add('shared-fields-changed', true, `“${c.nameZh}”共享的字段变更为:${c.fields.map(el).join('、')}`, `Shared fields of "${id}" changed: ${c.fields.join(', ')}`, [c.purposeId]);
    }
    const goneRecipients = removed(old.recipients, c.recipients);
    if (goneRecipients.length) add('recipient-removed', false, `“${c.nameZh}”不再向${goneRecipients.join('、')}共享`, `Recipients removed from "${id}"`, []);
  }
  for (const [id, c] of Object.entries(prev.sharing)) if (!next.sharing[id]) add('sharing-removed', false, `取消共享情形“${c.nameZh}”`, `Sharing category "${id}" removed`, []);
  for (const [id, x] of Object.entries(next.providers)) {
    const old = prev.providers[id];
    if (!old) add('provider-added', true, `新增外部服务“${x.nameZh}”(${x.recipient})`, `New external provider "${id}"`, [x.purposeId]);
    else if (!same(old, x)) add('provider-changed', true, `外部服务“${x.nameZh}”的接收方或字段变更`, `External provider "${id}" changed`, [x.purposeId]);
  }
  for (const [name, s] of Object.entries(next.sdks)) {
    const old = prev.sdks[name];
    if (!old) add('sdk-added', true, `新增第三方SDK:${name}(${s.vendor})`, `New SDK "${name}"`, []);
    else if (!same(old.personalInfo, s.personalInfo) || !same(old.permissions, s.permissions) || old.vendor !== s.vendor) {
      add('sdk-changed', true, `第三方SDK“${name}”收集的信息或权限变更`, `SDK "${name}" changed what it collects`, []);
    }
  }
  for (const name of Object.keys(prev.sdks)) if (!next.sdks[name]) add('sdk-removed', false, `移除第三方SDK:${name}`, `SDK "${name}" removed`, []);

  // 4, 5 and wording
  for (const key of PROSE_KEYS) {
    if (prev.prose[key] !== undefined && prev.prose[key] !== next.prose[key]) {
      const major = MAJOR_PROSE.includes(key);
      add(major ? `prose-${key}-changed` : 'wording-changed', major, `${PROSE_ZH[key] ?? key}的表述更新`, `Section "${key}" reworded`, []);
    }
  }
  // 2, 6: only a person can know these
  if (declared.ownershipChange) add('ownership-change', true, '所有权结构或组织架构发生重大变化', 'Change of ownership or organisation (declared)', []);
  for (const id of declared.declaredPurposes ?? []) {
    const name = next.purposes[id]?.nameZh ?? id;
    add('purpose-use-changed', true, `“${name}”的个人信息使用方式发生变化`, `The way "${id}" uses personal information changed (declared)`, [id]);
  }
  if (declared.highRiskPia) add('high-risk-pia', true, '个人信息保护影响评估表明存在高风险', 'Impact assessment found a high risk (declared)', []);

  const major = changes.some((c) => c.major);
  const changedPurposes = new Set(changes.filter((c) => c.major).flatMap((c) => c.purposes).filter(consentBased));
  if (major) changedPurposes.add('policy-acceptance');
  return { classification: major ? 'major' : 'minor', changes, changedPurposes: [...changedPurposes].sort() };
}
