// Items each county-level division handles for its own residents (区县专区): real practice repeats them per county
// (each county's 人社局 registers 城乡居民医保, each 民政局 pays 尊老金 …), so they are templates expanded for the
// seven divisions; the implementing body is named as the county names its bureau. Then a few items that exist in one
// county only (its scenic spots, its own schemes).
import type { ItemDef } from './build.ts';

const ID = '居民身份证';
const HK = '居民户口簿';
const PHOTO = { name: '近期正面免冠彩色照片', form: '1张', note: '白底，或现场采集' };
const FORM = { name: '申请表', form: '原件', note: '可在线填写，窗口免填单' };
const BL = { name: '营业执照', form: '电子证照', note: '已归集的免提交' };
const BANK = { name: '本人银行卡（社保卡金融账户）', form: '原件' };

export const COUNTY_TEMPLATES: readonly ItemDef[] = [
  // 社会保障
  { n: 1, t: 'GG', cat: 'socialSecurity', dept: 'hrss', name: '城乡居民基本养老保险参保登记', short: '居民养老保险参保', aliases: ['农村养老保险', '居民社保登记', '新农保'], pop: 180, mat: [ID, HK] },
  { n: 2, t: 'JF', cat: 'socialSecurity', dept: 'hrss', name: '城乡居民基本养老保险待遇申领', short: '居民养老金申领', aliases: ['领居民养老金', '60岁领养老金'], days: 10, mat: [ID, HK, BANK], pop: 150 },
  { n: 3, t: 'JF', cat: 'socialSecurity', dept: 'hrss', name: '失业保险金申领', short: '失业金申领', aliases: ['失业金', '领失业金', '失业保险'], pop: 260 },
  { n: 4, t: 'GG', cat: 'socialSecurity', dept: 'hrss', name: '灵活就业人员参保登记', short: '个人参保登记', aliases: ['个体参保', '自由职业交社保'], pop: 200 },
  { n: 5, t: 'GG', cat: 'socialSecurity', dept: 'hrss', name: '社会保障卡申领', short: '社保卡申领', aliases: ['办社保卡', '申请社保卡', '社保卡办理'], days: 5, mat: [ID, PHOTO], pop: 240 },
  { n: 6, t: 'QT', cat: 'socialSecurity', dept: 'hrss', name: '用人单位社会保险登记', short: '单位社保开户', aliases: ['公司社保开户', '单位参保'], mat: [BL], pop: 90 },
  { n: 7, t: 'GG', cat: 'socialSecurity', dept: 'hrss', name: '职工参保登记（增员）', short: '社保增员', aliases: ['新员工参保', '社保增员'], pop: 110 },
  // 医疗健康
  { n: 10, t: 'GG', cat: 'health', dept: 'medical-security', name: '城乡居民基本医疗保险参保登记', short: '居民医保参保', aliases: ['居民医保', '新农合', '城乡医保登记', '小孩医保'], kw: ['医保'], pop: 300, mat: [ID, HK] },
  { n: 11, t: 'GG', cat: 'health', dept: 'medical-security', name: '基本医疗保险异地就医备案', short: '异地就医备案', aliases: ['异地就医', '外地看病备案', '医保备案'], pop: 280 },
  { n: 12, t: 'JF', cat: 'health', dept: 'medical-security', name: '生育保险待遇核准支付', short: '生育津贴', aliases: ['生育津贴', '生育报销', '生育险'], days: 15, mat: [ID, { name: '出生医学证明', form: '电子' }], pop: 220 },
  { n: 13, t: 'GG', cat: 'health', dept: 'health', name: '出生医学证明首次签发', short: '出生证明', aliases: ['出生证', '办出生证明'], online: false, mat: [{ name: '父母双方居民身份证', form: '原件' }, { name: '结婚证', form: '原件' }], pop: 160 },
  { n: 14, t: 'GG', cat: 'health', dept: 'health', name: '儿童预防接种证办理及疫苗接种预约', short: '疫苗预约', aliases: ['打疫苗', '接种证', '疫苗接种'], pop: 200 },
  { n: 15, t: 'QR', cat: 'health', dept: 'health', name: '公共场所卫生许可', short: '卫生许可证', aliases: ['卫生许可证', '理发店卫生许可'], days: 5, mat: [BL, FORM], pop: 60 },
  // 警务
  { n: 20, t: 'XK', cat: 'police', dept: 'police', name: '居民身份证申领', short: '办身份证', aliases: ['办身份证', '身份证办理', '第一次办身份证', '身份证到期换领'], kw: ['身份证'], days: 20, online: false, fee: '20元', mat: [HK, PHOTO], pop: 420 },
  { n: 21, t: 'XK', cat: 'police', dept: 'police', name: '居民身份证挂失及补领', short: '身份证补办', aliases: ['身份证丢了', '身份证掉了', '补办身份证', '身份证遗失', '身份证挂失'], kw: ['身份证'], days: 20, online: false, fee: '40元', mat: [HK, PHOTO], pop: 460 },
  { n: 22, t: 'QR', cat: 'police', dept: 'police', name: '出生登记（新生儿入户）', short: '新生儿落户', aliases: ['宝宝上户口', '小孩落户', '新生儿报户口'], days: 3, mat: [{ name: '出生医学证明', form: '原件' }, { name: '父母居民户口簿', form: '原件' }, { name: '父母结婚证', form: '原件' }], pop: 300 },
  { n: 23, t: 'XK', cat: 'police', dept: 'police', name: '户口迁移（投靠、购房、人才）', short: '户口迁入', aliases: ['迁户口', '落户', '户口迁移', '买房落户'], days: 5, online: false, mat: [ID, HK, { name: '迁入地住所证明', form: '原件' }], pop: 260 },
  { n: 24, t: 'QR', cat: 'police', dept: 'police', name: '居住证申领', short: '居住证', aliases: ['办居住证', '暂住证', '外地人居住证'], days: 15, mat: [ID, PHOTO, { name: '居住证明（租房合同或房产证）', form: '原件' }], pop: 280 },
  { n: 25, t: 'GG', cat: 'police', dept: 'police', name: '无犯罪记录证明开具', short: '无犯罪证明', aliases: ['无犯罪证明', '良民证', '无犯罪记录'], days: 3, pop: 320 },
  { n: 26, t: 'QR', cat: 'police', dept: 'police', name: '户口登记项目变更更正（姓名、出生日期）', short: '改名字', aliases: ['改名', '更改姓名', '户口信息更正'], days: 20, online: false, mat: [ID, HK, { name: '变更更正依据材料', form: '原件' }], pop: 120 },
  { n: 27, t: 'QT', cat: 'police', dept: 'police', name: '死亡人员户口注销', short: '户口注销', aliases: ['销户', '注销户口', '死亡销户'], mat: [HK, { name: '死亡医学证明', form: '原件' }], pop: 110 },
  // 婚育收养
  { n: 30, t: 'QR', cat: 'family', dept: 'civil-affairs', name: '内地居民结婚登记', short: '结婚登记', aliases: ['领结婚证', '结婚证', '登记结婚', '扯证'], online: false, mat: [{ name: '双方居民身份证', form: '原件' }, { name: '双方户口簿', form: '原件' }, { name: '近期半身免冠合影照片', form: '2张' }], pop: 360 },
  { n: 31, t: 'QR', cat: 'family', dept: 'civil-affairs', name: '内地居民离婚登记', short: '离婚登记', aliases: ['离婚', '协议离婚'], days: 30, online: false, mat: [{ name: '双方居民身份证', form: '原件' }, { name: '结婚证', form: '原件' }, { name: '离婚协议书', form: '3份' }], pop: 200 },
  { n: 32, t: 'QR', cat: 'family', dept: 'civil-affairs', name: '补领婚姻登记证', short: '补办结婚证', aliases: ['结婚证丢了', '补结婚证'], online: false, mat: [ID, HK, PHOTO], pop: 100 },
  { n: 33, t: 'GG', cat: 'family', dept: 'health', name: '生育登记', short: '生育登记', aliases: ['准生证', '生育服务证', '怀孕登记'], pop: 260 },
  { n: 34, t: 'QR', cat: 'family', dept: 'civil-affairs', name: '收养登记', aliases: ['领养孩子', '收养孩子'], days: 30, online: false, mat: [ID, HK, { name: '收养申请书', form: '原件' }, { name: '体检证明', form: '原件' }], pop: 30 },
  { n: 35, t: 'GG', cat: 'family', dept: 'gov-services', name: '出生“一件事”联办（出生证、落户、医保、社保卡）', short: '出生一件事', aliases: ['新生儿一件事', '宝宝出生办什么'], days: 5, pop: 180 },
  // 公共类 — 尊老金, 低保 …
  { n: 40, t: 'JF', cat: 'publicServices', dept: 'civil-affairs', name: '尊老金申请', short: '尊老金', aliases: ['尊老金', '高龄补贴', '老年人补贴', '80岁补贴'], kw: ['老人'], days: 15, mat: [ID, HK, BANK], pop: 260, partner: ['https://mzj.nantong.gov.cn/zlj', 'public'] },
  { n: 41, t: 'JF', cat: 'publicServices', dept: 'civil-affairs', name: '最低生活保障对象认定', short: '低保申请', aliases: ['低保', '申请低保', '困难补助'], days: 30, online: false, mat: [ID, HK, { name: '家庭经济状况核对授权书', form: '原件' }], pop: 160 },
  { n: 42, t: 'JF', cat: 'publicServices', dept: 'civil-affairs', name: '特困人员救助供养认定', short: '特困供养', aliases: ['五保户', '特困救助'], days: 30, online: false, pop: 60 },
  { n: 43, t: 'JF', cat: 'publicServices', dept: 'civil-affairs', name: '困难残疾人生活补贴和重度残疾人护理补贴', short: '残疾人两项补贴', aliases: ['残疾人补贴', '护理补贴'], days: 20, mat: [ID, { name: '残疾人证', form: '原件' }], pop: 120 },
  { n: 44, t: 'JF', cat: 'publicServices', dept: 'civil-affairs', name: '临时救助', aliases: ['急难救助', '临时困难补助'], days: 10, online: false, pop: 80 },
  { n: 45, t: 'JF', cat: 'publicServices', dept: 'civil-affairs', name: '基本殡葬服务费用减免', short: '惠民殡葬', aliases: ['殡葬补贴', '火化费减免'], days: 5, online: false, mat: [{ name: '死亡医学证明', form: '原件' }, { name: '经办人居民身份证', form: '原件' }], pop: 70 },
  { n: 46, t: 'GG', cat: 'publicServices', dept: 'civil-affairs', name: '居家养老服务申请', short: '居家养老', aliases: ['上门养老', '养老服务', '助餐'], days: 10, pop: 110 },
  // 住房保障
  { n: 50, t: 'JF', cat: 'housing', dept: 'housing', name: '公共租赁住房申请', short: '公租房申请', aliases: ['公租房', '廉租房', '保障房'], days: 30, online: false, mat: [ID, HK, { name: '家庭收入证明', form: '原件' }], pop: 200 },
  { n: 51, t: 'JF', cat: 'housing', dept: 'housing', name: '住房租赁补贴申请', short: '租房补贴', aliases: ['租房补贴', '住房补贴'], days: 30, pop: 160 },
  { n: 52, t: 'XK', cat: 'housing', dept: 'housing', name: '房屋装修备案', short: '装修备案', aliases: ['装修登记'], pop: 80 },
  // 不动产
  { n: 55, t: 'QR', cat: 'realEstate', dept: 'natural-resources', name: '商品房转移登记（新房办证）', short: '新房办证', aliases: ['新房过户', '买新房办证', '房产证办理'], days: 5, fee: '80元/件', mat: [ID, { name: '商品房买卖合同', form: '原件' }, { name: '契税完税凭证', form: '电子' }], pop: 280 },
  { n: 56, t: 'GG', cat: 'realEstate', dept: 'natural-resources', name: '不动产登记资料查询（权属证明打印）', short: '房产证明打印', aliases: ['无房证明', '有房证明', '房产信息证明'], pop: 240 },
  { n: 57, t: 'XK', cat: 'realEstate', dept: 'natural-resources', name: '农村村民宅基地审批', short: '宅基地审批', aliases: ['宅基地', '农村建房', '盖房子审批'], days: 20, online: false, mat: [ID, HK, FORM], pop: 90 },
  // 就业创业
  { n: 60, t: 'GG', cat: 'employment', dept: 'hrss', name: '就业创业证申领', short: '就业创业证', aliases: ['失业证', '就业证'], pop: 140 },
  { n: 61, t: 'GG', cat: 'employment', dept: 'hrss', name: '失业登记', aliases: ['登记失业', '失业了怎么办'], pop: 140 },
  { n: 62, t: 'JF', cat: 'employment', dept: 'hrss', name: '创业担保贷款申请', short: '创业贷款', aliases: ['创业贷', '贴息贷款'], days: 15, mat: [ID, BL, { name: '创业计划书', form: '原件' }], pop: 100 },
  { n: 63, t: 'JF', cat: 'employment', dept: 'hrss', name: '一次性创业补贴申领', short: '创业补贴', aliases: ['自主创业补贴'], days: 20, mat: [ID, BL], pop: 90 },
  { n: 64, t: 'GG', cat: 'employment', dept: 'hrss', name: '劳动保障监察投诉（欠薪举报）', short: '欠薪投诉', aliases: ['拖欠工资', '老板不发工资', '欠薪'], days: 20, pop: 180 },
  // 企业开办
  { n: 70, t: 'XK', cat: 'business', dept: 'market', name: '个体工商户设立登记', short: '个体户执照', aliases: ['办个体户', '个体营业执照', '开店执照'], days: 1, mat: [ID, { name: '经营场所使用证明', form: '原件' }], pop: 240 },
  { n: 71, t: 'XK', cat: 'business', dept: 'market', name: '食品经营许可', short: '食品经营许可证', aliases: ['食品许可证', '开饭店许可', '餐饮许可证'], days: 10, mat: [BL, FORM, { name: '食品安全管理制度', form: '原件' }], pop: 200 },
  { n: 72, t: 'XK', cat: 'business', dept: 'market', name: '小餐饮经营许可（登记）', short: '小餐饮登记', aliases: ['小吃店许可', '小餐饮'], days: 5, mat: [ID, FORM], pop: 90 },
  { n: 73, t: 'XK', cat: 'business', dept: 'urban-management', name: '设置大型户外广告及在城市建筑物上悬挂标语审批', short: '户外广告审批', aliases: ['招牌审批', '店招审批', '广告牌'], days: 5, mat: [BL, FORM, { name: '设置效果图', form: '原件' }], pop: 70 },
  { n: 74, t: 'XK', cat: 'business', dept: 'urban-management', name: '城市建筑垃圾处置核准', short: '建筑垃圾处置', aliases: ['装修垃圾', '渣土'], days: 5, pop: 40 },
  { n: 75, t: 'XK', cat: 'business', dept: 'culture-tourism', name: '网吧（上网服务营业场所）经营许可', short: '网吧许可', aliases: ['开网吧'], days: 20, online: false, mat: [BL, FORM], pop: 15 },
  // 文体教育
  { n: 80, t: 'GG', cat: 'cultureEducation', dept: 'education', name: '义务教育阶段新生入学报名', short: '入学报名', aliases: ['小学报名', '初中报名', '上学报名', '幼升小'], kw: ['入学'], pop: 380 },
  { n: 81, t: 'GG', cat: 'cultureEducation', dept: 'education', name: '幼儿园招生报名', short: '幼儿园报名', aliases: ['上幼儿园', '幼儿园入园'], pop: 260 },
  { n: 82, t: 'JF', cat: 'cultureEducation', dept: 'education', name: '家庭经济困难学生资助申请', short: '学生资助', aliases: ['助学金', '贫困生补助'], days: 20, pop: 80 },
  // 政务互动
  { n: 90, t: 'GG', cat: 'interaction', dept: 'hotline-12345', name: '给区（县、市）长写信', short: '区县长信箱', aliases: ['县长信箱', '区长信箱', '市长信箱（县级市）'], pop: 120, partner: ['/hotline/new?channel=county', 'interaction'] },
  // 缴费 / 税务
  { n: 95, t: 'ZS', cat: 'payments', dept: 'tax', name: '城乡居民基本医疗保险费缴纳', short: '居民医保缴费', aliases: ['交医保', '医保缴费', '交居民医保', '交新农合'], pop: 420 },
  { n: 96, t: 'ZS', cat: 'payments', dept: 'tax', name: '城乡居民基本养老保险费缴纳', short: '居民养老保险缴费', aliases: ['交养老保险', '交农保'], pop: 200 },
  { n: 97, t: 'ZS', cat: 'tax', dept: 'tax', name: '房产交易契税申报', short: '契税缴纳', aliases: ['契税', '买房交税'], pop: 200 },
  // 交通出行 (county transport bureaus)
  { n: 100, t: 'XK', cat: 'transport', dept: 'transport', name: '公路超限运输许可（县道）', short: '超限运输许可', aliases: ['大件运输', '超限许可'], days: 5, mat: [ID, { name: '车辆行驶证', form: '原件' }], pop: 40 },
  { n: 101, t: 'XK', cat: 'transport', dept: 'transport', name: '占用、挖掘公路或使公路改线审批', short: '占道挖掘审批', aliases: ['挖路审批', '占用公路'], days: 10, online: false, mat: [BL, FORM, { name: '施工方案', form: '原件' }], pop: 20 },
  // 政务办事 — county differential items
  { n: 105, t: 'XK', cat: 'government', dept: 'agriculture', name: '渔业捕捞许可', aliases: ['捕鱼证', '捕捞证'], days: 20, mat: [ID, FORM], pop: 30 },
  { n: 106, t: 'QT', cat: 'government', dept: 'veterans', name: '退役士兵安置待遇申请', short: '退役安置', aliases: ['退伍安置', '退役士兵'], days: 30, online: false, mat: [ID, { name: '退出现役证', form: '原件' }], pop: 50 },
  { n: 107, t: 'XK', cat: 'government', dept: 'water', name: '河道管理范围内建设项目审批', short: '涉河审批', aliases: ['河道施工'], days: 20, online: false, mat: [BL, FORM], pop: 10 },
];

/** Items of one division only (its own scenic spots and schemes). */
export const DISTRICT_ONLY: readonly (ItemDef & { district: string })[] = [
  { district: '320682', n: 200, t: 'GG', cat: 'tourism', dept: 'culture-tourism', body: '如皋市水绘园景区管理处', name: '水绘园景区门票预约', short: '水绘园门票', aliases: ['水绘园', '如皋景点'], pop: 180, partner: ['https://rg.wglj.nantong.gov.cn/shy', 'tourism'] },
  { district: '320681', n: 200, t: 'GG', cat: 'tourism', dept: 'culture-tourism', body: '启东圆陀角旅游度假区', name: '圆陀角景区门票预约', short: '圆陀角门票', aliases: ['圆陀角', '启东看日出'], pop: 160, partner: ['https://qd.wglj.nantong.gov.cn/ytj', 'tourism'] },
  { district: '320623', n: 200, t: 'GG', cat: 'tourism', dept: 'culture-tourism', body: '如东小洋口旅游度假区', name: '小洋口温泉景区门票预约', short: '小洋口门票', aliases: ['小洋口', '如东温泉'], pop: 140, partner: ['https://rd.wglj.nantong.gov.cn/xyk', 'tourism'] },
  { district: '320614', n: 200, t: 'GG', cat: 'tourism', dept: 'culture-tourism', name: '张謇纪念馆参观预约', short: '张謇纪念馆', aliases: ['张謇纪念馆', '海门参观'], pop: 120 },
  { district: '320685', n: 200, t: 'GG', cat: 'tourism', dept: 'culture-tourism', name: '苏中七战七捷纪念馆参观预约', short: '七战七捷纪念馆', aliases: ['七战七捷', '海安纪念馆'], pop: 100 },
  { district: '320612', n: 200, t: 'GG', cat: 'tourism', dept: 'culture-tourism', name: '通州区南山湖景区游览预约', short: '南山湖', aliases: ['南山湖', '通州景点'], pop: 90 },
  { district: '320613', n: 200, t: 'GG', cat: 'tourism', dept: 'culture-tourism', name: '南通珠算博物馆参观预约', short: '珠算博物馆', aliases: ['珠算博物馆'], pop: 80 },
  { district: '320613', n: 201, t: 'GG', cat: 'publicServices', dept: 'civil-affairs', name: '崇川区“家门口”社区养老服务站预约', short: '社区养老预约', aliases: ['社区助餐', '养老服务站'], pop: 70 },
  { district: '320681', n: 201, t: 'XK', cat: 'business', dept: 'agriculture', name: '海洋渔业船舶登记', short: '渔船登记', aliases: ['渔船证'], days: 10, online: false, mat: [ID, FORM], pop: 30 },
  { district: '320623', n: 201, t: 'XK', cat: 'business', dept: 'agriculture', name: '海域使用权（滩涂养殖）申请', short: '滩涂养殖', aliases: ['滩涂承包', '海域使用'], days: 20, online: false, mat: [ID, FORM], pop: 20 },
];
