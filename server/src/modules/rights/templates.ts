// Messages of the rights centre (the outbox renders them).
import { defineTemplate } from '../notifications/index.ts';

export const TEMPLATE_REQUEST_DONE = 'rights-request-handled';
export const TEMPLATE_FEEDBACK_REPLY = 'rights-feedback-replied';

defineTemplate({
  name: TEMPLATE_REQUEST_DONE,
  sensitive: false,
  params: ['outcome'],
  text: {
    'zh-CN': { subject: '您的个人信息删除申请已处理', body: '【南通百通】您的个人信息删除申请已处理：{{outcome}}。详情请在“我的-用户资料-我的申请”中查看。' },
    en: { subject: 'Your deletion request was handled', body: '[Nantong Baitong] Your deletion request was handled: {{outcome}}. See 我的 → 用户资料 for details.' },
  },
});

defineTemplate({
  name: TEMPLATE_FEEDBACK_REPLY,
  sensitive: false,
  params: [],
  text: {
    'zh-CN': { subject: '您的反馈已有答复', body: '【南通百通】您提交的APP功能反馈已有答复，请在“我的-APP功能反馈”中查看。' },
    en: { subject: 'Your feedback was answered', body: '[Nantong Baitong] Your app feedback has been answered; see 我的 → APP功能反馈.' },
  },
});
