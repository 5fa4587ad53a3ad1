// End to end: face sign-in and face step-up (二次核身) through the liveness flow, in a real Chromium with its fake
// camera (--use-fake-device-for-media-stream --use-fake-ui-for-media-stream). The citizen is registered and
// face-verified through the API (real JPEG frames answering a real action challenge); the browser then signs in by
// face with no cookie at all — the action challenge, the camera, the prompted actions (眨眨眼 / 张张嘴 / 缓慢摇头 in the
// challenge's random order), one still after each — and proves itself again by face to see the full ID number.
// Fails — not skips — when Chromium is missing, unless E2E_SKIP=1. On failure a screenshot goes to test-results/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { SKIP, assertChromium, launchChromium, recordCameraStreams, screenshotFailure } from './support/browser.ts';
import { buildWeb } from '../scripts/build-web.ts';
import type { Platform } from '../server/src/main.ts';
import { composePlatform, type StartedPlatform } from './support/platform.ts';
import { deliverCode } from './support/citizen.ts';
import { FixedClock } from '../server/src/platform/clock.ts';

const ZHANG = { realName: '张三', idNumber: '32060219900101123X' };

describe('face sign-in and face step-up through the liveness flow (end to end)', { skip: SKIP ? 'E2E_SKIP=1' : false }, () => {
  let platform: Platform;
  const clock = new FixedClock(new Date());
  let browser: Browser;
  let base = '';
  let server: StartedPlatform | undefined;
  const accountName = `face_${process.pid}`;

  const lastCode = (mobile: string) => deliverCode(platform, clock, mobile);

  const json = { 'content-type': 'application/json', 'x-ntbt-csrf': '1' };
  async function api(method: string, url: string, body: unknown, sid?: string) {
    const headers: Record<string, string> = body === undefined ? { 'x-ntbt-csrf': '1' } : { ...json };
    if (sid) headers.cookie = `ntbt_sid=${sid}`;
    const res = await fetch(`${base}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    assert.ok(res.status < 300, `${method} ${url}: ${res.status} ${text}`);
    return { json: JSON.parse(text || '{}'), cookie: res.headers.get('set-cookie') ?? '' };
  }

  before(async () => {
    assertChromium();
    await buildWeb({ quiet: true });
    server = await composePlatform('face', clock, { SEED_DEMO_DATA: 'false' });
    ({ platform, base } = server);
    browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);

    // A registered, face-verified citizen with face sign-in on (through the API: the browser part is the sign-in).
    const mobile = `1391${String(process.pid % 10000).padStart(4, '0')}001`;
    const issued = await api('POST', '/api/v1/identity/codes', { mobile, purpose: 'registration' });
    const reg = await api('POST', '/api/v1/identity/register', { accountName, mobile, password: 'correct horse battery 9', challengeId: issued.json.challengeId, code: await lastCode(mobile), deviceConsent: false });
    const sid = /ntbt_sid=([^;]+)/.exec(reg.cookie)?.[1];
    assert.ok(sid, 'a session cookie');
    await api('POST', '/api/v1/privacy/consents', { purposeId: 'real-name-face', separate: true }, sid);
    const challenge = await api('POST', '/api/v1/realname/liveness-challenge', undefined);
    const frames = await Promise.all(
      [40, 100, 160].map(async (shade) => (await sharp({ create: { width: 160, height: 160, channels: 3, background: { r: shade, g: 120, b: 120 } } }).jpeg().toBuffer()).toString('base64')),
    );
    const verified = await api('POST', '/api/v1/realname/face', { ...ZHANG, frames, challengeId: challenge.json.challengeId, enableFaceLogin: true }, sid);
    assert.equal(verified.json.verified.faceLoginEnabled, true);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Waits through one liveness capture; returns the prompted actions in the order the page showed them. */
  async function followPrompts(page: Page): Promise<string[]> {
    const prompt = page.getByTestId('rn-prompt');
    const seen: string[] = [];
    for (let i = 0; i < 200 && seen.length < 3; i++) {
      const action = await prompt.getAttribute('data-action', { timeout: 1000 }).catch(() => null);
      if (action && !seen.includes(action)) seen.push(action);
      await page.waitForTimeout(100);
    }
    return seen;
  }

  it('PP-1.5 a citizen signs in by face with the camera and the prompted actions, then steps up by face to see the full ID number', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    await recordCameraStreams(context); // to check each capture closes the camera afterwards
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    const calls: string[] = [];
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      const p = new URL(r.url()).pathname;
      if (p.startsWith('/api/v1/realname/liveness-challenge') || p.startsWith('/api/v1/identity/login/face') || p === '/api/v1/identity/step-up') calls.push(`${r.request().method()} ${p} ${r.status()}`);
      // the realname page asks for the full number once without a proof (403 step-up-required) before the sheet
      if (r.status() >= 400 && !(r.status() === 403 && p === '/api/v1/realname/me/id-number')) errors.push(`HTTP ${r.status()} ${p}`);
    });
    try {
      await page.goto(`${base}/login`);
      const agree = page.getByTestId('policy-agree');
      if (await agree.waitFor({ timeout: 3000 }).then(() => true, () => false)) await agree.click();

      // face sign-in: login name, then the liveness capture
      await page.getByRole('tab', { name: '刷脸登录' }).click();
      await page.getByTestId('face-login-name').locator('input').fill(accountName);
      await page.getByTestId('face-login-next').click();
      await page.getByTestId('rn-start-camera').click();
      const actions = await followPrompts(page);
      assert.deepEqual([...actions].sort(), ['blink', 'mouth', 'shake'], 'each prompted action shown once');
      await page.waitForURL((u) => u.pathname === '/me');
      const session = await page.evaluate(async () => (await fetch('/api/v1/identity/session')).json());
      assert.equal(session.signedIn, true);
      assert.equal(session.account.accountName, accountName);
      assert.deepEqual(await page.evaluate(() => (window as any).__cameraTracks.map((t: MediaStreamTrack) => t.readyState)), ['ended'], 'the camera closed after the capture');
      assert.deepEqual(calls.slice(0, 2), ['POST /api/v1/realname/liveness-challenge 200', 'POST /api/v1/identity/login/face 200']);

      // face step-up (二次核身) with the same capture, to see the full ID number
      await page.goto(`${base}/me/realname`);
      await page.getByText('查看完整身份证号').click();
      const sheet = page.getByTestId('step-up-sheet');
      await sheet.waitFor();
      await sheet.getByTestId('step-up-face').click();
      await sheet.getByTestId('rn-start-camera').click();
      assert.equal((await followPrompts(page)).length, 3);
      await page.getByTestId('rn-id-shown').getByText(ZHANG.idNumber).waitFor();
      assert.deepEqual(calls.slice(2), ['POST /api/v1/realname/liveness-challenge 200', 'POST /api/v1/identity/step-up 200']);
      assert.deepEqual(errors, [], 'the page logged errors');
    } catch (err) {
      if (err instanceof Error) err.message += `\n(calls: ${JSON.stringify(calls)})`;
      throw await screenshotFailure(page, 'face-liveness', err, errors);
    } finally {
      await context.close();
    }
  });
});
