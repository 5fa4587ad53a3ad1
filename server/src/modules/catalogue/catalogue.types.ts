// The shape of a service item (政务服务事项) as the 政务服务事项实施清单 describes it, shared by the seed, the
// repository, the service and the routes. Field names are camelCase here and snake_case in the tables.

/** 事项类型 — the ten kinds of 行政权力 reduced to those a city app lists, plus 公共服务. */
export const ITEM_TYPES = ['行政许可', '行政确认', '行政给付', '行政征收', '行政裁决', '行政奖励', '其他行政权力', '公共服务'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** 办件类型: 即办件 is settled on the spot; 承诺件 within `promisedDays` working days. */
export type HandlingKind = 'immediate' | 'promised';
/** 到现场次数: 零跑动 (fully online), 最多跑一次, 跑两次 (rare, e.g. on-site inspection). */
export type Visits = 'zero' | 'once' | 'twice';
export const VISITS_ZH: Record<Visits, string> = { zero: '零跑动', once: '最多跑一次', twice: '跑两次' };
export const HANDLING_ZH: Record<HandlingKind, string> = { immediate: '即办件', promised: '承诺件' };

/** 320600 = city-wide (市级); otherwise one of the seven county-level divisions (reference COUNTIES). */
export const CITY_CODE = '320600';

export interface Material {
  name: string;
  /** 原件 / 复印件 / 电子证照 … */
  form?: string;
  note?: string;
}

export interface PartnerLink {
  url: string;
  /** PP-2.3: the sharing category (privacy inventory SHARING_CATEGORIES id) whose fields the partner receives */
  sharingCategory: string;
}

/** What staff edit: everything about an item except its code, popularity and publication state. */
export interface ItemContent {
  name: string;
  shortName: string;
  aliases: string[];
  keywords: string[];
  /** organisations.id of the responsible organisation (reference module) */
  departmentId: string;
  /** 实施主体 as named on the item, e.g. 如皋市人力资源和社会保障局 */
  departmentName: string;
  itemType: ItemType;
  category: string;
  districtCode: string;
  online: boolean;
  handlingKind: HandlingKind;
  /** 承诺办结时限 in working days; null for 即办件 */
  promisedDays: number | null;
  visits: Visits;
  /** 收费标准; '不收费' when free */
  fee: string;
  materials: Material[];
  steps: string[];
  hallIds: string[];
  partner: PartnerLink | null;
}

export interface CatalogueItem extends ItemContent {
  code: string;
  level: 'city' | 'county';
  districtName: string;
  /** relative demand (seeded from practice, later from anonymous usage counts); higher is more popular */
  popularity: number;
  revision: number;
  publishedAt: Date | null;
}

export interface Hall {
  id: string;
  name: string;
  kind: 'city' | 'county' | 'branch';
  districtCode: string;
  address: string;
  openingHours: string;
  phone: string;
  lat: number;
  lng: number;
}

export interface Category {
  id: string;
  nameZh: string;
  nameEn: string;
}
