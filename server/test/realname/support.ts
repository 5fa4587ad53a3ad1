// Helpers for real-name tests: JPEG frames like those a browser captures, consent through the privacy API, requests.
import sharp from 'sharp';
import type { TestPlatform } from '../support/platform.ts';
import { asCitizen } from '../support/auth.ts';

/** A JPEG still of `shade` (different shades → different frames, as between the prompted actions). */
export async function frame(shade: number, size = 160): Promise<string> {
  const buf = await sharp({ create: { width: size, height: size, channels: 3, background: { r: shade, g: 120, b: 200 - shade / 2 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
  return buf.toString('base64');
}

export async function frames(n = 3): Promise<string[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => frame(40 + i * 60)));
}

/** A fresh action challenge from the face service, as the capture component asks for one before opening the camera. */
export async function challenge(p: TestPlatform): Promise<string> {
  const res = await p.app.inject({ method: 'POST', url: '/api/v1/realname/liveness-challenge' });
  if (res.statusCode !== 200) throw new Error(`liveness challenge: ${res.statusCode} ${res.body}`);
  return res.json().challengeId;
}

/** A liveness capture: a fresh challenge and one distinct frame per prompted action. */
export async function live(p: TestPlatform, n = 3): Promise<{ challengeId: string; frames: string[] }> {
  return { challengeId: await challenge(p), frames: await frames(n) };
}

export async function consent(p: TestPlatform, accountId: string, purposeId: string) {
  const res = await p.app.inject({ method: 'POST', url: '/api/v1/privacy/consents', headers: asCitizen(accountId), payload: { purposeId, separate: true } });
  if (res.statusCode !== 201) throw new Error(`consent ${purposeId}: ${res.statusCode} ${res.body}`);
}

export function post(p: TestPlatform, accountId: string, url: string, payload: unknown) {
  return p.app.inject({ method: 'POST', url, headers: asCitizen(accountId), payload: payload as any });
}

export const ZHANG = { realName: '张三', idNumber: '32060219900101123X' };
export const ZHANG_CARD = { cardNumber: '6222021234567890128', mobile: '13812340001' };
