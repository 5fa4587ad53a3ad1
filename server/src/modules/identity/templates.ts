// The identity module's message templates (the outbox renders them; 'otp' is the notifications module's own).
import { defineTemplate } from '../notifications/index.ts';

export const TEMPLATE_LOCKED = 'identity-password-locked';
export const TEMPLATE_ABNORMAL = 'identity-abnormal-login';
export const TEMPLATE_PASSWORD_CHANGED = 'identity-password-changed';

defineTemplate({
  name: TEMPLATE_LOCKED,
  sensitive: false,
  params: ['minutes'],
  text: {
    'zh-CN': {
      subject: '南通百通密码登录已锁定',
      body: '【南通百通】您的帐号连续多次密码错误，密码登录已锁定{{minutes}}分钟。如非本人操作，请使用短信验证码登录并修改密码。',
    },
    en: {
      subject: 'Password sign-in locked',
      body: '[Nantong Baitong] Several wrong passwords were entered for your account; password sign-in is locked for {{minutes}} minutes. If this was not you, sign in with an SMS code and change your password.',
    },
  },
});

defineTemplate({
  name: TEMPLATE_ABNORMAL,
  sensitive: true,
  params: ['time', 'device', 'place', 'link'],
  text: {
    'zh-CN': {
      subject: '南通百通帐号异常登录提醒',
      body: '【南通百通】您的帐号于{{time}}在{{place}}通过{{device}}登录。如非本人操作，请点击 {{link}} 一键下线并重设密码。',
    },
    en: {
      subject: 'Unusual sign-in to your account',
      body: '[Nantong Baitong] Your account was signed in at {{time}} from {{place}} on {{device}}. Not you? Open {{link}} to end that session and reset your password.',
    },
  },
});

defineTemplate({
  name: TEMPLATE_PASSWORD_CHANGED,
  sensitive: false,
  params: ['time'],
  text: {
    'zh-CN': { subject: '南通百通密码已修改', body: '【南通百通】您的帐号密码已于{{time}}修改，其他设备已下线。如非本人操作，请立即拨打12345。' },
    en: { subject: 'Password changed', body: '[Nantong Baitong] Your password was changed at {{time}} and other devices were signed out. Not you? Call 12345 now.' },
  },
});
