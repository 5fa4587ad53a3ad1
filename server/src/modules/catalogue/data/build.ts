// Turns the compact definitions in items.city.ts / items.county.ts into full catalogue items: stable codes, the
// implementing body named as a county names its own bureau, default steps by how the item is handled, and the hall.
// Codes are `<division>-<type>-<nnnn>`: a definition's number never changes once shipped (search's judged query set
// and citizens' favourites refer to codes), new definitions get new numbers.
import { COUNTIES, ORGANISATIONS } from '../../reference/index.ts';
import { CITY_CODE, type ItemContent, type ItemType, type Material, type Visits } from '../catalogue.types.ts';
import { COUNTY_HALL } from './halls.ts';

export const TYPE_ABBR: Record<string, ItemType> = {
  XK: '行政许可', QR: '行政确认', JF: '行政给付', ZS: '行政征收', CJ: '行政裁决', JL: '行政奖励', QT: '其他行政权力', GG: '公共服务',
};

export interface ItemDef {
  n: number;
  t: keyof typeof TYPE_ABBR;
  cat: string;
  dept: string;
  name: string;
  short?: string;
  aliases?: string[];
  kw?: string[];
  /** default true */
  online?: boolean;
  /** promised working days; 0 or absent → 即办件 */
  days?: number;
  visits?: Visits;
  fee?: string;
  mat?: (string | Material)[];
  steps?: string[];
  halls?: string[];
  partner?: [url: string, sharingCategory: string];
  pop?: number;
  /** implementing body when it is not the department itself (e.g. 国网南通供电公司) */
  body?: string;
}

export interface SeedItem extends ItemContent {
  code: string;
  level: 'city' | 'county';
  popularity: number;
}

const orgName = new Map(ORGANISATIONS.map((o) => [o.id, o.name]));
const countyName = new Map(COUNTIES.map((c) => [c.code, c.name]));

/** How a county-level division names its own bureau of a city department's line. */
const COUNTY_SUFFIX: Record<string, string> = {
  hrss: '人力资源和社会保障局', health: '卫生健康委员会', housing: '住房和城乡建设局', 'natural-resources': '自然资源和规划局',
  market: '市场监督管理局', ecology: '生态环境局', transport: '交通运输局', 'urban-management': '城市管理局', 'civil-affairs': '民政局',
  education: '教育体育局', 'medical-security': '医疗保障局', finance: '财政局', justice: '司法局', veterans: '退役军人事务局',
  'culture-tourism': '文化广电和旅游局', emergency: '应急管理局', water: '水利局', agriculture: '农业农村局', 'gov-services': '行政审批局',
  data: '数据局',
};

export function countyBody(dept: string, district: string): string {
  const county = countyName.get(district);
  if (!county) throw new Error(`unknown district ${district}`);
  const isDistrict = county.endsWith('区'); // 崇川/通州/海门 are districts of the city: "南通市崇川区…"
  const prefix = isDistrict ? `南通市${county}` : county;
  if (dept === 'police') return isDistrict ? `南通市公安局${county.slice(0, -1)}分局` : `${county}公安局`;
  if (dept === 'housing-fund') return `南通市住房公积金管理中心${county.slice(0, -1)}管理部`;
  if (dept === 'tax') return `国家税务总局${prefix}税务局`;
  if (dept === 'hotline-12345') return `${prefix}12345政务服务热线分中心`;
  const suffix = COUNTY_SUFFIX[dept];
  if (!suffix) throw new Error(`no county name for department ${dept}`);
  return prefix + suffix;
}

function defaultSteps(online: boolean, immediate: boolean): string[] {
  if (online && immediate) return ['登录南通百通，进入事项页面', '填写或确认申请信息', '系统核验后即时办结，结果在线查看'];
  if (online) return ['在线填写申请并上传材料', '部门受理（1个工作日内告知是否受理）', '审查并作出决定', '办结，电子证照推送或免费寄递'];
  return ['携带材料到服务大厅对应窗口取号', '窗口受理并审核材料', '部门审查并作出决定', '窗口领取结果或免费寄递'];
}

const material = (m: string | Material): Material => (typeof m === 'string' ? { name: m, form: '原件' } : m);

export function buildItem(def: ItemDef, district: string): SeedItem {
  const type = TYPE_ABBR[def.t];
  if (!type) throw new Error(`unknown type ${def.t}`);
  const city = district === CITY_CODE;
  const online = def.online ?? true;
  const immediate = !def.days;
  const departmentName = def.body ?? (city ? orgName.get(def.dept) : countyBody(def.dept, district));
  if (!departmentName || !orgName.has(def.dept)) throw new Error(`unknown department ${def.dept} for ${def.name}`);
  return {
    code: `${district}-${def.t}-${String(def.n).padStart(4, '0')}`,
    level: city ? 'city' : 'county',
    name: def.name,
    shortName: def.short ?? def.name,
    aliases: def.aliases ?? [],
    keywords: def.kw ?? [],
    departmentId: def.dept,
    departmentName,
    itemType: type,
    category: def.cat,
    districtCode: district,
    online,
    handlingKind: immediate ? 'immediate' : 'promised',
    promisedDays: immediate ? null : def.days!,
    visits: def.visits ?? (online ? 'zero' : 'once'),
    fee: def.fee ?? '不收费',
    materials: (def.mat ?? ['居民身份证']).map(material),
    steps: def.steps ?? defaultSteps(online, immediate),
    hallIds: def.halls ?? (def.partner && online ? [] : [COUNTY_HALL[district]!]),
    partner: def.partner ? { url: def.partner[0], sharingCategory: def.partner[1] } : null,
    popularity: def.pop ?? 10,
  };
}
