// A small catalogue for engine tests: enough neighbours that ranking has to choose (several 公积金 items, a county
// copy of a city item, items sharing words).
import type { SearchableItem } from '../../src/modules/search/index.ts';

const item = (code: string, name: string, category: string, extra: Partial<SearchableItem> = {}): SearchableItem => ({
  code, name, category, aliases: [], keywords: [], districtCode: '320600', popularity: 100, ...extra,
});

export const FIXTURE_ITEMS: SearchableItem[] = [
  item('C-1', '住房公积金个人账户信息查询', 'housing', { shortName: '公积金查询', aliases: ['查公积金', '公积金余额'], popularity: 960 }),
  item('C-2', '购买自住住房提取住房公积金', 'housing', { shortName: '购房提取公积金', aliases: ['公积金提取'], popularity: 620 }),
  item('C-3', '租赁住房提取住房公积金', 'housing', { shortName: '租房提取公积金', popularity: 700 }),
  item('C-4', '住房公积金个人住房贷款申请', 'housing', { shortName: '公积金贷款', popularity: 450 }),
  item('R-1', '住房公积金个人账户信息查询（如皋）', 'housing', { shortName: '如皋公积金查询', districtCode: '320682', popularity: 200 }),
  item('C-5', '个人社会保险参保信息查询', 'socialSecurity', { shortName: '社保查询', aliases: ['查社保'], popularity: 980 }),
  item('C-6', '灵活就业人员社会保险费缴纳', 'socialSecurity', { shortName: '社保缴费', aliases: ['个人交社保'], popularity: 500 }),
  item('C-7', '社会保障卡挂失', 'socialSecurity', { shortName: '社保卡挂失', popularity: 420 }),
  item('C-8', '居民身份证挂失申报', 'police', { shortName: '身份证挂失', popularity: 300 }),
  item('C-9', '居民身份证补领', 'police', { shortName: '身份证补领', aliases: ['补办身份证'], popularity: 400 }),
  item('C-10', '机动车驾驶证换证', 'police', { shortName: '驾驶证换证', aliases: ['换驾照'], popularity: 580 }),
  item('C-11', '机动车驾驶证补领', 'police', { shortName: '驾驶证补领', popularity: 360 }),
  item('C-12', '超限运输车辆通行证核发', 'police', { shortName: '三超证申请', aliases: ['三超证'], popularity: 180 }),
  item('C-13', '生育登记', 'family', { aliases: ['准生证'], popularity: 350 }),
  item('C-14', '出生医学证明签发', 'family', { shortName: '出生医学证明', popularity: 330 }),
  item('C-15', '内地居民婚姻登记', 'family', { shortName: '婚姻登记', aliases: ['结婚登记', '离婚登记'], popularity: 500 }),
  item('C-16', '新生儿重名查询', 'police', { shortName: '重名查询', popularity: 260 }),
  item('C-17', '居民燃气费缴纳', 'payments', { shortName: '燃气费', popularity: 600 }),
  item('C-18', '不动产登记信息查询', 'realEstate', { shortName: '不动产查询', popularity: 540 }),
  item('C-19', '给市长写信', 'interaction', { aliases: ['市长信箱'], popularity: 400 }),
];

export const FIXTURE_CATEGORIES = [
  { id: 'housing', nameZh: '住房保障', nameEn: 'Housing' },
  { id: 'socialSecurity', nameZh: '社会保障', nameEn: 'Social security' },
  { id: 'police', nameZh: '警务', nameEn: 'Police' },
  { id: 'family', nameZh: '婚育收养', nameEn: 'Family' },
  { id: 'payments', nameZh: '缴费', nameEn: 'Payments' },
  { id: 'realEstate', nameZh: '不动产', nameEn: 'Real estate' },
  { id: 'interaction', nameZh: '政务互动', nameEn: 'Interaction' },
];
