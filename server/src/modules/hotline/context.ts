// What every hotline use case needs: the kernel, the other modules' services it calls, and the small helpers that
// encrypt a column under the request's subject, notify the citizen and look up organisations.
import type { Transaction, Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Tables } from '../../platform/db/tables.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';
import { AppError, defineProblem } from '../../platform/http/problem.ts';
import { assertNoPI, type AuditService } from '../audit/index.ts';
import { randomUUID } from 'node:crypto';
import type { SharingService } from '../sharing/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { ReferenceModule, OrganisationRow } from '../reference/index.ts';

type ReferenceRepository = ReferenceModule['repository'];
import type { PurposeGuard } from '../privacy/index.ts';
import { hotlineRepository as repo, type HotlineRequestRow, type HotlineTypeSettingsRow } from './hotline.repository.ts';
import { DEFAULT_WORKING_DAYS, REQUEST_TYPES, type RequestType } from './catalogue.ts';
import { STATUS_LABELS, type Status } from './workflow.ts';
import './templates.ts';

export type Tx = Transaction<Tables>;
export type Executor = Kysely<Tables>;

/** What the real-name module knows about a verified citizen (optional dependency; absent until it lands). */
export interface VerifiedIdentity {
  realName: string;
  idNumber?: string | null;
  gender?: 'male' | 'female' | null;
  mobile?: string | null;
}

/** A 我的服务 handling record (optional dependency: the catalogue module's recordHandling). */
export interface HandlingRecordInput {
  accountId: string;
  /** the catalogue item the record is filed under (HOTLINE_ITEM_CODE) */
  itemCode: string;
  status: 'submitted' | 'accepted' | 'in-progress' | 'completed' | 'rejected';
  /** the 12345 tracking number (an id, never PI) */
  reference: string;
  at: Date;
}

/** The catalogue items 12345 handling records are filed under in 我的服务 (320600-GG-0132 12345诉求提交,
 * 320600-GG-0130 给市长写信; the catalogue shows the record only while the item is published). */
export const HOTLINE_ITEM_CODE = '320600-GG-0132';
export const MAILBOX_ITEM_CODE = '320600-GG-0130';
export const itemCodeFor = (channel: string) => (channel === 'mayor-mailbox' || channel === 'leader-mailbox' ? MAILBOX_ITEM_CODE : HOTLINE_ITEM_CODE);

/** How a request's status reads in 我的服务. */
export function handlingStatus(s: Status): HandlingRecordInput['status'] {
  if (s === 'submitted') return 'submitted';
  if (s === 'accepted') return 'accepted';
  if (s === 'rejected') return 'rejected';
  if (s === 'closed' || s === 'visited' || s === 'rated') return 'completed';
  return 'in-progress';
}

export interface HotlineDeps {
  database: Database;
  jobs: Jobs;
  clock: Clock;
  logger: Logger;
  cipher: FieldCipher;
  audit: AuditService;
  sharing: SharingService;
  guard: PurposeGuard;
  /** the privacy-policy version in force (privacy.consents.currentPolicyVersion) */
  policyVersion: () => Promise<number>;
  notifications: NotificationsService;
  reference: ReferenceRepository;
  verifiedIdentity?: (accountId: string) => Promise<VerifiedIdentity | null>;
  recordHandling?: (tx: Tx, input: HandlingRecordInput) => Promise<void>;
}

export const HOTLINE_PURPOSE = 'hotline-12345';
export const NOTIFY_JOB = 'hotline.notify-citizen';
/** The sharing-ledger recipient (policy 二(一) 政务互动类) under which departments receive contact data. */
export const HOTLINE_RECIPIENT = 'interaction';

export const HOTLINE_PROBLEMS = {
  emergency: defineProblem('hotline-emergency', {
    status: 422,
    title: '您反映的情况可能是紧急事件，请立即拨打紧急电话，12345不能代替110、119、120、122',
    titleEn: 'This looks like an emergency: call 110, 119, 120 or 122 now',
  }),
  transitionNotAllowed: defineProblem('hotline-transition-not-allowed', {
    status: 409,
    title: '诉求当前状态下不能进行此操作',
    titleEn: 'This step is not allowed in the request’s current state',
  }),
  inputRequired: defineProblem('hotline-input-required', {
    status: 422,
    title: '请填写此步骤需要的内容(理由、依据、答复或评价)',
    titleEn: 'This step needs its reason, basis, reply or rating',
  }),
  attachmentInvalid: defineProblem('hotline-attachment-invalid', {
    status: 422,
    title: '附件无效或已被使用，请重新上传',
    titleEn: 'An attachment is unknown, not yours or already used',
  }),
  tooManyAttachments: defineProblem('hotline-too-many-attachments', {
    status: 422,
    title: '最多上传9张图片和1段语音',
    titleEn: 'At most 9 photos and one voice note',
  }),
  routeRequired: defineProblem('hotline-route-required', {
    status: 422,
    title: '请选择承办单位',
    titleEn: 'Choose the responsible organisation',
  }),
  idNumberNotNeeded: defineProblem('hotline-id-number-not-needed', {
    status: 403,
    title: '此类诉求办理不需要查看身份证号',
    titleEn: 'This type of request does not need the ID number',
  }),
};

/**
 * A fresh uuid the audit trail's PI heuristic will not mistake for a phone or card number (about 1 uuid in 3,000 has
 * a run like "13812345678" in a segment, and the audit record would then be refused).
 */
export function auditSafeId(): string {
  for (;;) {
    const id = randomUUID();
    try {
      assertNoPI(id);
      return id;
    } catch {
      // draw again
    }
  }
}

export class HotlineContext {
  readonly deps: HotlineDeps;
  readonly db: Executor;
  constructor(deps: HotlineDeps) {
    this.deps = deps;
    this.db = deps.database.db;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /** The subject whose key encrypts the request's PI: the citizen's account, or the request itself (partner intake). */
  subjectOf(r: Pick<HotlineRequestRow, 'id' | 'account_id'>): string {
    return r.account_id ?? r.id;
  }

  aad(column: string, requestId: string): string {
    return `hotline_requests.${column}/${requestId}`;
  }

  async seal(tx: Executor, subject: string, column: string, requestId: string, value: string | null | undefined): Promise<Buffer | null> {
    if (value === null || value === undefined || value === '') return null;
    return this.deps.cipher.encryptField(subject, value, this.aad(column, requestId), tx);
  }

  async open(subject: string, column: string, requestId: string, value: Buffer | null, db: Executor = this.db): Promise<string | null> {
    if (!value) return null;
    return this.deps.cipher.decryptField(subject, value, this.aad(column, requestId), db);
  }

  #settings?: { at: number; value: Map<RequestType, HotlineTypeSettingsRow> };
  /** The per-type settings; cached for 30 s (they change by configuration, not per request). */
  async typeSettings(db: Executor = this.db): Promise<Map<RequestType, HotlineTypeSettingsRow>> {
    if (this.#settings && performance.now() - this.#settings.at < 30_000) return this.#settings.value;
    const m = await repo.typeSettings(db);
    this.#settings = { at: performance.now(), value: m };
    for (const t of REQUEST_TYPES) if (!m.has(t)) m.set(t, { type: t, working_days: DEFAULT_WORKING_DAYS[t], id_number_revealable: false, max_extensions: 1 });
    return m;
  }

  #orgs?: Map<string, OrganisationRow>;
  async organisations(): Promise<Map<string, OrganisationRow>> {
    if (!this.#orgs) this.#orgs = new Map((await this.deps.reference.organisations()).map((o) => [o.id, o]));
    return this.#orgs;
  }

  async counties(): Promise<Map<string, string>> {
    const m = new Map<string, string>();
    for (const o of (await this.organisations()).values()) if (o.kind === 'county' && o.division_code) m.set(o.division_code, o.id);
    return m;
  }

  /**
   * Queues the citizen's notification of a visible step in the step's transaction: a job with the step id only, so
   * the request path does not wait for the fan-out (citizen + those whose duplicates were merged into it).
   */
  async queueNotification(tx: Tx, eventId: number): Promise<void> {
    await this.deps.jobs.send(NOTIFY_JOB, { eventId }, { tx });
  }

  /** Tells the citizen (in-app, and SMS when a mobile is on file) that their request changed; ids and labels only. */
  async notifyCitizen(tx: Tx, r: HotlineRequestRow, status: Status): Promise<void> {
    if (!r.account_id) return;
    const params = { trackingNo: r.tracking_no, status: STATUS_LABELS[status].zh };
    await this.deps.notifications.enqueue(tx, {
      recipient: { kind: 'account', ref: r.account_id },
      channel: 'inapp',
      template: 'hotline-status-changed',
      params,
      purposeId: HOTLINE_PURPOSE,
    });
    const mobile = await this.open(r.account_id, 'contact_mobile_enc', r.id, r.contact_mobile_enc, tx);
    if (mobile) {
      await this.deps.notifications.enqueue(tx, {
        recipient: { kind: 'account', ref: r.account_id, address: mobile },
        channel: 'sms',
        template: 'hotline-status-changed',
        params,
        purposeId: HOTLINE_PURPOSE,
      });
    }
  }

  notFound(): AppError {
    return new AppError('not-found');
  }
}
