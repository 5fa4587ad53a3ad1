// The fixed vocabularies of 12345: request types (the Open311 service list builds on them), the emergency words that
// send the caller to 110/119/120/122 instead of filing, and the routing rules (keywords → department; local matters to
// the county-level government of the district).
export const REQUEST_TYPES = ['consultation', 'help', 'complaint', 'report', 'suggestion', 'other'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export const TYPE_LABELS: Record<RequestType, { zh: string; en: string; descriptionZh: string }> = {
  consultation: { zh: '咨询', en: 'Enquiry', descriptionZh: '政策、办事流程等方面的咨询' },
  help: { zh: '求助', en: 'Request for help', descriptionZh: '生活中遇到困难需要政府部门帮助' },
  complaint: { zh: '投诉', en: 'Complaint', descriptionZh: '对侵害自身权益的行为或政府服务的不满' },
  report: { zh: '举报', en: 'Report of wrongdoing', descriptionZh: '对违法违规行为的举报' },
  suggestion: { zh: '建议', en: 'Suggestion', descriptionZh: '对城市管理和公共服务的意见建议' },
  other: { zh: '其他', en: 'Other', descriptionZh: '其他诉求' },
};

/** Default time limits in working days, counted from the day after receipt (issue #8); the table can override. */
export const DEFAULT_WORKING_DAYS: Record<RequestType, number> = { consultation: 3, help: 5, complaint: 15, report: 15, suggestion: 15, other: 15 };

export const CHANNELS = ['app', 'mayor-mailbox', 'leader-mailbox', 'partner'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface EmergencyNumber {
  number: '110' | '119' | '120' | '122';
  nameZh: string;
}

const EMERGENCY: [RegExp, EmergencyNumber][] = [
  [/火灾|着火|失火|起火|冒烟|爆炸|煤气泄漏|燃气泄漏|被困/, { number: '119', nameZh: '火警、抢险救援' }],
  [/抢劫|杀人|持刀|绑架|行凶|打架斗殴|正在被打|入室盗窃|有人跳楼|轻生|家暴|报警/, { number: '110', nameZh: '治安警情、刑事案件' }],
  [/急救|昏迷|晕倒|心脏病发|大出血|中毒|呼吸困难|溺水|受重伤/, { number: '120', nameZh: '医疗急救' }],
  [/车祸|交通事故|撞车|追尾|肇事逃逸/, { number: '122', nameZh: '交通事故' }],
];

/** The emergency numbers whose words appear in the text (empty: not an emergency). */
export function emergencyNumbers(text: string): EmergencyNumber[] {
  const out: EmergencyNumber[] = [];
  for (const [re, n] of EMERGENCY) if (re.test(text) && !out.some((o) => o.number === n.number)) out.push(n);
  return out;
}

// Keyword → responsible city department (ids from reference organisations). Ordered: the first match wins.
const KEYWORDS: [RegExp, string][] = [
  [/公积金/, 'housing-fund'],
  [/医保|医疗保险|报销/, 'medical-security'],
  [/社保|养老保险|失业|欠薪|拖欠工资|劳动合同|工伤|就业/, 'hrss'],
  [/户口|户籍|身份证|居住证|治安|噪声扰民.*夜|传销/, 'police'],
  [/医院|医生|卫生|疫苗|诊所/, 'health'],
  [/学校|幼儿园|教育|学生|培训机构|老师/, 'education'],
  [/公交|出租车|网约车|道路运输|客运|驾校/, 'transport'],
  [/排污|污染|臭味|废气|污水|扬尘|噪音|噪声/, 'ecology'],
  [/物业|小区|房屋|房产|商品房|电梯|维修基金|燃气/, 'housing'],
  [/违建|违章搭建|占道|乱摆|垃圾|路灯|井盖|绿化|渣土|油烟|广告牌|城管/, 'urban-management'],
  [/食品|价格|消费|商家|假冒|过期|退款|虚假宣传/, 'market'],
  [/发票|纳税|税务|个税/, 'tax'],
  [/低保|养老院|婚姻登记|殡葬|社会救助|残疾/, 'civil-affairs'],
  [/河道|水利|防汛|堤坝/, 'water'],
  [/农业|农田|种植|养殖|农药/, 'agriculture'],
  [/旅游|景区|导游|文物|演出/, 'culture-tourism'],
  [/安全生产|危化品|应急/, 'emergency'],
  [/不动产|土地|规划/, 'natural-resources'],
  [/政务服务|办事大厅|窗口|一网通办/, 'gov-services'],
];

/** Departments whose matters are handled locally: with a known district they go to that county-level government. */
const LOCAL_MATTERS = new Set(['urban-management', 'housing', 'ecology', 'water', 'agriculture', 'civil-affairs']);

/** county division code → its government's organisation id */
export type CountyOrganisations = ReadonlyMap<string, string>;

export interface RouteSuggestion {
  organisationId: string | null;
  /** how the suggestion was reached, for the dispatcher */
  rule: 'keyword' | 'keyword-local' | 'district' | 'none';
  keyword?: string;
}

/** Suggests the responsible organisation from the text and the district; the dispatcher may override. */
export function suggestRoute(text: string, divisionCode: string | null, counties: CountyOrganisations): RouteSuggestion {
  const county = divisionCode ? counties.get(divisionCode.slice(0, 6)) ?? null : null;
  for (const [re, org] of KEYWORDS) {
    const m = re.exec(text);
    if (!m) continue;
    if (LOCAL_MATTERS.has(org) && county) return { organisationId: county, rule: 'keyword-local', keyword: m[0] };
    return { organisationId: org, rule: 'keyword', keyword: m[0] };
  }
  if (county) return { organisationId: county, rule: 'district' };
  return { organisationId: null, rule: 'none' };
}
