// Providing PI to another handler (PP-2.1, PP-2.3, PP-2.7, PP-2.8, LAW-4). A provision is allowed only to a declared
// recipient, for one of its declared purposes, with declared elements only; it is recorded in the ledger and in the
// audit trail in the caller's transaction, and what leaves is a projection holding only the allowed fields.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import { AppError, defineProblem } from '../../platform/http/problem.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemClock } from '../../platform/clock.ts';
import type { AuditService, ActorKind } from '../audit/index.ts';
import { sharingRepository as repo, type SharingProvisionRow } from './sharing.repository.ts';

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
};

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
  readonly #audit: AuditService;
  readonly #clock: Clock;

  constructor(opts: { declared: Map<string, RecipientDeclaration>; audit: AuditService; clock?: Clock }) {
    this.#declared = opts.declared;
    this.#audit = opts.audit;
    this.#clock = opts.clock ?? systemClock;
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
    };
    await repo.insert(tx, row);
    return { provisionId: id, auditRecordId: audit.id, providedAt, data };
  }

  /** The provisions about one subject (for the access right, PP-4.1 / LAW-5). */
  provisionsOf(db: Executor, subjectId: string): Promise<SharingProvisionRow[]> {
    return repo.bySubject(db, this.#audit.subjectPseudonym(subjectId));
  }
}
