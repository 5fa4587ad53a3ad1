// PP-3.5 "按照监管部门要求，上报个人信息安全事件的处置情况": the report text generated from the register, for the
// 网信部门 (cyberspace administration) or the 公安机关 (public security). It states facts from the register and counts
// only — never who was affected.
import type { SecurityIncidentRow } from './incidents.repository.ts';
import { elementNames, renderNotice, missingParts } from './incidents.notice.ts';
import { STATUS_LABELS, REPORT_WITHIN_HOURS } from './incidents.workflow.ts';

export const REGULATORS = { cac: '南通市互联网信息办公室(网信部门)', police: '南通市公安局网络安全保卫支队(公安机关)' } as const;
export type Regulator = keyof typeof REGULATORS;

const SEVERITY_ZH = { low: '一般', medium: '较大', high: '重大', critical: '特别重大' } as const;

const fmt = (d: Date) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);

export function reportText(
  row: SecurityIncidentRow,
  counts: { subjects: number; enqueued: number },
  recipient: Regulator,
  now: Date,
): string {
  const notice = row.notice && !missingParts(row.notice).length ? renderNotice(row.notice) : null;
  const measures = notice?.parts.find((p) => p.key === 'measures')?.text ?? '(补救措施尚在制定)';
  const lines = [
    `${REGULATORS[recipient]}：`,
    `南通市大数据管理局(南通百通平台运营方)现报告个人信息安全事件处置情况如下。`,
    `一、事件概况：${row.title}。${row.summary}`,
    `二、发现时间：${fmt(row.detected_at)}；事件级别：${SEVERITY_ZH[row.severity]}；当前处置阶段：${STATUS_LABELS[row.status]}。`,
    `三、涉及的个人信息种类：${elementNames(row.elements)}。`,
    `四、事件原因：${row.cause}`,
    `五、可能造成的危害：${row.possible_harm}`,
    `六、已采取的补救措施：${measures}`,
    `七、受影响个人：${row.unreachable ? '难以逐一告知，已/将以公告方式告知' : `${counts.subjects} 个帐号`}；已向 ${counts.enqueued} 个帐号发送告知${row.public_notice_at ? '；已发布公告' : ''}。`,
    `八、联系人及联系方式：南通市大数据管理局，0513-85216336。`,
    `(本平台规则：发现后 ${REPORT_WITHIN_HOURS} 小时内报告；报告生成时间 ${fmt(now)})`,
  ];
  return lines.join('\n');
}
