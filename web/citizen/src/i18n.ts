import { initI18n } from '../../shared/i18n.ts';

// Category keys stay stable across languages; labels come from the resources below.
export const CATEGORIES = [
  'government', 'socialSecurity', 'health', 'police', 'payments', 'transport',
  'publicServices', 'cultureEducation', 'interaction', 'tourism', 'housing',
  // the usual others of a service hall (server/src/modules/catalogue/data/categories.ts)
  'family', 'employment', 'business', 'realEstate', 'tax',
] as const;

const zh = {
  appTitle: '南通百通',
  tabs: { home: '首页', services: '办事', me: '我的' },
  categoriesTitle: '服务分类',
  categories: {
    government: '政务办事', socialSecurity: '社会保障', health: '医疗健康', police: '警务', payments: '缴费',
    transport: '交通出行', publicServices: '公共类', cultureEducation: '文体教育', interaction: '政务互动',
    tourism: '旅游', housing: '住房保障', family: '婚育收养', employment: '就业创业', business: '企业开办', realEstate: '不动产', tax: '税务',
  },
  categorySoon: '“{{name}}”的服务即将上线',
  privacy: '隐私政策',
  privacyTitle: '隐私政策',
  privacyBody: '南通百通的隐私政策全文将随个人信息保护功能一同发布。在此之前，本应用不收集任何个人信息。',
  back: '返回',
  notFound: '页面不存在',
  servicesEmpty: '暂无可办理的事项',
  servicesEmptyNote: '在线办事功能正在建设中，敬请期待。',
  meTitle: '我的',
  meGuest: '您尚未登录',
  login: '登录 / 注册',
  accountSoon: '账号功能即将上线',
  language: '语言',
  switchTo: 'English',
  status: '服务状态：{{state}}',
  statusOk: '正常',
  statusDegraded: '异常',
  statusChecking: '检查中…',
  statusUnreachable: '无法连接',
};

const en: typeof zh = {
  appTitle: 'Nantong Baitong',
  tabs: { home: 'Home', services: 'Services', me: 'Me' },
  categoriesTitle: 'Service categories',
  categories: {
    government: 'Government affairs', socialSecurity: 'Social security', health: 'Health care', police: 'Police',
    payments: 'Payments', transport: 'Transport', publicServices: 'Public services', cultureEducation: 'Culture & education',
    interaction: 'Citizen interaction', tourism: 'Tourism', housing: 'Housing', family: 'Marriage, birth & adoption',
    employment: 'Jobs & start-ups', business: 'Starting a business', realEstate: 'Real estate', tax: 'Tax',
  },
  categorySoon: '{{name}} services are coming soon',
  privacy: 'Privacy policy',
  privacyTitle: 'Privacy policy',
  privacyBody: 'The full Nantong Baitong privacy policy will be published together with the personal-information features. Until then this app collects no personal information.',
  back: 'Back',
  notFound: 'Page not found',
  servicesEmpty: 'No services available yet',
  servicesEmptyNote: 'Online services are being built. Please check back soon.',
  meTitle: 'Me',
  meGuest: 'You are not signed in',
  login: 'Sign in / Register',
  accountSoon: 'Accounts are coming soon',
  language: 'Language',
  switchTo: '中文',
  status: 'Service status: {{state}}',
  statusOk: 'OK',
  statusDegraded: 'Degraded',
  statusChecking: 'Checking…',
  statusUnreachable: 'Unreachable',
};

export const i18n = initI18n({ 'zh-CN': { translation: zh }, en: { translation: en } });
