// LAW-8 (PIPL art. 57) and PP-3.5: what a notice to the people affected by a security incident must say. Every part is
// required; a notice missing one is refused (422 incident-notice-incomplete, naming the missing parts). The same
// content goes to each affected account (in-app message, SMS pointer) and, when people cannot be reached one by one,
// into the public notice. Notices are staff-written and must not quote anyone's PI (422 incident-notice-contains-pi).
import { AppError, defineProblem } from '../../platform/http/problem.ts';
import { assertNoPI } from '../audit/index.ts';
import { defineTemplate } from '../notifications/index.ts';
import { elementById } from '../privacy/index.ts';

export const INCIDENT_PROBLEMS = {
  noticeIncomplete: defineProblem('incident-notice-incomplete', { status: 422, title: '安全事件告知内容不完整，请补全后再发送', titleEn: 'The incident notice is missing required parts' }),
  containsPi: defineProblem('incident-text-contains-pi', { status: 422, title: '事件说明中不得包含个人信息(手机号、身份证号、银行卡号、邮箱等)', titleEn: 'Incident texts must not contain personal information' }),
  unknownElement: defineProblem('incident-unknown-element', { status: 422, title: '请从个人信息清单中选择涉及的信息种类', titleEn: 'Choose the PI types from the inventory' }),
  stepNotAllowed: defineProblem('incident-step-not-allowed', { status: 409, title: '该事件当前所处阶段不能执行此步骤', titleEn: 'This response step is not allowed in the incident\u2019s current state' }),
  noSubjects: defineProblem('incident-no-subjects', { status: 409, title: '请先登记受影响的用户，或标记为无法逐一告知', titleEn: 'Register the affected accounts, or mark them as not reachable one by one' }),
  reportMissing: defineProblem('incident-report-missing', { status: 409, title: '请先登记向监管部门的报告', titleEn: 'Record the report to the regulator first' }),
  closed: defineProblem('incident-closed', { status: 409, title: '该事件已结案', titleEn: 'The incident is closed' }),
};

/** The parts LAW-8 requires, in the order the notice shows them. */
export const NOTICE_PARTS = [
  { key: 'piTypes', labelZh: '涉及的个人信息种类', labelEn: 'Types of personal information involved' },
  { key: 'cause', labelZh: '事件发生的原因', labelEn: 'Cause' },
  { key: 'possibleHarm', labelZh: '可能造成的危害', labelEn: 'Possible harm' },
  { key: 'measures', labelZh: '我们已采取的补救措施', labelEn: 'Remedial measures taken' },
  { key: 'advice', labelZh: '您可以采取的减轻危害的措施', labelEn: 'What you can do to reduce harm' },
  { key: 'contact', labelZh: '联系我们', labelEn: 'How to contact us' },
] as const;
export type NoticePartKey = (typeof NOTICE_PARTS)[number]['key'];

/** As stored (security_incidents.notice): element ids and the staff-written texts. */
export interface NoticeDraft {
  headline: string;
  elements: string[];
  cause: string;
  possibleHarm: string;
  measures: string;
  advice: string;
  contact: string;
}

export type NoticeInput = Partial<NoticeDraft>;

/** The handler's contact as the privacy policy states it (七、如何联系我们), offered as the default contact part. */
export const DEFAULT_CONTACT = '南通市大数据管理局，联系电话：0513-85216336；地址：江苏省南通市崇川区世纪大道6号；也可通过“我的—APP功能反馈”联系我们。';
export const DEFAULT_HEADLINE = '关于个人信息安全事件的告知';

/** The parts of `input` that are missing or empty (LAW-8). */
export function missingParts(input: NoticeInput | null | undefined): NoticePartKey[] {
  const blank = (s: string | undefined) => !s || !s.trim();
  const missing: NoticePartKey[] = [];
  if (!input?.elements?.length) missing.push('piTypes');
  if (blank(input?.cause)) missing.push('cause');
  if (blank(input?.possibleHarm)) missing.push('possibleHarm');
  if (blank(input?.measures)) missing.push('measures');
  if (blank(input?.advice)) missing.push('advice');
  if (blank(input?.contact)) missing.push('contact');
  return missing;
}

/** Refuses an incomplete notice with 422 naming each missing part. */
export function assertComplete(input: NoticeInput | null | undefined): asserts input is NoticeDraft {
  const missing = missingParts(input);
  if (missing.length) {
    const names = missing.map((k) => NOTICE_PARTS.find((p) => p.key === k)!.labelZh);
    throw new AppError(INCIDENT_PROBLEMS.noticeIncomplete, { detail: `缺少：${names.join('、')}`, extensions: { missing } });
  }
}

/** Staff-written texts must not carry PI (they go to many people and onto a public page). */
export function assertNoPersonalInfo(fields: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(fields)) {
    try {
      assertNoPI(v, k);
    } catch {
      throw new AppError(INCIDENT_PROBLEMS.containsPi, { extensions: { field: k } });
    }
  }
}

export function assertKnownElements(ids: readonly string[]): void {
  const unknown = ids.filter((id) => !elementById(id));
  if (unknown.length) throw new AppError(INCIDENT_PROBLEMS.unknownElement, { extensions: { unknown } });
}

export function elementNames(ids: readonly string[]): string {
  return ids.map((id) => elementById(id)?.nameZh ?? id).join('、');
}

export interface RenderedNotice {
  headline: string;
  parts: { key: NoticePartKey; label: string; text: string }[];
  text: string;
}

/** The notice as people read it: one paragraph per LAW-8 part. */
export function renderNotice(n: NoticeDraft): RenderedNotice {
  const value: Record<NoticePartKey, string> = {
    piTypes: elementNames(n.elements),
    cause: n.cause.trim(),
    possibleHarm: n.possibleHarm.trim(),
    measures: n.measures.trim(),
    advice: n.advice.trim(),
    contact: n.contact.trim(),
  };
  const parts = NOTICE_PARTS.map((p) => ({ key: p.key, label: p.labelZh, text: value[p.key] }));
  const headline = n.headline?.trim() || DEFAULT_HEADLINE;
  return { headline, parts, text: parts.map((p) => `${p.label}：${p.text}`).join('\n') };
}

export const TEMPLATE_NOTICE = 'security-incident-notice';
export const TEMPLATE_NOTICE_SMS = 'security-incident-notice-sms';

let defined = false;
/** Registers the templates once per process. */
export function defineIncidentTemplates() {
  if (defined) return;
  defined = true;
  defineTemplate({
    name: TEMPLATE_NOTICE,
    // the body is the staff-written notice (no one's PI); it is the same for every recipient
    sensitive: false,
    params: ['headline', 'piTypes', 'cause', 'possibleHarm', 'measures', 'advice', 'contact'],
    text: {
      'zh-CN': {
        subject: '{{headline}}',
        body: '您好！我们发现一起可能涉及您个人信息的安全事件，依法向您告知如下。\n涉及的个人信息种类：{{piTypes}}\n事件发生的原因：{{cause}}\n可能造成的危害：{{possibleHarm}}\n我们已采取的补救措施：{{measures}}\n您可以采取的减轻危害的措施：{{advice}}\n联系我们：{{contact}}',
      },
      en: {
        subject: '{{headline}}',
        body: 'We found a security incident that may involve your personal information.\nTypes of personal information involved: {{piTypes}}\nCause: {{cause}}\nPossible harm: {{possibleHarm}}\nRemedial measures taken: {{measures}}\nWhat you can do to reduce harm: {{advice}}\nHow to contact us: {{contact}}',
      },
    },
  });
  defineTemplate({
    name: TEMPLATE_NOTICE_SMS,
    sensitive: false,
    params: ['headline'],
    text: {
      'zh-CN': { subject: '{{headline}}', body: '【南通百通】{{headline}}：一起安全事件可能涉及您的个人信息。详情(涉及信息、原因、可能的危害、补救措施与防范建议)请在南通百通APP“消息”中查看，或拨打0513-85216336。' },
      en: { subject: '{{headline}}', body: '[Nantong Baitong] {{headline}}: a security incident may involve your personal information. See the in-app message for details, or call 0513-85216336.' },
    },
  });
}

export function templateParams(n: NoticeDraft): Record<string, string> {
  const r = renderNotice(n);
  const by = Object.fromEntries(r.parts.map((p) => [p.key, p.text]));
  return { headline: r.headline, piTypes: by.piTypes!, cause: by.cause!, possibleHarm: by.possibleHarm!, measures: by.measures!, advice: by.advice!, contact: by.contact! };
}
