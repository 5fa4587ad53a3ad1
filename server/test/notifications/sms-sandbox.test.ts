import assert from 'node:assert/strict';
import { it } from 'node:test';
import { SandboxSmsProvider } from '../../src/modules/notifications/sms-provider.ts';
import { maskEmail, maskMobile, normaliseMobile, render } from '../../src/modules/notifications/index.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import { createLogger } from '../../src/platform/logger.ts';

it('accepts mainland mobile numbers with or without +86 and rejects anything else', () => {
  assert.equal(normaliseMobile('13912345678'), '13912345678');
  assert.equal(normaliseMobile('+86 139-1234-5678'), '13912345678');
  assert.equal(normaliseMobile('8613912345678'), '13912345678');
  for (const bad of ['12912345678', '1391234567', '139123456789', '+1 4155550100', '']) assert.equal(normaliseMobile(bad), null, bad);
});

it('refuses to construct the SMS sandbox when NODE_ENV is production', () => {
  assert.throws(
    () => new SandboxSmsProvider({ db: {} as any, clock: new FixedClock(), logger: createLogger({ level: 'silent' }), nodeEnv: 'production' }),
    /must not run in production/,
  );
});

it('masks addresses for display', () => {
  assert.equal(maskMobile('13812348000'), '138****8000');
  assert.equal(maskMobile('+8613812348000'), '138****8000');
  assert.equal(maskEmail('zhang.san@example.com'), 'z***@example.com');
});

it('has every template in zh-CN and English', () => {
  for (const name of ['otp', 'abnormal-login', 'welcome']) {
    const params: Record<string, string | number> = name === 'otp' ? { code: '1', minutes: 5 } : name === 'abnormal-login' ? { time: 't', place: 'p' } : {};
    assert.match(render(name, 'zh-CN', params).body, /[\u4e00-\u9fa5]/);
    assert.match(render(name, 'en', params).body, /Nantong Baitong/);
  }
});
