import { z } from 'zod';

export const inboxItem = z.object({
  id: z.uuid(),
  title: z.string(),
  body: z.string(),
  read: z.boolean(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export const inboxResponse = z.object({ items: z.array(inboxItem), unread: z.number().int() });
export const inboxQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });
export const idParams = z.object({ id: z.uuid() });

export const outboxStatus = z.enum(['pending', 'sending', 'delivered', 'temporary-failure', 'permanent-failure']);
export const channel = z.enum(['sms', 'email', 'inapp']);
export const outboxItem = z.object({
  id: z.uuid(),
  recipientKind: z.enum(['account', 'pseudonym']),
  recipientRef: z.string(),
  channel,
  template: z.string(),
  locale: z.enum(['zh-CN', 'en']),
  to: z.string().nullable(),
  status: outboxStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export const outboxQuery = z.object({
  status: outboxStatus.optional(),
  channel: channel.optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const outboxResponse = z.object({ items: z.array(outboxItem) });

export const sandboxSmsQuery = z.object({
  mobile: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const sandboxSmsResponse = z.object({
  sandbox: z.literal(true),
  items: z.array(z.object({ id: z.uuid(), providerMessageId: z.string(), mobile: z.string(), body: z.string(), sentAt: z.string() })),
});
