// Rows → API shapes. Addresses appear only as the coarse city; the mobile only masked.
import type { LoginEventRow, SessionRow } from './identity.repository.ts';

export function presentSession(s: SessionRow & { current: boolean }) {
  return {
    id: s.id,
    current: s.current,
    method: s.method,
    device: s.device_label ?? '未记录的设备',
    city: s.city ?? '未知地区',
    createdAt: s.created_at.toISOString(),
    lastSeenAt: s.last_seen_at.toISOString(),
  };
}

export function presentEvent(e: LoginEventRow) {
  return {
    id: e.id,
    occurredAt: e.occurred_at.toISOString(),
    method: e.method,
    outcome: e.outcome,
    device: e.device_label ?? '未记录的设备',
    city: e.city ?? '未知地区',
    abnormal: e.abnormal_reasons ? e.abnormal_reasons.split(',') : [],
    disowned: !!e.disowned_at,
  };
}

export function presentIssued(c: { challengeId: string; expiresAt: Date; resendAfter: Date }) {
  return { challengeId: c.challengeId, expiresAt: c.expiresAt.toISOString(), resendAfter: c.resendAfter.toISOString() };
}

export function presentAccount(a: { accountId: string; accountName: string; mobileMasked: string; passwordChangedAt: Date; stepUpMethods: ('sms' | 'face')[] }) {
  return { ...a, passwordChangedAt: a.passwordChangedAt.toISOString() };
}
