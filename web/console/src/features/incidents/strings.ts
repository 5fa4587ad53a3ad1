// Strings of the console's security-incident pages (permission privacy.incidents), under `incidentsOffice.*`.
import { addStrings } from '../../../../shared/i18n.ts';

const zh = {
  menu: '个人信息安全事件',
  listTitle: '个人信息安全事件登记',
  listHint: '按应急预案处置：控制 → 评估 → 告知 → 报告 → 结案。平台规则：发现后 72 小时内向监管部门报告(法律要求“立即”，未规定小时数)；剩余不足 24 小时为橙色，超期为红色。',
  filter_open: '未结案', filter_closed: '已结案', filter_all: '全部',
  open: '登记事件', title: '事件名称', summary: '事件经过', detectedAt: '发现时间', elements: '涉及的个人信息种类', cause: '原因', possibleHarm: '可能的危害',
  severity: '级别', severity_low: '一般', severity_medium: '较大', severity_high: '重大', severity_critical: '特别重大',
  unreachable: '难以逐一告知(发布公告)', accountIds: '受影响的帐号ID(每行一个)', status: '阶段', subjects: '受影响帐号', deadline: '报告期限', hoursLeft: '剩余{{n}}小时',
  status_open: '已登记', status_contained: '已控制', status_assessed: '已评估', status_notified: '已告知', status_reported: '已上报', status_closed: '已结案',
  step_contain: '控制事态', step_assess: '评估影响', step_notify: '告知用户', step_report: '确认已上报', step_close: '结案',
  steps: '处置步骤', stepNote: '备注(不得包含个人信息)', noSteps: '尚未执行处置步骤',
  addSubjects: '登记受影响帐号', add: '添加',
  notice: '告知内容(《个人信息保护法》第五十七条)', headline: '标题', save: '保存告知内容', preview: '预览', missing: '缺少', saved: '已保存',
  sending: '发送情况', queued: '已生成消息', channel: '渠道', publicNotice: '公开公告', published: '已发布', notPublished: '未发布',
  reports: '向监管部门报告', recipient: '报告对象', recipient_cac: '网信部门', recipient_police: '公安机关', reportedAt: '报告时间', reference: '受理编号',
  reportText: '报告正文(可修改)', generate: '生成报告正文', record: '登记报告', onTime: '按期', late: '超期', back: '返回列表',
};
const en: typeof zh = {
  menu: 'Security incidents',
  listTitle: 'Personal-information security incidents',
  listHint: 'Response plan: contain → assess → notify → report → close. Platform rule: report to the regulator within 72 hours of detection (the law says "at once" without hours); amber under 24 hours, red when overdue.',
  filter_open: 'Open', filter_closed: 'Closed', filter_all: 'All',
  open: 'Open an incident', title: 'Title', summary: 'What happened', detectedAt: 'Detected at', elements: 'PI types involved', cause: 'Cause', possibleHarm: 'Possible harm',
  severity: 'Severity', severity_low: 'Low', severity_medium: 'Medium', severity_high: 'High', severity_critical: 'Critical',
  unreachable: 'Cannot be told one by one (public notice)', accountIds: 'Affected account ids (one per line)', status: 'Stage', subjects: 'Affected accounts', deadline: 'Report due', hoursLeft: '{{n}} h left',
  status_open: 'Opened', status_contained: 'Contained', status_assessed: 'Assessed', status_notified: 'Notified', status_reported: 'Reported', status_closed: 'Closed',
  step_contain: 'Contain', step_assess: 'Assess', step_notify: 'Notify users', step_report: 'Confirm reported', step_close: 'Close',
  steps: 'Steps', stepNote: 'Note (no personal information)', noSteps: 'No step taken yet',
  addSubjects: 'Register affected accounts', add: 'Add',
  notice: 'Notice (PIPL art. 57)', headline: 'Headline', save: 'Save notice', preview: 'Preview', missing: 'Missing', saved: 'Saved',
  sending: 'Sending status', queued: 'Messages created', channel: 'Channel', publicNotice: 'Public notice', published: 'Published', notPublished: 'Not published',
  reports: 'Reports to the regulator', recipient: 'Recipient', recipient_cac: 'Cyberspace administration', recipient_police: 'Public security', reportedAt: 'Reported at', reference: 'Reference',
  reportText: 'Report text (editable)', generate: 'Generate report text', record: 'Record report', onTime: 'on time', late: 'late', back: 'Back to the list',
};
addStrings('incidentsOffice', zh, en);
