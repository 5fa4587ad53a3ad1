// PP-7.1 我的 → APP功能反馈: free text and an optional screenshot (re-encoded, EXIF stripped by platform/media.ts),
// answered within 15 plain days (not working days — see deadlines.ts); the reply shows in the app and goes by SMS.
import { randomUUID } from 'node:crypto';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { processImage } from '../../platform/media.ts';
import { citizenOf, staffOf, type RightsContext } from './context.ts';
import { feedbackClock, feedbackDueDate } from './deadlines.ts';
import { dateOnly } from './rights.repository.ts';
import { APP_KEY } from './subject-data.ts';
import { TEMPLATE_FEEDBACK_REPLY } from './templates.ts';

const TEXT_AAD = (id: string) => `rights_feedback.text/${id}`;
const SHOT_AAD = (id: string) => `rights_feedback.screenshot/${id}`;

export class FeedbackService {
  readonly ctx: RightsContext;
  constructor(ctx: RightsContext) {
    this.ctx = ctx;
  }

  async submit(principal: Principal | null, text: string, screenshotBase64?: string | null) {
    const accountId = citizenOf(principal);
    const shot = screenshotBase64 ? await processImage(Buffer.from(screenshotBase64, 'base64'), { maxBytes: 5 * 1024 * 1024 }) : null;
    const id = randomUUID();
    const now = this.ctx.clock.now();
    await this.ctx.database.db.transaction().execute(async (tx) => {
      await tx.insertInto('rights_feedback').values({
        id, account_id: accountId, received_at: now, due_date: feedbackDueDate(now), reply: null, replied_at: null, replied_by: null,
        text_enc: await this.ctx.cipher.encryptField(APP_KEY(accountId), text, TEXT_AAD(id), tx),
        screenshot_enc: shot ? await this.ctx.cipher.encryptField(APP_KEY(accountId), shot.data, SHOT_AAD(id), tx) : null,
        screenshot_mime: shot?.mime ?? null,
      }).execute();
      await this.ctx.audit.record(tx, { actor: { kind: 'citizen', ref: accountId }, action: 'rights.submit-feedback', subjectId: accountId, elements: ['app-feedback'], purposeId: 'rights-handling', legalBasis: 'legal-obligation', details: { feedbackId: id, screenshot: !!shot } });
    });
    return { id, receivedAt: now.toISOString(), clock: feedbackClock(feedbackDueDate(now), now, false) };
  }

  async mine(principal: Principal | null) {
    const accountId = citizenOf(principal);
    const rows = await this.ctx.database.db.selectFrom('rights_feedback').selectAll().where('account_id', '=', accountId).orderBy('received_at', 'desc').limit(50).execute();
    const now = this.ctx.clock.now();
    return Promise.all(rows.map(async (r) => ({
      id: r.id, text: await this.ctx.cipher.decryptField(APP_KEY(accountId), r.text_enc, TEXT_AAD(r.id)), hasScreenshot: !!r.screenshot_enc,
      receivedAt: r.received_at.toISOString(), clock: feedbackClock(dateOnly(r.due_date), now, !!r.replied_at), reply: r.reply, repliedAt: r.replied_at?.toISOString() ?? null,
    })));
  }

  /** The office reads one feedback to answer it (audited: a staff read of a citizen's text). */
  async read(principal: Principal | null, id: string) {
    const staffId = staffOf(principal);
    const db = this.ctx.database.db;
    const r = await db.selectFrom('rights_feedback').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw new AppError(P.notFound);
    await db.transaction().execute((tx) => this.ctx.audit.record(tx, { actor: { kind: 'staff', ref: staffId }, action: 'rights.read-feedback', subjectId: r.account_id, elements: ['app-feedback'], purposeId: 'rights-handling', legalBasis: 'legal-obligation', details: { feedbackId: id } }));
    return {
      id, text: await this.ctx.cipher.decryptField(APP_KEY(r.account_id), r.text_enc, TEXT_AAD(id)),
      screenshot: r.screenshot_enc ? { mime: r.screenshot_mime, base64: (await this.ctx.cipher.decryptFieldBytes(APP_KEY(r.account_id), r.screenshot_enc, SHOT_AAD(id))).toString('base64') } : null,
      receivedAt: r.received_at.toISOString(), clock: feedbackClock(dateOnly(r.due_date), this.ctx.clock.now(), !!r.replied_at), reply: r.reply,
    };
  }

  async reply(principal: Principal | null, id: string, text: string) {
    const staffId = staffOf(principal);
    const now = this.ctx.clock.now();
    // the mobile is looked up BEFORE the transaction (PGlite: no second connection inside one)
    const owner = await this.ctx.database.db.selectFrom('rights_feedback').select('account_id').where('id', '=', id).executeTakeFirst();
    const contact = owner ? await this.ctx.contactOf(owner.account_id).catch(() => null) : null;
    return this.ctx.database.db.transaction().execute(async (tx) => {
      const r = await tx.selectFrom('rights_feedback').select(['id', 'account_id']).where('id', '=', id).forUpdate().executeTakeFirst();
      if (!r) throw new AppError(P.notFound);
      await tx.updateTable('rights_feedback').set({ reply: text, replied_at: now, replied_by: staffId }).where('id', '=', id).execute();
      await this.ctx.audit.record(tx, { actor: { kind: 'staff', ref: staffId }, action: 'rights.reply-feedback', subjectId: r.account_id, purposeId: 'rights-handling', legalBasis: 'legal-obligation', details: { feedbackId: id } });
      await this.ctx.notifications.enqueue(tx, { recipient: { kind: 'account', ref: r.account_id }, channel: 'inapp', template: TEMPLATE_FEEDBACK_REPLY, purposeId: 'rights-handling' });
      if (contact?.mobile) await this.ctx.notifications.enqueue(tx, { recipient: { kind: 'account', ref: r.account_id, address: contact.mobile }, channel: 'sms', template: TEMPLATE_FEEDBACK_REPLY, purposeId: 'rights-handling' });
      return { id, repliedAt: now.toISOString() };
    });
  }
}
