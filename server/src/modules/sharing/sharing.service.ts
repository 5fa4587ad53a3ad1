// Providing PI to another handler (PP-2.1, PP-2.3, PP-2.7, PP-2.8, LAW-4). A provision is allowed only to a declared
// recipient, for one of its declared purposes, with declared elements only; it is recorded in the ledger and in the
// audit trail in the caller's transaction, and what leaves is a projection holding only the allowed fields.
// PP-3.3: a recipient outside the PRC mainland gets PI only after the subject's separate cross-border consent
// (PIPL arts. 38–39), recorded with the notice as shown. PP-1.17: PI received from a partner goes through `receive`:
// only from a declared source, only its declared elements, only while the citizen's authorisation to that source is in
// force; each receipt is a ledger row (direction 'inbound') in the transaction that stores the data.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import { AppError, defineProblem } from '../../platform/http/problem.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemClock } from '../../platform/clock.ts';
import type { AuditService, ActorKind } from '../audit/index.ts';
import { sharingRepository as repo, type CrossBorderConsentRow, type SharingProvisionRow } from './sharing.repository.ts';

type Executor = Kysely<Tables>;

export const SHARING_PROBLEMS = {
  notDeclared: defineProblem('sharing-not-declared', {
    status: 403,
    title: '该信息不在已公示的共享范围内，不能提供',
    titleEn: 'This recipient, purpose or field is not declared for sharing',
  }),
  groundRequired: defineProblem('sharing-ground-required', {
    status: 422,
    title: '未经同意提供个人信息须注明法定情形',
    titleEn: 'A statutory exception must name its ground',
  }),
  // PP-3.3 / PIPL art. 39
  crossBorderConsentRequired: defineProblem('cross-border-consent-required', {
    status: 403,
    title: '向境外提供您的个人信息，须事先取得您的单独同意',
    titleEn: 'Providing your personal information outside China needs your separate consent first',
  }),
  // PP-1.17
  inboundNotDeclared: defineProblem('inbound-source-not-declared', {
    status: 403,
    title: '该合作方或信息不在已公示的信息来源范围内，不能接收',
    titleEn: 'This source, or this information, is not declared as received from partners',
  }),
  authorisationRequired: defineProblem('source-authorisation-required', {
    status: 403,
    title: '需要您授权该部门向我们提供您的信息后才能获取',
    titleEn: 'You have not authorised this partner to provide your information to us',
  }),
};

/** PP-3.3: 'CN' = 中华人民共和国大陆地区 (policy definition 10); any other code is outside the PRC. */
export const PRC = 'CN';

/** PIPL art. 13 bases used for a provision (LAW-3); 'statutory-exception' is one of the eight grounds of PP-2.7. */
export const LEGAL_BASES = ['consent', 'statutory-duty', 'contract', 'statutory-exception'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** PP-2.7: the eight situations where sharing, transfer or disclosure needs no consent. */
export const STATUTORY_GROUNDS = [
  'national-security', // 与国家安全、国防安全直接相关
  'public-safety-health', // 与公共安全、公共卫生、重大公共利益直接相关
  'criminal-investigation', // 与犯罪侦查、起诉、审判和判决执行等直接相关
  'vital-interests', // 维护生命、财产等重大合法权益但又很难得到本人同意
  'self-disclosed', // 个人信息主体自行向社会公众公开
  'lawfully-public', // 从合法公开披露的信息中收集
  'contract-performance', // 根据个人信息主体要求签订和履行合同所必需
  'other-law', // 法律法规规定的其他情形
] as const;
export type StatutoryGround = (typeof STATUTORY_GROUNDS)[number];

export interface RecipientDeclaration {
  purposeIds: string[];
  elements: string[];
  /** PP-3.3: where the recipient processes the data (ISO 3166-1 alpha-2; 'CN' = PRC mainland) */
  jurisdiction: string;
  /** for a recipient outside CN, the art. 39 notice needs its name and how to exercise rights against it */
  nameZh?: string;
  rightsContactZh?: string;
}

/** PP-1.17: a partner the platform receives PI from (inventory/inbound.ts). */
export interface InboundDeclaration {
  elements: string[];
  /** what the received data is used for */
  purposeId: string;
  /** the consent-based purpose recording the citizen's authorisation for this source to provide */
  authorisationPurposeId: string;
  jurisdiction: string;
}

/** The purpose guard's `require` (privacy module), used to check the citizen's authorisation to a source. */
export interface AuthorisationGuard {
  require(subject: { kind: 'account'; ref: string }, purposeId: string, opts: { elements?: string[] }): Promise<{ consent: { id: number } | null }>;
}

/** What `assertAuthorised` found in force; `receive` re-checks it inside the storing transaction. */
export interface Authorisation {
  sourceId: string;
  subjectId: string;
  /** the consent record of the citizen's authorisation to the source */
  consentId: number;
  declaration: InboundDeclaration;
}

export interface ReceiveRequest {
  /** from `assertAuthorised`, called before the partner is asked */
  authorisation: Authorisation;
  /** what the source sent, as sent: a key outside the source's declared elements is refused */
  data: Record<string, unknown>;
  actor?: { kind: ActorKind; ref?: string | null };
}

export interface Receipt {
  receiptId: string;
  auditRecordId: string;
  receivedAt: Date;
  data: Record<string, unknown>;
}

export interface ProvideRequest<E extends string = string> {
  recipientId: string;
  purposeId: string;
  /** the internal subject id (account uuid); stored only as a pseudonym, and as account id if it is a uuid */
  subjectId: string;
  elements: E[];
  data: Partial<Record<string, unknown>>;
  basis: LegalBasis;
  ground?: StatutoryGround;
  /** PP-2.8: set when the data provided was de-identified; names the method (e.g. "k-anonymity k=10; id-number removed") */
  deidentificationMethod?: string;
  actor?: { kind: ActorKind; ref?: string | null };
}

export interface Provision<E extends string = string> {
  provisionId: string;
  auditRecordId: string;
  providedAt: Date;
  /** only the requested, declared elements */
  data: Partial<Record<E, unknown>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class SharingService {
  readonly #declared: Map<string, RecipientDeclaration>;
  readonly #inbound: Map<string, InboundDeclaration>;
  readonly #audit: AuditService;
  readonly #clock: Clock;
  #guard: AuthorisationGuard | undefined;

  constructor(opts: { declared: Map<string, RecipientDeclaration>; inbound?: Map<string, InboundDeclaration>; audit: AuditService; clock?: Clock; guard?: AuthorisationGuard }) {
    for (const [id, d] of opts.declared) {
      if (!/^[A-Z]{2}$/.test(d.jurisdiction ?? '')) throw new Error(`Recipient "${id}" declares no jurisdiction (PP-3.3)`);
      if (d.jurisdiction !== PRC && (!d.nameZh || !d.rightsContactZh)) throw new Error(`Recipient "${id}" is outside the PRC: its art. 39 notice needs nameZh and rightsContactZh`);
    }
    this.#declared = opts.declared;
    this.#inbound = opts.inbound ?? new Map();
    this.#audit = opts.audit;
    this.#clock = opts.clock ?? systemClock;
    this.#guard = opts.guard;
  }

  /** The purpose guard checks authorisations to inbound sources (privacy is composed after sharing in main.ts). */
  useGuard(guard: AuthorisationGuard): void {
    this.#guard = guard;
  }

  /** Throws sharing-not-declared unless recipient, purpose and every element are declared. */
  check(recipientId: string, purposeId: string, elements: string[]): void {
    const decl = this.#declared.get(recipientId);
    if (!decl) throw new AppError(SHARING_PROBLEMS.notDeclared, { detail: `接收方 ${recipientId} 未公示`, extensions: { recipientId } });
    if (!decl.purposeIds.includes(purposeId)) {
      throw new AppError(SHARING_PROBLEMS.notDeclared, { detail: `目的 ${purposeId} 未对接收方 ${recipientId} 公示`, extensions: { recipientId, purposeId } });
    }
    const undeclared = elements.filter((e) => !decl.elements.includes(e));
    if (undeclared.length > 0) {
      throw new AppError(SHARING_PROBLEMS.notDeclared, { detail: `字段 ${undeclared.join('、')} 不在共享范围内`, extensions: { recipientId, purposeId, elements: undeclared } });
    }
  }

  /** Provides PI inside `tx` (the caller's transaction): checks, records the provision and its audit record, and
   * returns the projection that may leave. */
  async provide<E extends string>(tx: Executor, req: ProvideRequest<E>): Promise<Provision<E>> {
    const elements = [...new Set(req.elements)];
    this.check(req.recipientId, req.purposeId, elements);
    if (!LEGAL_BASES.includes(req.basis)) throw new Error(`Unknown legal basis "${req.basis}"`);
    if (req.basis === 'statutory-exception') {
      if (!req.ground || !STATUTORY_GROUNDS.includes(req.ground)) throw new AppError(SHARING_PROBLEMS.groundRequired);
    } else if (req.ground) {
      throw new Error('A statutory ground is recorded only with basis "statutory-exception"');
    }
    const data: Partial<Record<E, unknown>> = {};
    for (const e of elements) if (Object.hasOwn(req.data, e) && req.data[e] !== undefined) data[e] = req.data[e];
    const provided = Object.keys(data) as E[];

    // PP-3.3: outside the PRC only with the subject's separate consent to this recipient, purpose and these elements,
    // whatever the basis — the policy promises prior consent for any cross-border transfer.
    const jurisdiction = this.#declared.get(req.recipientId)!.jurisdiction;
    let authorisationRef: string | null = null;
    if (jurisdiction !== PRC) {
      const consent = await repo.latestCrossBorderConsent(tx, req.subjectId, req.recipientId);
      const missing = consent ? provided.filter((e) => !consent.elements.includes(e)) : provided;
      if (!consent || !consent.granted || consent.purpose_id !== req.purposeId || missing.length > 0) {
        throw new AppError(SHARING_PROBLEMS.crossBorderConsentRequired, { extensions: { recipientId: req.recipientId, jurisdiction, purposeId: req.purposeId } });
      }
      authorisationRef = `cross-border:${consent.id}`;
    }

    const id = randomUUID();
    const providedAt = new Date(this.#clock.now().getTime());
    const audit = await this.#audit.record(tx, {
      actor: req.actor ?? { kind: 'system' },
      action: 'sharing.provide',
      subjectId: req.subjectId,
      elements: provided,
      purposeId: req.purposeId,
      legalBasis: req.basis,
      details: {
        provisionId: id,
        recipientId: req.recipientId,
        ...(req.ground ? { statutoryGround: req.ground } : {}),
        ...(req.deidentificationMethod ? { deidentified: true } : {}),
        ...(jurisdiction !== PRC ? { jurisdiction, crossBorderConsent: authorisationRef } : {}),
      },
    });
    const row: SharingProvisionRow = {
      id,
      provided_at: providedAt,
      recipient_id: req.recipientId,
      purpose_id: req.purposeId,
      legal_basis: req.basis,
      elements: provided,
      subject_count: 1,
      subject_pseudonym: this.#audit.subjectPseudonym(req.subjectId),
      subject_account_id: UUID.test(req.subjectId) ? req.subjectId.toLowerCase() : null,
      statutory_ground: req.ground ?? null,
      deidentification_method: req.deidentificationMethod ?? null,
      audit_record_id: audit.id,
      direction: 'outbound',
      jurisdiction,
      authorisation_ref: authorisationRef,
    };
    await repo.insert(tx, row);
    return { provisionId: id, auditRecordId: audit.id, providedAt, data };
  }

  /** PP-3.3 / PIPL art. 39: what the subject is told before consenting to a cross-border provision. */
  crossBorderNotice(recipientId: string, purposeId: string, elements: string[]): { recipientId: string; jurisdiction: string; purposeId: string; elements: string[]; noticeZh: string } {
    this.check(recipientId, purposeId, elements);
    const d = this.#declared.get(recipientId)!;
    if (d.jurisdiction === PRC) throw new Error(`Recipient "${recipientId}" is inside the PRC: no cross-border consent applies`);
    const els = [...new Set(elements)];
    const noticeZh = `您同意南通百通将您的以下个人信息提供给境外接收方：接收方 ${d.nameZh}（所在国家或地区：${d.jurisdiction}）；处理目的 ${purposeId}；`
      + `个人信息种类 ${els.join('、')}。您可以通过以下方式向境外接收方行使查阅、复制、更正、删除等权利：${d.rightsContactZh}。您可以随时撤回本同意，撤回后我们不再向其提供。`;
    return { recipientId, jurisdiction: d.jurisdiction, purposeId, elements: els, noticeZh };
  }

  /** Records the subject's separate cross-border consent (or its withdrawal) with the notice shown, audited, in `tx`. */
  async recordCrossBorderConsent(tx: Executor, req: { subjectId: string; recipientId: string; purposeId: string; elements: string[]; granted: boolean; actor?: { kind: ActorKind; ref?: string | null } }): Promise<CrossBorderConsentRow> {
    const notice = this.crossBorderNotice(req.recipientId, req.purposeId, req.elements);
    const id = randomUUID();
    await this.#audit.record(tx, {
      actor: req.actor ?? { kind: 'citizen', ref: req.subjectId },
      action: req.granted ? 'sharing.cross-border-consent' : 'sharing.cross-border-withdraw',
      subjectId: req.subjectId, elements: ['consent-history'], purposeId: 'consent-management', legalBasis: 'legal-obligation',
      details: { consentId: id, recipientId: req.recipientId, jurisdiction: notice.jurisdiction, purposeId: req.purposeId, elements: notice.elements },
    });
    const row = {
      id, subject_ref: req.subjectId,
      recipient_id: req.recipientId, jurisdiction: notice.jurisdiction, purpose_id: req.purposeId, elements: notice.elements, notice_zh: notice.noticeZh,
      granted: req.granted, created_at: new Date(this.#clock.now().getTime()),
    };
    await repo.insertCrossBorderConsent(tx, row);
    return { ...row, seq: 0 } as unknown as CrossBorderConsentRow;
  }

  /**
   * PP-1.17: checks, before the partner is even asked, that the source is declared and the citizen's authorisation to
   * it is in force. Throws inbound-source-not-declared / source-authorisation-required. Returns the consent relied on.
   */
  async assertAuthorised(sourceId: string, subjectId: string): Promise<Authorisation> {
    const decl = this.#inbound.get(sourceId);
    if (!decl) throw new AppError(SHARING_PROBLEMS.inboundNotDeclared, { detail: `来源 ${sourceId} 未公示`, extensions: { sourceId } });
    const refuse = (cause?: string) => new AppError(SHARING_PROBLEMS.authorisationRequired, { extensions: { sourceId, purposeId: decl.authorisationPurposeId, ...(cause ? { cause } : {}) } });
    // no guard wired = no way to see an authorisation: refuse rather than receive unchecked
    if (!this.#guard) throw refuse();
    try {
      const r = await this.#guard.require({ kind: 'account', ref: subjectId }, decl.authorisationPurposeId, { elements: decl.elements });
      if (!r.consent) throw refuse(); // the authorisation purpose must rest on a consent record
      return { sourceId, subjectId, consentId: r.consent.id, declaration: decl };
    } catch (e) {
      // consent-required / guardian-consent-required: the authorisation is not in force (never given, or withdrawn)
      if (e instanceof AppError && (e.problem === 'consent-required' || e.problem === 'guardian-consent-required')) throw refuse(e.problem);
      throw e;
    }
  }

  /**
   * PP-1.17: receives PI from a declared source inside `tx` — the caller's transaction that stores it — after checking
   * in that transaction that the authorisation `assertAuthorised` found is still in force (the guard itself reads
   * outside the transaction, which an embedded single-connection database cannot do while one is open). Any key outside the source's declared elements is refused
   * (nothing is stored: the caller's transaction rolls back). Records the receipt in the ledger (direction 'inbound')
   * and the audit trail, and returns the data.
   */
  async receive(tx: Executor, req: ReceiveRequest): Promise<Receipt> {
    const { sourceId, subjectId, consentId, declaration } = req.authorisation;
    if (this.#inbound.get(sourceId) !== declaration) throw new Error(`Authorisation for "${sourceId}" was not issued by this sharing service`);
    // the authorisation checked before the partner was asked must still be the subject's latest word, read in this
    // transaction: a withdrawal recorded meanwhile stops the receipt (PP-1.17, PP-4.4)
    const latest = await repo.latestConsent(tx, subjectId, declaration.authorisationPurposeId);
    if (!latest || Number(latest.id) !== consentId || !latest.granted) {
      throw new AppError(SHARING_PROBLEMS.authorisationRequired, { extensions: { sourceId, purposeId: declaration.authorisationPurposeId } });
    }
    const offered = Object.keys(req.data).filter((k) => req.data[k] !== undefined);
    const undeclared = offered.filter((k) => !declaration.elements.includes(k));
    if (undeclared.length > 0) {
      throw new AppError(SHARING_PROBLEMS.inboundNotDeclared, { detail: `字段 ${undeclared.join('、')} 不在该来源的公示范围内`, extensions: { sourceId, elements: undeclared } });
    }
    const id = randomUUID();
    const receivedAt = new Date(this.#clock.now().getTime());
    const authorisationRef = `consent:${consentId}`;
    const audit = await this.#audit.record(tx, {
      actor: req.actor ?? { kind: 'system' },
      action: 'sharing.receive',
      subjectId,
      elements: offered,
      purposeId: declaration.purposeId,
      legalBasis: 'consent',
      details: { receiptId: id, sourceId, authorisation: authorisationRef },
    });
    await repo.insert(tx, {
      id, provided_at: receivedAt, recipient_id: sourceId, purpose_id: declaration.purposeId, legal_basis: 'consent', elements: offered, subject_count: 1,
      subject_pseudonym: this.#audit.subjectPseudonym(subjectId), subject_account_id: UUID.test(subjectId) ? subjectId.toLowerCase() : null,
      statutory_ground: null, deidentification_method: null, audit_record_id: audit.id, direction: 'inbound', jurisdiction: declaration.jurisdiction, authorisation_ref: authorisationRef,
    });
    const data: Record<string, unknown> = {};
    for (const k of offered) data[k] = req.data[k];
    return { receiptId: id, auditRecordId: audit.id, receivedAt, data };
  }

  /** The provisions about one subject (for the access right, PP-4.1 / LAW-5). */
  provisionsOf(db: Executor, subjectId: string): Promise<SharingProvisionRow[]> {
    return repo.bySubject(db, this.#audit.subjectPseudonym(subjectId));
  }
}
