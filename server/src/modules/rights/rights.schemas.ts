import { z } from 'zod';
import { REFUSAL_GROUNDS } from './rights.office.ts';

export const idParams = z.object({ id: z.string().uuid() });
export const clock = z.object({ dueDate: z.string(), left: z.number().int(), unit: z.enum(['working-days', 'days']), state: z.enum(['on-time', 'near', 'overdue', 'done']) });
const receipt = z.object({ table: z.string(), action: z.string(), rows: z.number().int(), reason: z.string().optional(), law: z.string().optional(), until: z.string().optional() });
const storageOnly = z.object({ table: z.string(), reason: z.string(), law: z.string(), rows: z.number().int(), until: z.string() });

export const profileQuery = z.object({ reveal: z.enum(['0', '1']).default('0') });
export const profileResponse = z.object({
  revealed: z.boolean(),
  groups: z.array(z.object({
    purposeId: z.string(), name: z.string(), nameEn: z.string(),
    items: z.array(z.object({
      table: z.string(), key: z.string(), element: z.string(), name: z.string(), nameEn: z.string(), sensitive: z.boolean(), masked: z.boolean(),
      values: z.record(z.string(), z.unknown()), deletable: z.boolean(), erasure: z.string(),
      correction: z.union([z.object({ via: z.string() }), z.object({ reverify: z.string() })]).nullable(),
    })),
  })),
  storageOnly: z.array(storageOnly),
});

export const itemParams = z.object({ table: z.string().regex(/^[a-z_]{1,63}$/), key: z.string().min(1).max(100) });
export const deletedResponse = z.object({ deleted: z.number().int() });

export const requestBody = z.object({
  kind: z.enum(['delete-category', 'delete-all', 'guardian-delete']),
  /** the PI element id for a category */
  target: z.string().max(64).nullable().default(null),
  /** the minor's account for a guardian's request (PP-5.2) */
  minorAccountId: z.string().uuid().optional(),
});
export const request = z.object({
  id: z.string(), kind: z.string(), target: z.string().nullable(), status: z.string(), receivedAt: z.string(), clock, refusalGround: z.string().nullable(),
  response: z.string().nullable(), handledAt: z.string().nullable(), receipt: z.array(receipt).nullable(),
});
export const requestsResponse = z.object({ requests: z.array(request) });

export const exportItem = z.object({
  id: z.string(), status: z.string(), progress: z.number().int(), requestedAt: z.string(), readyAt: z.string().nullable(), expiresAt: z.string().nullable(),
  byteSize: z.number().int().nullable(), downloadUrl: z.string().nullable(),
});
export const exportsResponse = z.object({ exports: z.array(exportItem) });

const statement = z.object({ deletes: z.array(z.string()), keeps: z.array(z.object({ name: z.string(), reason: z.string(), law: z.string(), until: z.string() })), identityAccountStays: z.boolean() });
export const statementResponse = z.object({ app: statement, identity: statement });
export const cancelBody = z.object({ mode: z.enum(['app', 'identity']), confirm: z.literal(true) });
export const cancelResponse = z.object({ mode: z.string(), receipts: z.array(receipt), storageOnly: z.array(storageOnly), kept: z.array(receipt) });

export const whoUsedResponse = z.object({
  provisions: z.array(z.object({ at: z.string(), direction: z.enum(['outbound', 'inbound']), recipientId: z.string(), partner: z.string(), purposeId: z.string(), purpose: z.string(), elements: z.array(z.string()), basis: z.string(), statutoryGround: z.string().nullable() })),
  accesses: z.array(z.object({ at: z.string(), action: z.string(), elements: z.array(z.string()), purposeId: z.string().nullable(), purpose: z.string().nullable(), department: z.string().nullable(), roles: z.array(z.string()) })),
});

export const feedbackBody = z.object({ text: z.string().trim().min(1).max(2000), screenshot: z.string().max(8_000_000).nullable().optional() });
export const feedbackCreated = z.object({ id: z.string(), receivedAt: z.string(), clock });
export const feedbackList = z.object({
  feedback: z.array(z.object({ id: z.string(), text: z.string(), hasScreenshot: z.boolean(), receivedAt: z.string(), clock, reply: z.string().nullable(), repliedAt: z.string().nullable() })),
});

// console
export const queueQuery = z.object({ all: z.enum(['0', '1']).default('0') });
const officeRequest = request.extend({ accountId: z.string(), subjectAccountId: z.string(), assignedTo: z.string().nullable(), identityVerified: z.boolean() });
export const officeRequestResponse = officeRequest;
export const queueResponse = z.object({
  requests: z.array(officeRequest),
  feedback: z.array(z.object({ id: z.string(), accountId: z.string(), receivedAt: z.string(), clock })),
  grounds: z.record(z.string(), z.string()),
});
export const assignBody = z.object({ assignee: z.string().nullable().default(null) });
export const groundEnum = z.enum(Object.keys(REFUSAL_GROUNDS) as [keyof typeof REFUSAL_GROUNDS, ...(keyof typeof REFUSAL_GROUNDS)[]]);
export const fulfilBody = z.object({
  response: z.string().max(2000).optional(),
  /** partial fulfilment: the rest is refused on a PP-4.8 ground with a written reason */
  partial: z.object({ ground: groundEnum, reason: z.string().trim().min(1).max(2000) }).optional(),
});
export const refuseBody = z.object({ ground: groundEnum, reason: z.string().trim().min(1).max(2000) });
export const statsResponse = z.object({
  types: z.array(z.object({ kind: z.string(), total: z.number().int(), open: z.number().int(), handled: z.number().int(), medianWorkingDays: z.number().nullable(), p95WorkingDays: z.number().nullable(), onTimeRate: z.number().nullable() })),
});
export const feedbackDetail = z.object({ id: z.string(), text: z.string(), screenshot: z.object({ mime: z.string().nullable(), base64: z.string() }).nullable(), receivedAt: z.string(), clock, reply: z.string().nullable() });
export const replyBody = z.object({ text: z.string().trim().min(1).max(2000) });
export const replyResponse = z.object({ id: z.string(), repliedAt: z.string() });
