// The expiry reminder (PP-1.16 证件到期提醒). The body names the kind of card and the last day of validity only — never
// the card number — so it is not a sensitive template. In-app only: the 'ecard-reminders' purpose declares no mobile
// or email, so no SMS is sent for it.
import { defineTemplate } from '../notifications/index.ts';

export const EXPIRY_TEMPLATE = 'ecard-expiring';

defineTemplate({
  name: EXPIRY_TEMPLATE,
  sensitive: false,
  params: ['card', 'date', 'days'],
  text: {
    'zh-CN': {
      subject: '证件到期提醒',
      body: '您添加的{{card}}将于{{date}}到期(还有{{days}}天)，请及时到发证部门办理续期或换领。',
    },
    en: {
      subject: 'Your card expires soon',
      body: 'Your {{card}} expires on {{date}} (in {{days}} days). Please renew it with the issuing department in time.',
    },
  },
});
