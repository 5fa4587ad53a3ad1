// The hotline's message templates. Bodies carry the tracking number and a status label only — no PI — so they are
// not marked sensitive.
import { defineTemplate } from '../notifications/index.ts';

// Defined once per process (ES modules are evaluated once).
defineTemplate({
    name: 'hotline-status-changed',
    sensitive: false,
    params: ['trackingNo', 'status'],
    text: {
      'zh-CN': {
        subject: '12345诉求进展',
        body: '【南通百通】您的12345诉求(编号{{trackingNo}})状态更新为：{{status}}。可在南通百通“我的诉求”查看详情。',
      },
      en: {
        subject: 'Your 12345 request has been updated',
        body: '[Nantong Baitong] Your 12345 request {{trackingNo}} is now: {{status}}. See My requests in Nantong Baitong for details.',
      },
    },
});
