import { initI18n } from '../../shared/i18n.ts';

const zh = {
  appTitle: '南通百通',
  consoleTitle: '工作人员控制台',
  signIn: {
    heading: '工作人员登录',
    account: '账号',
    accountRequired: '请输入账号',
    password: '密码',
    passwordRequired: '请输入密码',
    totp: '动态验证码',
    totpHint: '身份验证器中的 6 位数字',
    totpRequired: '请输入 6 位动态验证码',
    submit: '登录',
    failed: '登录失败，请重试',
    or: '或',
    passkey: '使用通行密钥登录',
    passkeyFailed: '通行密钥登录未完成，请改用密码和动态验证码登录',
  },
  menu: { workbench: '工作台', dispatch: '12345派单', privacy: '隐私办公室', audit: '审计', system: '系统' },
  emptyPage: '“{{name}}”功能建设中',
  pickPage: '请从左侧菜单选择要处理的工作',
  noPages: '您的角色暂无可用的功能，请联系管理员分配权限',
  signOut: '退出登录',
  switchTo: 'English',
};

const en: typeof zh = {
  appTitle: 'Nantong Baitong',
  consoleTitle: 'Staff console',
  signIn: {
    heading: 'Staff sign-in',
    account: 'Account',
    accountRequired: 'Enter your account',
    password: 'Password',
    passwordRequired: 'Enter your password',
    totp: 'One-time code',
    totpHint: '6 digits from your authenticator app',
    totpRequired: 'Enter the 6-digit code',
    submit: 'Sign in',
    failed: 'Sign-in failed, please try again',
    or: 'or',
    passkey: 'Sign in with a passkey',
    passkeyFailed: 'Passkey sign-in did not complete; use password and code instead',
  },
  menu: { workbench: 'Workbench', dispatch: '12345 dispatch', privacy: 'Privacy office', audit: 'Audit', system: 'System' },
  emptyPage: '{{name}} is under construction',
  pickPage: 'Pick a task from the menu on the left',
  noPages: 'Your role has no pages yet; ask an administrator for permissions',
  signOut: 'Sign out',
  switchTo: '中文',
};

export const i18n = initI18n({ 'zh-CN': { translation: zh }, en: { translation: en } });
