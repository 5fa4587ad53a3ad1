// The purposes for which 南通百通 processes PI (policy 一), each with the elements it may touch, its legal basis under
// PIPL art. 13 (LAW-3) and the device permission it asks for. The guard (consent.service.ts) enforces both halves:
// an element not declared here for the purpose is refused (purpose limitation, PP-2.1), and a consent-based purpose
// runs only with a current, unwithdrawn consent (PP-4.4).

import { MODULE_INVENTORIES } from './modules/index.ts';

export type LegalBasis = 'consent' | 'separate-consent' | 'statutory-duty' | 'contract' | 'legal-obligation';
export type DevicePermission = 'camera' | 'storage' | 'photos' | 'location' | 'microphone' | 'phone' | 'notifications';

export interface Purpose {
  id: string;
  nameZh: string;
  nameEn: string;
  /** element ids (elements.ts) this purpose may collect or use */
  elements: string[];
  legalBasis: LegalBasis;
  /** why this basis, when it is not consent */
  basisNote?: string;
  devicePermissions: DevicePermission[];
  /** refusing it switches off this feature only; the rest of the app keeps working (PIPL art. 16) */
  refusalDegradesOnly: boolean;
  /** where in the app the collection happens (收集清单 "场景") */
  scenarioZh: string;
  clauses: string[];
}

const POLICY_PURPOSES: readonly Purpose[] = [
  {
    id: 'policy-acceptance', nameZh: '同意隐私政策', nameEn: 'Accepting the privacy policy', elements: [], legalBasis: 'consent',
    devicePermissions: [], refusalDegradesOnly: true, scenarioZh: '首次打开APP时阅读并点击“同意”；拒绝时仅可浏览主界面基本服务', clauses: ['PP-0.1', 'PP-1.1'],
  },
  {
    id: 'consent-management', nameZh: '授权同意管理', nameEn: 'Recording consent and its withdrawal', elements: ['consent-history'], legalBasis: 'legal-obligation',
    basisNote: 'the handler must be able to prove consent and its withdrawal (PIPL arts. 14–15)', devicePermissions: [], refusalDegradesOnly: false,
    scenarioZh: '同意、撤回授权时记录', clauses: ['PP-0.1', 'PP-4.4', 'LAW-3'],
  },
  {
    id: 'pi-accountability', nameZh: '个人信息处理记录与审计', nameEn: 'Audit and sharing records of PI processing',
    elements: ['account-id', 'pi-audit-trail', 'sharing-records'], legalBasis: 'legal-obligation',
    basisNote: 'security and record-keeping duties (PIPL arts. 51, 55; 网络安全法 art. 21; GB/T 35273 §9.2, §11.7)', devicePermissions: [], refusalDegradesOnly: false,
    scenarioZh: '工作人员或系统处理、对外提供您的个人信息时记录', clauses: ['PP-3.4', 'LAW-4', 'LAW-9'],
  },
  {
    id: 'account-messages', nameZh: '与您沟通(验证码、通知、站内信)', nameEn: 'Contacting you (codes, notices, in-app messages)',
    elements: ['account-id', 'mobile', 'email', 'messages'], legalBasis: 'contract',
    basisNote: 'necessary to operate the account the user holds: one-time codes, replies and notices about their own matters (PIPL art. 13(2))',
    devicePermissions: [], refusalDegradesOnly: false, scenarioZh: '发送验证码、办事进度、回复和站内信', clauses: ['PP-1.18', 'PP-3.5'],
  },
  {
    id: 'registration', nameZh: '注册登录', nameEn: 'Registration and sign-in', elements: ['account-name', 'mobile', 'password'], legalBasis: 'contract',
    basisNote: 'necessary to provide the account the user asks for (PIPL art. 13(2)); nothing beyond PP-1.2', devicePermissions: [], refusalDegradesOnly: false,
    scenarioZh: '注册南通百通帐号、登录', clauses: ['PP-1.2', 'PP-1.3'],
  },
  {
    id: 'real-name-face', nameZh: '实名认证·扫脸', nameEn: 'Real-name verification by face', elements: ['face', 'real-name', 'id-number', 'id-type', 'real-name-status'],
    legalBasis: 'separate-consent', devicePermissions: ['camera', 'storage', 'photos'], refusalDegradesOnly: true,
    scenarioZh: '实名认证(扫脸认证)、刷脸登录、二次核身', clauses: ['PP-1.5', 'PP-1.7', 'LAW-1'],
  },
  {
    id: 'real-name-bank-card', nameZh: '实名认证·银行卡', nameEn: 'Real-name verification by bank card',
    elements: ['real-name', 'id-number', 'id-type', 'bank-card-number', 'bank-reserved-mobile', 'real-name-status'],
    legalBasis: 'separate-consent', devicePermissions: [], refusalDegradesOnly: true, scenarioZh: '实名认证(银行卡认证)', clauses: ['PP-1.6', 'PP-1.7', 'LAW-1'],
  },
  {
    id: 'hotline-12345', nameZh: '12345诉求办理', nameEn: '12345 hotline requests', elements: ['real-name', 'gender', 'id-number', 'mobile', 'email', 'precise-location'],
    legalBasis: 'statutory-duty', basisNote: '12345 政务服务便民热线 handling and follow-up are statutory duties of the city government (PIPL art. 13(3), art. 34)',
    devicePermissions: [], refusalDegradesOnly: true, scenarioZh: '提交12345诉求、给市长写信、给委办局领导写信，并由相关部门处理和回访', clauses: ['PP-1.8', 'PP-2.3'],
  },
  {
    id: 'search-history', nameZh: '搜索历史与收藏办事记录', nameEn: 'Search history, favourites and handling records',
    elements: ['search-keywords', 'clicked-links', 'favourites', 'handling-records'], legalBasis: 'consent', devicePermissions: [], refusalDegradesOnly: true,
    scenarioZh: '搜索页面的搜索历史、“我的服务”办事记录、“我的收藏”', clauses: ['PP-1.9'],
  },
  {
    id: 'location-services', nameZh: '定位服务(天气、周边地图、区县专区、一键召车)', nameEn: 'Location for weather, nearby map, district services, taxi',
    elements: ['precise-location'], legalBasis: 'separate-consent', devicePermissions: ['location'], refusalDegradesOnly: true,
    scenarioZh: '天气详情、周边地图、区县专区服务、一键召车', clauses: ['PP-1.12', 'LAW-1'],
  },
  {
    id: 'photo-camera', nameZh: '相册/相机', nameEn: 'Photo album and camera', elements: ['photos'], legalBasis: 'consent',
    devicePermissions: ['camera', 'storage', 'photos'], refusalDegradesOnly: true, scenarioZh: '图片上传、扫一扫、12345附件', clauses: ['PP-1.13'],
  },
  {
    id: 'voice', nameZh: '语音', nameEn: 'Voice input', elements: ['voice'], legalBasis: 'consent', devicePermissions: ['microphone'], refusalDegradesOnly: true,
    scenarioZh: '12345语音材料、语音搜索', clauses: ['PP-1.14'],
  },
  {
    id: 'phone-call', nameZh: '电话拨打', nameEn: 'Tap-to-call department numbers', elements: [], legalBasis: 'consent', devicePermissions: ['phone'], refusalDegradesOnly: true,
    scenarioZh: '直接拨打相关部门联系电话', clauses: ['PP-1.15'],
  },
  {
    id: 'ecard-reminders', nameZh: '电子卡证与到期提醒', nameEn: 'E-cards and expiry reminders', elements: ['ecard-number', 'ecard-validity'], legalBasis: 'consent',
    devicePermissions: ['notifications'], refusalDegradesOnly: true, scenarioZh: '电子卡证快速展示、证件到期提醒', clauses: ['PP-1.16'],
  },
  {
    id: 'abnormal-login-alerts', nameZh: '异常登录提醒', nameEn: 'Abnormal sign-in alerts', elements: ['account-id', 'mobile', 'email', 'ip-address', 'device-model', 'messages'], legalBasis: 'legal-obligation',
    basisNote: 'network-operator security duty (网络安全法 arts. 21, 25)', devicePermissions: [], refusalDegradesOnly: false,
    scenarioZh: '检测到异常登录活动时通过手机号码或电子邮件联系您', clauses: ['PP-1.18'],
  },
  {
    id: 'device-security', nameZh: '设备信息与安全', nameEn: 'Device information for service and security',
    elements: ['account-id', 'device-brand', 'device-model', 'os-version', 'device-identifiers', 'ip-address'], legalBasis: 'legal-obligation',
    basisNote: 'network and operational security (网络安全法 art. 21)', devicePermissions: [], refusalDegradesOnly: false,
    scenarioZh: '使用南通百通时识别设备、保障帐号安全，并与帐号/手机号关联', clauses: ['PP-1.10'],
  },
  {
    id: 'service-logs', nameZh: '日志', nameEn: 'Service logs', elements: ['usage-logs', 'ip-address'], legalBasis: 'legal-obligation',
    basisNote: 'network logs kept at least six months (网络安全法 art. 21, LAW-7)', devicePermissions: [], refusalDegradesOnly: false,
    scenarioZh: '服务器自动记录访问服务的名称、日期、时间、时长', clauses: ['PP-1.11', 'LAW-7'],
  },
  {
    id: 'usage-statistics', nameZh: '统计分析(去标识化)', nameEn: 'Usage statistics (de-identified)', elements: ['usage-logs', 'device-model', 'os-version'], legalBasis: 'consent',
    devicePermissions: [], refusalDegradesOnly: true, scenarioZh: '统计产品使用情况；对外只提供不含身份识别信息的统计结果', clauses: ['PP-1.19', 'PP-2.8'],
  },
  // 二(一) sharing: the services that pass PI to other handlers (recipients.ts names them per category)
  {
    id: 'government-services', nameZh: '政务服务办理', nameEn: 'Government services handled by the competent departments',
    elements: ['real-name', 'id-number', 'mobile', 'face', 'social-security-account', 'housing-fund-account', 'precise-location', 'home-address', 'bank-card-number', 'household-registration'],
    legalBasis: 'statutory-duty', basisNote: 'the recipients are state organs acting within their statutory duties (PIPL art. 13(3), arts. 34–35); face is used only after the user\u2019s separate consent to real-name-face',
    devicePermissions: [], refusalDegradesOnly: true,
    scenarioZh: '社保、公积金、网上大厅申报、代办帮办、电子社保卡、苏康码、三超证、婚姻登记、尊老金、学历查询、不动产查询等', clauses: ['PP-2.1', 'PP-2.3'],
  },
  {
    id: 'payment-services', nameZh: '缴费服务', nameEn: 'Bill payment', elements: ['real-name', 'id-number', 'mobile', 'bill-details', 'payment-records'], legalBasis: 'contract',
    basisNote: 'necessary to perform the payment the user orders (PIPL art. 13(2))', devicePermissions: [], refusalDegradesOnly: true,
    scenarioZh: '手机充值、燃气费、水费、电费、财政非税缴费', clauses: ['PP-2.3'],
  },
  {
    id: 'transport-services', nameZh: '交通出行服务', nameEn: 'Transport services', elements: ['mobile', 'precise-location', 'real-name', 'id-number', 'id-type', 'real-name-status'],
    legalBasis: 'contract', basisNote: 'necessary to perform the ride, booking or car-moving request the user makes (PIPL art. 13(2))', devicePermissions: ['location'],
    refusalDegradesOnly: true, scenarioZh: '一键召车、出行订票、自助移车', clauses: ['PP-2.3'],
  },
  {
    id: 'tourism-services', nameZh: '旅游服务', nameEn: 'Tourism services', elements: ['real-name', 'mobile', 'id-number'], legalBasis: 'contract',
    basisNote: 'necessary to issue the ticket the user buys (real-name ticketing)', devicePermissions: [], refusalDegradesOnly: true,
    scenarioZh: '畅游南通、景区门票', clauses: ['PP-2.3'],
  },
  // PP-2.4: joint promotions with a third party. Providing PI to another handler rests on the citizen's consent given
  // for it alone (PIPL art. 23): the activity page's 同意并参加 tap, recorded with separate = true, after the page named
  // the co-organiser and exactly the categories it receives (recipients.ts JOINT_PROMOTION_CATEGORY bounds them).
  {
    id: 'joint-promotions', nameZh: '联合推广活动(优惠券领取、抽奖)', nameEn: 'Joint promotions (coupons, lotteries)',
    elements: ['promotion-participation', 'mobile', 'account-name'], legalBasis: 'consent', devicePermissions: [], refusalDegradesOnly: true,
    scenarioZh: '您选择参加我们与第三方联合开展的推广活动时，在活动页面看到合作方及需向其提供的信息类别后点击“同意并参加”', clauses: ['PP-2.4'],
  },
];

/** The policy's purposes plus those modules declare (inventory/modules/). */
export const PURPOSES: readonly Purpose[] = [...POLICY_PURPOSES, ...MODULE_INVENTORIES.flatMap((m) => m.purposes ?? [])];


export function purposeById(id: string): Purpose | undefined {
  return PURPOSES.find((p) => p.id === id);
}

export const isConsentBased = (p: Purpose) => p.legalBasis === 'consent' || p.legalBasis === 'separate-consent';

export const LEGAL_BASIS_ZH: Record<LegalBasis, string> = {
  consent: '个人同意',
  'separate-consent': '个人单独同意',
  'statutory-duty': '履行法定职责所必需',
  contract: '订立、履行个人作为一方当事人的合同所必需',
  'legal-obligation': '履行法定义务所必需',
};
