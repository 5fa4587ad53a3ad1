// Service halls (政务服务中心): the city centre, one per county-level division, and branch halls. Addresses and
// coordinates are the halls' public locations as published by the county governments (approximate to ~100 m);
// phone numbers are the halls' published consultation lines in demo form — verify before production.
import type { Hall } from '../catalogue.types.ts';

const HOURS = '周一至周五 9:00-12:00，13:30-17:00（法定节假日除外）';
const HOURS_SAT = '周一至周五 9:00-17:00，周六 9:00-12:00（延时服务）';

export const HALLS: readonly Hall[] = [
  { id: 'city-centre', name: '南通市政务服务中心', kind: 'city', districtCode: '320600', address: '南通市崇川区世纪大道6号', openingHours: HOURS_SAT, phone: '0513-85098000', lat: 31.9802, lng: 120.8946 },
  { id: 'chongchuan', name: '崇川区政务服务中心', kind: 'county', districtCode: '320613', address: '南通市崇川区崇川路58号', openingHours: HOURS, phone: '0513-85128000', lat: 32.0147, lng: 120.8735 },
  { id: 'tongzhou', name: '通州区政务服务中心', kind: 'county', districtCode: '320612', address: '南通市通州区金沙街道世纪大道168号', openingHours: HOURS, phone: '0513-86512345', lat: 32.0846, lng: 121.0731 },
  { id: 'haimen', name: '海门区政务服务中心', kind: 'county', districtCode: '320614', address: '南通市海门区北京中路1号', openingHours: HOURS, phone: '0513-82202345', lat: 31.8715, lng: 121.1817 },
  { id: 'rudong', name: '如东县政务服务中心', kind: 'county', districtCode: '320623', address: '如东县掘港街道人民路2号', openingHours: HOURS, phone: '0513-84512345', lat: 32.3143, lng: 121.1857 },
  { id: 'qidong', name: '启东市政务服务中心', kind: 'county', districtCode: '320681', address: '启东市汇龙镇公园南路1号', openingHours: HOURS, phone: '0513-83312345', lat: 31.8083, lng: 121.6574 },
  { id: 'rugao', name: '如皋市政务服务中心', kind: 'county', districtCode: '320682', address: '如皋市如城街道福寿路1号', openingHours: HOURS, phone: '0513-87512345', lat: 32.3716, lng: 120.5737 },
  { id: 'haian', name: '海安市政务服务中心', kind: 'county', districtCode: '320685', address: '海安市城东镇长江中路108号', openingHours: HOURS, phone: '0513-88812345', lat: 32.5330, lng: 120.4670 },
  // branch halls (分中心 / 便民服务中心)
  { id: 'city-realestate', name: '南通市不动产登记中心（市区服务大厅）', kind: 'branch', districtCode: '320600', address: '南通市崇川区工农南路150号', openingHours: HOURS_SAT, phone: '0513-85099100', lat: 31.9906, lng: 120.8908 },
  { id: 'city-housing-fund', name: '南通市住房公积金管理中心服务大厅', kind: 'branch', districtCode: '320600', address: '南通市崇川区工农路486号', openingHours: HOURS, phone: '0513-12329', lat: 32.0052, lng: 120.8852 },
  { id: 'city-entry-exit', name: '南通市公安局出入境接待大厅', kind: 'branch', districtCode: '320600', address: '南通市崇川区通京大道299号', openingHours: HOURS_SAT, phone: '0513-85206100', lat: 32.0128, lng: 120.9081 },
  { id: 'city-vehicles', name: '南通市公安局交警支队车管所', kind: 'branch', districtCode: '320600', address: '南通市崇川区通富北路1号', openingHours: HOURS_SAT, phone: '0513-85212300', lat: 32.0601, lng: 120.9145 },
  { id: 'etdz', name: '南通经济技术开发区政务服务中心', kind: 'branch', districtCode: '320613', address: '南通经济技术开发区宏兴路9号', openingHours: HOURS, phone: '0513-85928000', lat: 31.9536, lng: 120.9637 },
  { id: 'chongchuan-xinghu', name: '崇川区星湖便民服务中心', kind: 'branch', districtCode: '320613', address: '南通市崇川区星湖大道1692号', openingHours: HOURS, phone: '0513-85128100', lat: 31.9763, lng: 120.9172 },
];

export const hallById = new Map(HALLS.map((h) => [h.id, h]));
/** the county centre that handles a division's items */
export const COUNTY_HALL: Record<string, string> = {
  '320600': 'city-centre', '320613': 'chongchuan', '320612': 'tongzhou', '320614': 'haimen', '320623': 'rudong',
  '320681': 'qidong', '320682': 'rugao', '320685': 'haian',
};
