// What leaves the server. Addresses are masked (138****8000, z***@example.com); bodies of outbox rows never leave.
// The outbox holds addresses encrypted and the console does not decrypt them: it shows only that one is held.
import type { InboxRow, OutboxRow, SandboxSmsRow } from './notifications.repository.ts';

export function maskMobile(mobile: string): string {
  const digits = mobile.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  return digits.length === 11 ? `${digits.slice(0, 3)}****${digits.slice(7)}` : '****';
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '****';
  return `${email[0]}***${email.slice(at)}`;
}

export function maskAddress(channel: string, address: string | null): string | null {
  if (address === null) return null;
  return channel === 'sms' ? maskMobile(address) : channel === 'email' ? maskEmail(address) : '****';
}

/** Shown for an outbox address: it is held encrypted until the message reaches a final state, then erased. */
export const ENCRYPTED_ADDRESS = '已加密';

export function presentInboxItem(r: InboxRow) {
  return { id: r.id, title: r.title, body: r.body, read: r.read_at !== null, readAt: r.read_at?.toISOString() ?? null, createdAt: r.created_at.toISOString() };
}

export function presentOutboxItem(r: OutboxRow) {
  return {
    id: r.id,
    recipientKind: r.recipient_kind,
    recipientRef: r.recipient_ref,
    channel: r.channel,
    template: r.template,
    locale: r.locale,
    to: r.to_address_enc ? ENCRYPTED_ADDRESS : null,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at.toISOString(),
    sentAt: r.sent_at?.toISOString() ?? null,
    deliveredAt: r.delivered_at?.toISOString() ?? null,
  };
}

/** Sandbox only: testers read their OTPs here, so the text is shown; the number is masked like everywhere else. */
export function presentSandboxSms(r: SandboxSmsRow) {
  return { id: r.id, providerMessageId: r.provider_message_id, mobile: maskMobile(r.mobile), body: r.body, sentAt: r.sent_at.toISOString() };
}
