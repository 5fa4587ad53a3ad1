// Who receives PI: the 11 sharing categories of policy 二(一) (PP-2.3, with exactly the fields the policy lists — a
// field not listed is never shared), the 21 third-party SDKs of 一(五) (PP-1.20), and the external providers the
// server itself calls. The sharing module enforces SHARING_CATEGORIES; the published lists are generated from here.
import type { DevicePermission, LegalBasis } from './purposes.ts';
import type { Jurisdiction } from './jurisdiction.ts';

export interface SharingCategory {
  id: string;
  nameZh: string;
  nameEn: string;
  /** example services, as the policy names them */
  servicesZh: string[];
  /** element ids (elements.ts) — exactly the policy's list for this category */
  fields: string[];
  recipientsZh: string[];
  /** the purpose (purposes.ts) under which the sharing happens */
  purposeId: string;
  purposeZh: string;
  /** PP-3.3: where the recipients process the data ('CN' = PRC mainland); a recipient outside CN needs cross-border consent */
  jurisdiction: Jurisdiction;
  clauses: string[];
}

export const SHARING_CATEGORIES: readonly SharingCategory[] = [
  {
    id: 'government-affairs', nameZh: '政务办事类', nameEn: 'Government affairs', servicesZh: ['社保查询', '公积金查询', '网上大厅在线申报', '代办帮办'],
    fields: ['real-name', 'id-number', 'mobile', 'face', 'social-security-account', 'housing-fund-account', 'precise-location'],
    recipientsZh: ['南通市人力资源和社会保障局', '南通市住房公积金管理中心', '南通市政务服务管理办公室(江苏政务服务网南通旗舰店)'],
    purposeId: 'government-services', purposeZh: '办理您申请的政务服务事项', jurisdiction: 'CN', clauses: ['PP-2.3'],
  },
  {
    id: 'social-security', nameZh: '社会保障类', nameEn: 'Social security', servicesZh: ['电子社保卡', '个人参保信息'], fields: ['real-name', 'id-number'],
    recipientsZh: ['南通市人力资源和社会保障局'], purposeId: 'government-services', purposeZh: '电子社保卡签发与参保信息查询', jurisdiction: 'CN', clauses: ['PP-2.3'],
  },
  {
    id: 'health', nameZh: '医疗健康类', nameEn: 'Health', servicesZh: ['苏康码'], fields: ['real-name', 'id-number'],
    recipientsZh: ['南通市卫生健康委员会', '江苏省大数据管理中心(苏康码)'], purposeId: 'government-services', purposeZh: '苏康码申领与展示', jurisdiction: 'CN', clauses: ['PP-2.3'],
  },
  {
    id: 'policing', nameZh: '警务类', nameEn: 'Policing', servicesZh: ['三超证申请'], fields: ['real-name', 'id-number', 'mobile', 'home-address'],
    recipientsZh: ['南通市公安局'], purposeId: 'government-services', purposeZh: '受理并审批您的警务申请', jurisdiction: 'CN', clauses: ['PP-2.3'],
  },
  {
    id: 'payments', nameZh: '缴费类', nameEn: 'Payments', servicesZh: ['手机充值', '燃气费', '水费', '电费', '财政非税缴费'],
    fields: ['real-name', 'id-number', 'mobile', 'bill-details', 'payment-records'],
    recipientsZh: ['电信运营商(中国移动、中国联通、中国电信南通分公司)', '南通市燃气、供水企业', '国网南通供电公司', '南通市财政局(非税收入收缴)'],
    purposeId: 'payment-services', purposeZh: '完成您发起的缴费', jurisdiction: 'CN', clauses: ['PP-2.3'],
  },
  {
    id: 'transport', nameZh: '交通出行类', nameEn: 'Transport', servicesZh: ['一键召车', '出行订票', '自助移车'],
    fields: ['mobile', 'precise-location', 'real-name', 'id-number', 'id-type', 'real-name-status'],
    recipientsZh: ['出租汽车/网约车服务提供方', '客运票务服务提供方', '南通市公安局交通警察支队(自助移车)'],
    purposeId: 'transport-services', purposeZh: '完成您发起的召车、订票或移车请求', jurisdiction: 'CN', clauses: ['PP-2.3'],
  },
  {
    id: 'public', nameZh: '公共类', nameEn: 'Public services', servicesZh: ['婚姻登记', '重名查询', '劳动者港湾', '尊老金申请'],
    fields: ['real-name', 'mobile', 'id-number', 'precise-location', 'face', 'bank-card-number', 'household-registration'],
    recipientsZh: ['南通市民政局', '南通市公安局', '南通市总工会'], purposeId: 'government-services', purposeZh: '办理您申请的公共服务事项(尊老金发放至本人银行卡)', jurisdiction: 'CN', clauses: ['PP-2.3'],
  },
  {
    id: 'education-culture', nameZh: '文体教育类', nameEn: 'Education, culture and sports', servicesZh: ['学历信息查询'], fields: ['mobile', 'real-name', 'id-number'],
    recipientsZh: ['南通市教育局', '全国高等学校学生信息咨询与就业指导中心(学信网)'], purposeId: 'government-services', purposeZh: '查询您的学历信息', jurisdiction: 'CN', clauses: ['PP-2.3'],
  },
  {
    id: 'interaction', nameZh: '政务互动类', nameEn: 'Citizen–government interaction', servicesZh: ['给市长写信', '给委办局领导写信', '12345诉求提交'],
    fields: ['mobile', 'real-name', 'id-number', 'precise-location'],
    recipientsZh: ['南通市12345政务服务便民热线', '南通市人民政府办公室', '承办诉求的市级部门和县(市、区)政府'], purposeId: 'hotline-12345', purposeZh: '诉求办理和回访', jurisdiction: 'CN', clauses: ['PP-2.3', 'PP-1.8'],
  },
  {
    id: 'tourism', nameZh: '旅游类', nameEn: 'Tourism', servicesZh: ['畅游南通', '景区门票'], fields: ['real-name', 'mobile', 'id-number'],
    recipientsZh: ['南通市文化广电和旅游局', '景区运营单位'], purposeId: 'tourism-services', purposeZh: '实名购票与入园', jurisdiction: 'CN', clauses: ['PP-2.3'],
  },
  {
    id: 'housing', nameZh: '住房保障类', nameEn: 'Housing', servicesZh: ['不动产查询'], fields: ['real-name', 'id-number'],
    recipientsZh: ['南通市自然资源和规划局(不动产登记中心)'], purposeId: 'government-services', purposeZh: '查询您名下的不动产登记信息', jurisdiction: 'CN', clauses: ['PP-2.3'],
  },
];

/**
 * PP-2.4: joint promotions (优惠券领取、抽奖) run with a third party. Unlike the service categories above, the recipient
 * and the exact information differ per activity: each activity names its co-organiser and the element categories
 * provided to it, and its page announces both before the citizen joins (promotions module). `fields` is the most any
 * activity may announce — only what a co-organiser needs to hand out a coupon or a prize, nothing sensitive (an ID
 * number, a location, a bank card is refused when the activity is created). The 第三方信息共享清单 and the policy show
 * this category; the sharing ledger enforces it like the others.
 */
export const JOINT_PROMOTION_CATEGORY: SharingCategory = {
  id: 'joint-promotions', nameZh: '联合推广活动类', nameEn: 'Joint promotions', servicesZh: ['优惠券领取', '抽奖'],
  fields: ['mobile', 'account-name'],
  recipientsZh: ['联合开展推广活动的合作方(每项活动的合作方名称、联系方式及提供的信息类别在活动页面公示)'],
  purposeId: 'joint-promotions', purposeZh: '合作方向您发放优惠券或奖品(每项活动提供的信息以活动页面公示为准,不超出上述范围)', jurisdiction: 'CN', clauses: ['PP-2.4'],
};

export interface Sdk {
  no: number;
  nameZh: string;
  vendorZh: string;
  /** device permissions it asks for, as the policy states them */
  permissionsZh: string[];
  /** PI it collects, as the policy states it; [] = 未收集任何个人信息 */
  personalInfoZh: string[];
  purposeZh: string;
  platform?: 'android' | 'ios';
}

const DEVICE_INFO = ['IMEI号', 'SerialNumber', 'Android ID', 'Google Advertising ID', '手机Region设置', '设备型号', '手机电量', '手机操作系统版本及语言'];
const PINGAN = '平安科技(深圳)有限公司';
const TENCENT = '腾讯科技(深圳)有限公司';

export const SDKS: readonly Sdk[] = [
  { no: 1, nameZh: '平安推送SDK', vendorZh: PINGAN, permissionsZh: ['推送权限'], personalInfoZh: ['手机唯一识别码', '手机型号'], purposeZh: '消息推送' },
  {
    no: 2, nameZh: '小米推送SDK', vendorZh: '小米科技有限责任公司', permissionsZh: [],
    personalInfoZh: ['Space ID(若使用分身空间功能)', ...DEVICE_INFO, 'APP包名及版本号、是否在运行、是否在前台', '推送SDK版本号', 'IP或域名连接结果、当前网络类型', '消息发送结果', '通知栏状态', '锁屏状态', '手机型号'],
    purposeZh: 'APP消息推送',
  },
  { no: 3, nameZh: '华为推送SDK', vendorZh: '华为技术有限公司', permissionsZh: [], personalInfoZh: ['AAID(应用匿名标识)', 'Token', 'Topic订阅关系', '消息下发记录', 'Token申请记录', '显示/点击/关闭打点上报记录', '手机唯一识别码', '手机型号'], purposeZh: 'APP消息推送' },
  { no: 4, nameZh: '高德地图SDK', vendorZh: '高德软件有限公司', permissionsZh: ['定位', '录音'], personalInfoZh: ['地理位置', '音频信息'], purposeZh: '地图导航、天气信息展示' },
  { no: 5, nameZh: '百度地图SDK', vendorZh: '北京百度网讯科技有限公司', permissionsZh: ['定位', '录音'], personalInfoZh: ['地理位置', '音频信息'], purposeZh: '地图导航、天气信息展示' },
  { no: 6, nameZh: '平安人脸SDK', vendorZh: PINGAN, permissionsZh: ['摄像头'], personalInfoZh: ['人脸影像信息'], purposeZh: '人脸识别、实名认证' },
  { no: 7, nameZh: '微信分享SDK', vendorZh: TENCENT, permissionsZh: [], personalInfoZh: [], purposeZh: '微信分享' },
  { no: 8, nameZh: 'QQSDK', vendorZh: TENCENT, permissionsZh: [], personalInfoZh: [], purposeZh: 'QQ分享' },
  { no: 9, nameZh: '腾讯X5内核SDK', vendorZh: '深圳市腾讯计算机系统有限公司', permissionsZh: ['手机存储', '用户设备获取'], personalInfoZh: DEVICE_INFO, purposeZh: '浏览器渲染引擎', platform: 'android' },
  { no: 10, nameZh: '看云SDK', vendorZh: PINGAN, permissionsZh: ['用户设备获取'], personalInfoZh: DEVICE_INFO, purposeZh: '异常数据上报' },
  { no: 11, nameZh: '公安人脸SDK', vendorZh: '江苏公安苏证通省厅', permissionsZh: ['相机', '存储'], personalInfoZh: ['人脸影像信息'], purposeZh: '人脸识别、实名认证' },
  { no: 12, nameZh: '社保SDK', vendorZh: '人力资源和社会保障局', permissionsZh: ['相机'], personalInfoZh: ['姓名', '身份证号码'], purposeZh: '电子社保卡办理和社保业务办理' },
  { no: 13, nameZh: '建行SDK', vendorZh: '中国建设银行股份有限公司', permissionsZh: ['存储'], personalInfoZh: ['支付ID'], purposeZh: '跳转建设银行APP进行支付' },
  { no: 14, nameZh: '云闪付SDK', vendorZh: '中国银联股份有限公司', permissionsZh: [], personalInfoZh: ['云闪付ID'], purposeZh: '快捷登录' },
  { no: 15, nameZh: '天眼SDK', vendorZh: PINGAN, permissionsZh: ['用户设备获取'], personalInfoZh: DEVICE_INFO, purposeZh: '数据埋点和数据上报' },
  { no: 16, nameZh: '支付宝SDK', vendorZh: '支付宝(中国)网络技术有限公司', permissionsZh: [], personalInfoZh: ['支付ID'], purposeZh: '跳转支付宝APP进行支付' },
  { no: 17, nameZh: '友盟SDK', vendorZh: '北京锐讯灵通科技有限公司', permissionsZh: ['用户设备获取'], personalInfoZh: DEVICE_INFO, purposeZh: 'APP埋点上报' },
  { no: 18, nameZh: '平安语音SDK', vendorZh: PINGAN, permissionsZh: ['麦克风'], personalInfoZh: ['语音信息'], purposeZh: '语音识别转文字(语音搜索)' },
  { no: 19, nameZh: '一键登录SDK', vendorZh: '中国移动', permissionsZh: ['电话'], personalInfoZh: [], purposeZh: '双卡情况下更精准地获取数据流量卡的运营商类型' },
  { no: 20, nameZh: '苏宁支付SDK', vendorZh: '南京苏宁易付宝网络科技有限公司', permissionsZh: [], personalInfoZh: ['支付ID'], purposeZh: '跳转苏宁APP进行支付' },
  { no: 21, nameZh: '云剑卫士SDK', vendorZh: '公安部第三研究所', permissionsZh: ['网络', '存储', '电话', '短信'], personalInfoZh: ['登录手机号'], purposeZh: 'App检测、电话预警、短信预警', platform: 'android' },
];

/** External systems the server itself sends PI to (each is a ProviderStatus in /readyz). */
export interface ExternalProvider {
  id: string;
  nameZh: string;
  nameEn: string;
  /** element ids sent */
  elements: string[];
  purposeId: string;
  legalBasis: LegalBasis;
  recipientZh: string;
  permissions: DevicePermission[];
  /** PP-3.3: where the provider processes what it is sent */
  jurisdiction: Jurisdiction;
}

export const EXTERNAL_PROVIDERS: readonly ExternalProvider[] = [
  { id: 'sms-gateway', nameZh: '短信网关', nameEn: 'SMS gateway', elements: ['mobile'], purposeId: 'registration', legalBasis: 'contract', recipientZh: '电信运营商短信服务(境内)', permissions: [], jurisdiction: 'CN' },
  { id: 'face-liveness', nameZh: '人脸活体检测', nameEn: 'Face liveness check', elements: ['face', 'real-name', 'id-number'], purposeId: 'real-name-face', legalBasis: 'separate-consent', recipientZh: '江苏公安苏证通 / 平安科技(深圳)有限公司', permissions: ['camera'], jurisdiction: 'CN' },
  { id: 'id-check', nameZh: '公安身份核验', nameEn: 'Public-security ID check', elements: ['real-name', 'id-number'], purposeId: 'real-name-face', legalBasis: 'separate-consent', recipientZh: '公安部公民身份信息核验服务(经江苏省公安厅)', permissions: [], jurisdiction: 'CN' },
  { id: 'bank-card-check', nameZh: '银行卡四要素核验', nameEn: 'Bank-card four-element check', elements: ['real-name', 'id-number', 'bank-card-number', 'bank-reserved-mobile'], purposeId: 'real-name-bank-card', legalBasis: 'separate-consent', recipientZh: '中国银联股份有限公司(四要素核验)', permissions: [], jurisdiction: 'CN' },
  { id: 'smtp', nameZh: '电子邮件发送', nameEn: 'SMTP mail relay', elements: ['email'], purposeId: 'abnormal-login-alerts', legalBasis: 'legal-obligation', recipientZh: '南通市政务邮件系统(境内)', permissions: [], jurisdiction: 'CN' },
];
