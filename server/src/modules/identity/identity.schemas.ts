// Request and response shapes of the identity API (zod → validation and OpenAPI).
import { z } from 'zod';

const password = z.string().min(1).max(256).describe('at least 8 characters; no composition rules; not a common password');
const mobile = z.string().min(11).max(20).describe('mainland mobile number, 11 digits (+86 accepted)');
const code = z.string().regex(/^\d{6}$/).describe('the 6-digit SMS code');
const challengeId = z.uuid();
const deviceConsent = z.boolean().default(false).describe('PP-1.10: the holder agrees that this device (brand, model, OS version) is recorded for account security');

export const codeRequest = z.object({ mobile, purpose: z.enum(['registration', 'login', 'reset']) });
export const issuedCode = z.object({ challengeId: z.uuid(), expiresAt: z.iso.datetime(), resendAfter: z.iso.datetime() });

export const registerRequest = z.object({
  accountName: z
    .string()
    .trim()
    .min(2)
    .max(32)
    .regex(/^[\p{L}\p{N}_.-]+$/u, 'letters, digits, Chinese characters, _ . - only')
    .refine((v) => !/^\d+$/.test(v), 'must not be only digits (it would look like a mobile number)'),
  mobile,
  password,
  challengeId,
  code,
  deviceConsent,
});

export const passwordLoginRequest = z.object({ login: z.string().trim().min(1).max(64).describe('account name or mobile number'), password, deviceConsent });
export const codeLoginRequest = z.object({ mobile, challengeId, code, deviceConsent });
/** A liveness capture: one JPEG frame (base64 or data: URL) per prompted action of the face service's challenge
 * (POST /api/v1/realname/liveness-challenge), exactly as real-name face verification sends it. */
const faceCapture = {
  challengeId: z.string().min(1).max(100),
  frames: z.array(z.string().min(1).max(700_000)).min(1).max(3),
};
export const faceLoginRequest = z.object({ login: z.string().trim().min(1).max(64), ...faceCapture, deviceConsent });
export const resetRequest = z.object({ mobile, challengeId, code, newPassword: password, deviceConsent });

export const accountView = z.object({
  accountId: z.string(),
  accountName: z.string(),
  mobileMasked: z.string(),
  passwordChangedAt: z.iso.datetime(),
  stepUpMethods: z.array(z.enum(['sms', 'face'])),
});
export const sessionState = z.object({
  signedIn: z.boolean(),
  account: accountView.nullable(),
  faceLogin: z.boolean().describe('whether face sign-in is offered at all on this platform'),
});
export const signedInResponse = z.object({ account: accountView, abnormal: z.array(z.string()) });

export const sessionItem = z.object({
  id: z.string(),
  current: z.boolean(),
  method: z.enum(['registration', 'password', 'sms', 'face']),
  device: z.string(),
  city: z.string(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
});
export const sessionsResponse = z.object({ items: z.array(sessionItem) });

export const historyItem = z.object({
  id: z.string(),
  occurredAt: z.iso.datetime(),
  method: z.enum(['registration', 'password', 'sms', 'face']),
  outcome: z.enum(['success', 'wrong-password', 'wrong-code', 'locked']),
  device: z.string(),
  city: z.string(),
  abnormal: z.array(z.string()),
  disowned: z.boolean(),
});
export const historyResponse = z.object({ items: z.array(historyItem) });

export const idParams = z.object({ id: z.uuid() });
export const stepUpProof = z.discriminatedUnion('method', [
  z.object({ method: z.literal('sms'), challengeId, code }),
  z.object({ method: z.literal('face'), ...faceCapture }),
]);
export const stepUpState = z.object({ fresh: z.boolean(), methods: z.array(z.enum(['sms', 'face'])) });
export const changePasswordRequest = z.object({ newPassword: password });
export const mobileCodeRequest = z.object({ mobile });
export const changeMobileRequest = z.object({ mobile, challengeId, code });
export const disownRequest = z.object({ token: z.string().min(20).max(100) });
export const ok = z.object({ ok: z.literal(true) });
