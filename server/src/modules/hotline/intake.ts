// Intake (诉求提交): emergencies are sent to 110/119/120/122 instead of being filed; contact data comes from the
// verified profile where there is one, under the 12345 purpose (statutory duty, PP-1.8); location only under the
// location purpose (separate consent); photos and voice notes were checked and stripped at upload (PP-1.13, PP-1.14)
// and are attached here. The request, its first step, its audit record and the citizen's notifications commit together.
import { sql } from 'kysely';
import { addWorkingDays, shanghaiDate } from '../../platform/calendar.ts';
import { AppError } from '../../platform/http/problem.ts';
import { checkAudio, processImage } from '../../platform/media.ts';
import type { Principal } from '../../platform/http/access.ts';
import { emergencyNumbers, suggestRoute, type Channel, type RequestType } from './catalogue.ts';
import { auditSafeId, itemCodeFor, HOTLINE_PROBLEMS, HOTLINE_PURPOSE, type HotlineContext } from './context.ts';
import { hotlineRepository as repo } from './hotline.repository.ts';

export const MAX_PHOTOS = 9;
export const MAX_VOICE = 1;

export interface ContactInput {
  name?: string;
  gender?: 'male' | 'female';
  mobile?: string;
  email?: string;
  idNumber?: string;
}

export interface SubmitInput {
  type: RequestType;
  title: string;
  description: string;
  /** a map pin and/or an address; needs the location-services consent */
  location?: { latitude?: number; longitude?: number; address?: string };
  /** county or township code where the matter is (not personal: used for routing and statistics) */
  divisionCode?: string;
  attachmentIds?: string[];
  contact?: ContactInput;
  confidential?: boolean;
  channel?: Channel;
  /** mailboxes: 'mayor' or an organisations.id; publish: consent to publish the letter and reply anonymised */
  mailbox?: { recipient: string; publish: boolean };
}

export interface Submitted {
  id: string;
  trackingNo: string;
  status: 'submitted';
  dueDate: string;
  suggestedOrganisationId: string | null;
}

/** 南通 12345 tracking number: NT + receipt date + a 7-digit sequence (a letter first, so no job or audit check takes it
 * for a phone number; a sequence, so two requests never share one). Evaluated by the insert itself. */
function trackingNo(now: Date) {
  return sql<string>`${`NT${shanghaiDate(now).replaceAll('-', '')}`} || lpad((nextval('hotline_tracking_seq') % 10000000)::text, 7, '0')`;
}

/** Throws hotline-emergency with the numbers to call when the text describes an emergency. */
export function refuseEmergencies(text: string): void {
  const numbers = emergencyNumbers(text);
  if (numbers.length > 0) throw new AppError(HOTLINE_PROBLEMS.emergency, { extensions: { emergencyNumbers: numbers } });
}

/** Stores an uploaded photo or voice note (re-encoded, metadata stripped) for the citizen to attach to a request. */
export async function uploadAttachment(
  ctx: HotlineContext,
  principal: Principal | null,
  accountId: string,
  kind: 'photo' | 'voice',
  body: Buffer,
  opts: { keepGps?: boolean } = {},
): Promise<{ id: string; kind: 'photo' | 'voice'; mime: string; bytes: number; durationSeconds: number | null }> {
  // PP-1.13 / PP-1.14: each medium under its own consent-based purpose (the app asks for the device permission too).
  if (kind === 'photo') await ctx.deps.guard.require(principal, 'photo-camera', { elements: ['photos'] });
  else await ctx.deps.guard.require(principal, 'voice', { elements: ['voice'] });
  // Keeping the GPS position is itself a use of precise location: only with that purpose's consent.
  if (kind === 'photo' && opts.keepGps) await ctx.deps.guard.require(principal, 'location-services', { elements: ['precise-location'] });
  const media =
    kind === 'photo'
      ? await processImage(body, { keepGps: !!opts.keepGps }).then((p) => ({ data: p.data, mime: p.mime, durationSeconds: null }))
      : await checkAudio(body);
  const id = auditSafeId();
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('hotline_attachments')
      .values({
        id,
        account_id: accountId,
        request_id: null,
        kind,
        mime: media.mime,
        byte_size: media.data.byteLength,
        duration_seconds: media.durationSeconds,
        data_enc: await ctx.deps.cipher.encryptField(accountId, media.data, `hotline_attachments.data_enc/${id}`, tx),
        created_at: ctx.now(),
      })
      .execute();
    await ctx.deps.audit.record(tx, {
      actor: { kind: 'citizen', ref: accountId },
      action: 'hotline.upload-attachment',
      subjectId: accountId,
      elements: [kind === 'photo' ? 'photos' : 'voice'],
      purposeId: kind === 'photo' ? 'photo-camera' : 'voice',
      legalBasis: 'consent',
      details: { attachmentId: id, kind, mime: media.mime },
    });
  });
  return { id, kind, mime: media.mime, bytes: media.data.byteLength, durationSeconds: media.durationSeconds };
}

/**
 * Files a request. `submitter` is the citizen's account (channel app / mailboxes) or a partner client (channel partner,
 * no account: the request is its own encryption subject).
 */
export async function submitRequest(
  ctx: HotlineContext,
  principal: Principal | null,
  submitter: { accountId: string } | { partnerClientId: string },
  input: SubmitInput,
): Promise<Submitted> {
  refuseEmergencies(`${input.title}\n${input.description}`);
  const accountId = 'accountId' in submitter ? submitter.accountId : null;
  const ids = [...new Set(input.attachmentIds ?? [])];

  // Contact data: the verified profile wins over what was typed (PP-1.8: 姓名、性别、身份证号、手机号、电子邮件).
  const verified = accountId && ctx.deps.verifiedIdentity ? await ctx.deps.verifiedIdentity(accountId) : null;
  const contact: ContactInput = {
    ...input.contact,
    ...(verified?.realName ? { name: verified.realName } : {}),
    ...(verified?.idNumber ? { idNumber: verified.idNumber } : {}),
    ...(verified?.gender ? { gender: verified.gender } : {}),
    ...(verified?.mobile && !input.contact?.mobile ? { mobile: verified.mobile } : {}),
  };
  const elements = [
    ...(contact.name ? ['real-name'] : []),
    ...(contact.gender ? ['gender'] : []),
    ...(contact.mobile ? ['mobile'] : []),
    ...(contact.email ? ['email'] : []),
    ...(contact.idNumber ? ['id-number'] : []),
  ];
  // The guard reads consents outside the transaction (PGlite: never use database.db inside a transaction).
  await ctx.deps.guard.require(principal ?? (accountId ? { kind: 'account', ref: accountId } : null), HOTLINE_PURPOSE, { elements });
  const hasLocation = !!input.location && (input.location.address || input.location.latitude !== undefined);
  if (hasLocation) {
    // PP-1.12: a precise location only with the location purpose's separate consent; partners state it for the citizen.
    if (accountId) await ctx.deps.guard.require(principal, 'location-services', { elements: ['precise-location'] });
    elements.push('precise-location');
  }
  const [policyVersion, settings, counties] = await Promise.all([ctx.deps.policyVersion(), ctx.typeSettings(), ctx.counties()]);
  const setting = settings.get(input.type)!;
  const now = ctx.now();
  const dueDate = addWorkingDays(now, setting.working_days);
  const route = suggestRoute(`${input.title}\n${input.description}`, input.divisionCode ?? null, counties);
  const id = auditSafeId();
  const subject = accountId ?? id;
  const channel: Channel = input.channel ?? (accountId ? 'app' : 'partner');

  let trackingNumber = '';
  await ctx.db.transaction().execute(async (tx) => {
    const seal = (col: string, v: string | null | undefined) => ctx.seal(tx, subject, col, id, v);
    const row = {
      id,
      tracking_no: '',
      channel,
      mailbox_recipient: input.mailbox?.recipient ?? null,
      publish_consent: input.mailbox?.publish ?? false,
      partner_client_id: 'partnerClientId' in submitter ? submitter.partnerClientId : null,
      type: input.type,
      account_id: accountId,
      title_enc: (await seal('title_enc', input.title))!,
      description_enc: (await seal('description_enc', input.description))!,
      contact_name_enc: await seal('contact_name_enc', contact.name),
      contact_gender: contact.gender ?? null,
      contact_mobile_enc: await seal('contact_mobile_enc', contact.mobile),
      contact_email_enc: await seal('contact_email_enc', contact.email),
      contact_id_number_enc: await seal('contact_id_number_enc', contact.idNumber),
      contact_verified: !!verified,
      confidential: !!input.confidential,
      location_enc: hasLocation ? await seal('location_enc', JSON.stringify(input.location)) : null,
      division_code: input.divisionCode ?? null,
      status: 'submitted' as const,
      suggested_org: route.organisationId,
      lead_org: null,
      received_at: now,
      due_date: dueDate,
      dispatched_at: null,
      signed_at: null,
      closed_at: null,
      extension_pending: false,
      extension_days: null,
      extension_count: 0,
      reopen_count: 0,
      return_count: 0,
      reply_draft_enc: null,
      reply_enc: null,
      replied_at: null,
      rating: null,
      rating_comment_enc: null,
      rated_at: null,
      called_back_at: null,
      merged_into: null,
      warned_at: null,
      escalated_at: null,
      policy_version: policyVersion,
      version: 0,
      created_at: now,
    };
    const { tracking_no: no } = await tx.insertInto('hotline_requests').values({ ...row, tracking_no: trackingNo(now) }).returning('tracking_no').executeTakeFirstOrThrow();
    trackingNumber = no;
    if (ids.length > 0) {
      if (!accountId) throw new AppError(HOTLINE_PROBLEMS.attachmentInvalid);
      const attached = await tx
        .updateTable('hotline_attachments')
        .set({ request_id: id })
        .where('id', 'in', ids)
        .where('account_id', '=', accountId)
        .where('request_id', 'is', null)
        .returning(['kind'])
        .execute();
      if (attached.length !== ids.length) throw new AppError(HOTLINE_PROBLEMS.attachmentInvalid);
      const photos = attached.filter((a) => a.kind === 'photo').length;
      if (photos > MAX_PHOTOS || attached.length - photos > MAX_VOICE) throw new AppError(HOTLINE_PROBLEMS.tooManyAttachments);
    }
    const eventId = await repo.insertEvent(tx, {
      request_id: id,
      event: 'citizen-request.submitted',
      from_status: null,
      to_status: 'submitted',
      actor_kind: accountId ? 'citizen' : 'partner',
      actor_ref: accountId ?? row.partner_client_id,
      organisation_id: null,
      note_enc: null,
      basis: null,
      visible: true,
      occurred_at: now,
    });
    await ctx.deps.audit.record(tx, {
      actor: accountId ? { kind: 'citizen', ref: accountId } : { kind: 'partner', ref: row.partner_client_id },
      action: 'hotline.submit-request',
      subjectId: subject,
      elements,
      purposeId: HOTLINE_PURPOSE,
      legalBasis: 'statutory-duty',
      details: { requestId: id, type: input.type, channel, attachments: ids.length, policyVersion },
    });
    await ctx.queueNotification(tx, eventId);
    if (accountId && ctx.deps.recordHandling) {
      await ctx.deps.recordHandling(tx, { accountId, itemCode: itemCodeFor(channel), status: 'submitted', reference: no, at: now });
    }
  });
  return { id, trackingNo: trackingNumber, status: 'submitted', dueDate, suggestedOrganisationId: route.organisationId };
}
