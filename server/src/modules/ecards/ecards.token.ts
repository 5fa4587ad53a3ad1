// The QR code shown at a counter carries a short-lived signed token (JWT, HS256) naming the card by id only: no card
// data is in the code itself, so a photo of it is worthless after two minutes, and a removed card no longer verifies.
// The key is derived from the session secret with HKDF so it is used for nothing else.
import { hkdfSync } from 'node:crypto';
import { SignJWT, jwtVerify, errors } from 'jose';

export const QR_TTL_SECONDS = 120;
const AUDIENCE = 'ntbt:ecards:counter';
const ISSUER = 'ntbt:ecards';

export function qrKey(sessionSecret: Buffer): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', sessionSecret, Buffer.alloc(0), 'ntbt ecards qr-token v1', 32));
}

export async function signQrToken(key: Uint8Array, cardId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + QR_TTL_SECONDS;
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(cardId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { token, expiresAt: new Date(exp * 1000) };
}

export type TokenCheck = { ok: true; cardId: string } | { ok: false; reason: 'expired' | 'invalid' };

export async function verifyQrToken(key: Uint8Array, token: string, now: Date): Promise<TokenCheck> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], audience: AUDIENCE, issuer: ISSUER, currentDate: now, clockTolerance: 0 });
    if (typeof payload.sub !== 'string') return { ok: false, reason: 'invalid' };
    return { ok: true, cardId: payload.sub };
  } catch (e) {
    if (e instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
    return { ok: false, reason: 'invalid' };
  }
}
