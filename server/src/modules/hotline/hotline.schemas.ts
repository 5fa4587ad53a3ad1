import { z } from 'zod';
import { REQUEST_TYPES } from './catalogue.ts';
import { STATUSES } from './workflow.ts';

export const requestType = z.enum(REQUEST_TYPES);
export const status = z.enum(STATUSES);
export const rating = z.enum(['satisfied', 'basically-satisfied', 'unsatisfied']);
export const idParams = z.object({ id: z.uuid() });

const mobile = z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号');
const idNumber = z.string().regex(/^\d{17}[\dXx]$/, '请输入18位身份证号');

export const contactInput = z.object({
  name: z.string().trim().min(1).max(50).optional(),
  gender: z.enum(['male', 'female']).optional(),
  mobile: mobile.optional(),
  email: z.email().max(200).optional(),
  idNumber: idNumber.optional(),
});

export const submitBody = z.object({
  type: requestType,
  title: z.string().trim().min(2).max(100),
  description: z.string().trim().min(5).max(4000),
  location: z
    .object({ latitude: z.number().min(-90).max(90).optional(), longitude: z.number().min(-180).max(180).optional(), address: z.string().trim().max(200).optional() })
    .optional(),
  divisionCode: z.string().regex(/^\d{6}(\d{3})?$/).optional(),
  attachmentIds: z.array(z.uuid()).max(10).default([]),
  contact: contactInput.optional(),
  confidential: z.boolean().default(false),
});

export const mailboxBody = submitBody.extend({
  recipient: z.string().min(1).max(40).describe("'mayor' (给市长写信) or an organisations.id (给委办局领导写信)"),
  publish: z.boolean().default(false).describe('consent to publish the letter and its reply, anonymised'),
});

export const submittedResponse = z.object({
  id: z.uuid(),
  trackingNo: z.string(),
  status: z.literal('submitted'),
  dueDate: z.string(),
  suggestedOrganisationId: z.string().nullable(),
});

// 'true'/'false' as text: z.coerce.boolean() would read the string "false" as true.
const flag = z.enum(['true', 'false']);
export const uploadQuery = z.object({ kind: z.enum(['photo', 'voice']), keepGps: flag.optional().describe("'true' keeps the photo's GPS position (needs the location consent)") });
export const uploadResponse = z.object({ id: z.uuid(), kind: z.enum(['photo', 'voice']), mime: z.string(), bytes: z.number().int(), durationSeconds: z.number().nullable() });

const deadline = z.object({ dueDate: z.string(), workingDaysLeft: z.number().int(), overdue: z.boolean() });
export const summary = z.object({
  id: z.uuid(),
  trackingNo: z.string(),
  type: requestType,
  typeLabel: z.string(),
  title: z.string(),
  status,
  statusLabel: z.string(),
  channel: z.enum(['app', 'mayor-mailbox', 'leader-mailbox', 'partner']),
  department: z.string().nullable(),
  divisionCode: z.string().nullable(),
  receivedAt: z.string(),
  deadline,
  extensionPending: z.boolean(),
  rating: rating.nullable(),
});
export const listResponse = z.object({ items: z.array(summary) });

const step = z.object({
  event: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  department: z.string().nullable(),
  at: z.string(),
  note: z.string().nullable(),
  basis: z.string().nullable(),
});
const attachment = z.object({ id: z.uuid(), kind: z.enum(['photo', 'voice']), mime: z.string(), bytes: z.number().int(), durationSeconds: z.number().nullable() });

export const citizenDetail = summary.extend({
  mergedInto: z.string().nullable(),
  description: z.string(),
  confidential: z.boolean(),
  mailbox: z.object({ recipient: z.string(), publish: z.boolean() }).nullable(),
  timeline: z.array(step),
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  ratingComment: z.string().nullable(),
  canRate: z.boolean(),
  canReopen: z.boolean(),
  attachments: z.array(attachment),
  policyVersion: z.number().int(),
});

export const rateBody = z.object({ rating, comment: z.string().trim().max(500).optional() });
export const stepResponse = z.object({ id: z.uuid(), status, event: z.string(), dueDate: z.string() });

export const stepBody = z.object({
  text: z.string().trim().max(4000).optional(),
  basis: z.string().trim().max(200).optional(),
  days: z.number().int().min(1).max(30).optional(),
  rating: rating.optional(),
  organisationId: z.string().max(40).optional(),
  assistIds: z.array(z.string().max(40)).max(5).optional(),
  targetId: z.uuid().optional(),
  type: requestType.optional(),
});

export const queueQuery = z.object({ status: status.optional(), overdue: flag.optional() });
export const queueResponse = z.object({
  items: z.array(summary.extend({ suggestedOrganisationId: z.string().nullable(), role: z.enum(['lead', 'assist']).nullable() })),
});

export const staffDetail = summary.extend({
  description: z.string(),
  suggestedOrganisationId: z.string().nullable(),
  leadOrganisationId: z.string().nullable(),
  contact: z.object({
    name: z.string().nullable(),
    gender: z.enum(['male', 'female']).nullable(),
    mobile: z.string().nullable(),
    hasEmail: z.boolean(),
    hasIdNumber: z.boolean(),
    verified: z.boolean(),
    confidential: z.boolean(),
  }),
  idNumberRevealable: z.boolean(),
  location: z.object({ latitude: z.number().optional(), longitude: z.number().optional(), address: z.string().optional() }).nullable(),
  assignments: z.array(
    z.object({
      organisationId: z.string(),
      organisation: z.string().nullable(),
      role: z.enum(['lead', 'assist']),
      assignedAt: z.string(),
      signDue: z.string(),
      returnDue: z.string(),
      signedAt: z.string().nullable(),
      endedAt: z.string().nullable(),
    }),
  ),
  extensionDays: z.number().int().nullable(),
  extensionCount: z.number().int(),
  reopenCount: z.number().int(),
  replyDraft: z.string().nullable(),
  reply: z.string().nullable(),
  timeline: z.array(step),
  attachments: z.array(attachment),
  mergedInto: z.string().nullable(),
  final: z.boolean(),
});

export const revealBody = z.object({ reason: z.string().trim().min(2).max(200) });
export const revealResponse = z.object({ idNumber: z.string() });

export const typesResponse = z.object({
  types: z.array(z.object({ code: requestType, nameZh: z.string(), nameEn: z.string(), descriptionZh: z.string(), workingDays: z.number().int() })),
  mailboxes: z.array(z.object({ id: z.string(), nameZh: z.string() })),
});

export const dashboardQuery = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() });
export const dashboardResponse = z.object({
  total: z.number().int(),
  byType: z.array(z.object({ type: requestType, label: z.string(), count: z.number().int() })),
  byDepartment: z.array(z.object({ organisationId: z.string(), name: z.string(), count: z.number().int() })),
  byDistrict: z.array(z.object({ divisionCode: z.string(), name: z.string(), count: z.number().int() })),
  byStatus: z.array(z.object({ status, label: z.string(), count: z.number().int() })),
  onTimeRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  overdue: z.array(z.object({ id: z.uuid(), trackingNo: z.string(), type: requestType, status, organisation: z.string().nullable(), dueDate: z.string(), workingDaysOverdue: z.number().int() })),
});
