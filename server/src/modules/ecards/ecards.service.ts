// 电子卡证 use cases (PP-1.16): a signed-in citizen keeps electronic cards for quick display and expiry reminders,
// under the 'ecard-reminders' consent and with the card's non-sensitive data only — number and validity. Anything
// else offered is refused (not silently dropped), and so is an ID-number-shaped value (sensitive PI, PIPL art. 28).
//  - The number is encrypted under the account's subject key; lists show the masked form; the full number is shown
//    only after step-up (二次核身) and each reveal is audited.
//  - Every mutation is audited in its transaction. Withdrawal of the purpose deletes the cards (PP-4.4).
import type { Database } from '../../platform/db/database.ts';
import type { Clock } from '../../platform/clock.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { Principal } from '../../platform/http/access.ts';
import type { RawBuilder, Transaction } from 'kysely';
import type { Tables } from '../../platform/db/tables.ts';
import { addPlainDays, shanghaiDate } from '../../platform/calendar.ts';
import { AppError, P, defineProblem } from '../../platform/http/problem.ts';
import type { AuditService } from '../audit/index.ts';
import { PRIVACY_PROBLEMS, type PurposeGuard } from '../privacy/index.ts';
import { CARD_KINDS, ID_NUMBER_SHAPE, kindById, maskNumber, normaliseNumber, type CardKind } from './ecards.kinds.ts';
import { ecardsRepository as repo, type CardRow } from './ecards.repository.ts';
import { qrKey, signQrToken, verifyQrToken } from './ecards.token.ts';
import type { SharingService } from '../sharing/index.ts';
import { sourceOf, type EcardIssuers } from './ecards.issuers.ts';

export const ECARD_PURPOSE = 'ecard-reminders';
export const ECARD_ELEMENTS = ['ecard-number', 'ecard-validity'];
export const NUMBER_AAD = 'ecards.card_number';
/** PP-1.16: the only card data the policy allows (卡号、有效期), plus which kind of card it is */
export const ALLOWED_FIELDS = ['kind', 'number', 'validFrom', 'validUntil'] as const;

export const ECARD_PROBLEMS = {
  fieldNotAllowed: defineProblem('ecard-field-not-allowed', {
    status: 422, title: '电子卡证只保存卡号和有效期，请勿提交其他信息', titleEn: 'E-cards keep only the card number and validity; other data is refused',
  }),
  sensitiveNumber: defineProblem('ecard-sensitive-number', {
    status: 422, title: '请填写卡证上的卡号或编号，不要填写身份证号码', titleEn: 'Enter the card number, not a citizen ID number',
  }),
  invalidNumber: defineProblem('ecard-invalid-number', { status: 422, title: '卡号格式不正确，请核对卡证上的号码', titleEn: 'The card number does not have the right format' }),
  invalidValidity: defineProblem('ecard-invalid-validity', { status: 422, title: '有效期不正确，请核对卡证上的有效期', titleEn: 'The validity dates are not valid' }),
  unknownKind: defineProblem('ecard-unknown-kind', { status: 422, title: '暂不支持这种卡证', titleEn: 'This kind of card is not offered' }),
  duplicate: defineProblem('ecard-duplicate', { status: 409, title: '您已添加过这种卡证，如需更换请先删除原卡证', titleEn: 'You already added this kind of card; remove it first' }),
  tokenExpired: defineProblem('ecard-token-expired', { status: 410, title: '二维码已过期，请让持证人刷新后重新出示', titleEn: 'The QR code has expired; ask the holder to refresh it' }),
  tokenInvalid: defineProblem('ecard-token-invalid', { status: 422, title: '二维码无效或卡证已删除', titleEn: 'The QR code is not valid, or the card was removed' }),
  notIssued: defineProblem('ecard-not-issued', { status: 404, title: '发证部门没有查到您的这种卡证', titleEn: 'The issuing department has no such card for you' }),
  issuerReplyInvalid: defineProblem('ecard-issuer-reply-invalid', { status: 502, title: '发证部门返回的卡证信息有误，请稍后再试或手动添加', titleEn: 'The issuing department sent card data that is not valid' }),
} as const;

export interface EcardsDeps {
  database: Database;
  clock: Clock;
  cipher: FieldCipher;
  audit: AuditService;
  guard: PurposeGuard;
  /** config.secrets.sessionSecret: the QR token key is derived from it (HKDF) */
  sessionSecret: Buffer;
  /** realname levels: 社保卡/医保凭证 are bound to a verified identity. Without it, such kinds are refused. */
  levels?: { requireLevel(accountId: string, min: 'id-verified'): Promise<unknown> };
  /** identity's step-up (二次核身) before the full number is shown. Without it, the full number is never shown. */
  stepUp?: { require(principal: Principal | null): Promise<void> };
  /** PP-1.17: receipts from the issuing departments go through the sharing ledger. Without both, fetching is unavailable. */
  sharing?: Pick<SharingService, 'assertAuthorised' | 'receive'>;
  issuers?: EcardIssuers;
}

export interface Card {
  id: string;
  kind: CardKind;
  numberMasked: string;
  validFrom: string | null;
  validUntil: string | null;
  /** 'valid' | 'expiring' (within 30 days) | 'expired' | 'long-term' */
  status: 'valid' | 'expiring' | 'expired' | 'long-term';
  createdAt: Date;
}

export interface AddCardInput {
  kind: string;
  number: string;
  validFrom?: string | null;
  validUntil?: string | null;
}

function citizen(principal: Principal | null | undefined): string {
  if (principal?.kind !== 'citizen') throw new AppError(P.unauthenticated);
  return principal.accountId;
}

function isDate(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;
}

/** The checks a card's data passes however it arrives (typed in, or from the issuing department). */
function validateCard(kind: CardKind, rawNumber: string, validFrom: string | null, validUntil: string | null): { number: string; validFrom: string | null; validUntil: string | null } {
  const number = normaliseNumber(rawNumber);
  if (ID_NUMBER_SHAPE.test(number)) throw new AppError(ECARD_PROBLEMS.sensitiveNumber);
  if (!kind.pattern.test(number)) throw new AppError(ECARD_PROBLEMS.invalidNumber, { extensions: { label: kind.numberLabelZh } });
  if ((validFrom !== null && !isDate(validFrom)) || (validUntil !== null && !isDate(validUntil))) throw new AppError(ECARD_PROBLEMS.invalidValidity);
  if (validUntil === null && !kind.mayBeLongTerm) throw new AppError(ECARD_PROBLEMS.invalidValidity, { extensions: { reason: 'expiry-required' } });
  if (validFrom !== null && validUntil !== null && validUntil < validFrom) throw new AppError(ECARD_PROBLEMS.invalidValidity, { extensions: { reason: 'ends-before-start' } });
  return { number, validFrom, validUntil };
}

export class EcardsService {
  readonly #d: EcardsDeps;
  readonly #key: Uint8Array;

  constructor(deps: EcardsDeps) {
    this.#d = deps;
    this.#key = qrKey(deps.sessionSecret);
  }

  kinds(): readonly CardKind[] {
    return CARD_KINDS;
  }

  toCard(row: CardRow): Card {
    const today = shanghaiDate(this.#d.clock.now());
    const status = row.valid_until === null ? 'long-term' : row.valid_until < today ? 'expired' : row.valid_until <= addPlainDays(today, 30) ? 'expiring' : 'valid';
    return { id: row.id, kind: kindById(row.kind)!, numberMasked: row.number_masked, validFrom: row.valid_from, validUntil: row.valid_until, status, createdAt: row.created_at };
  }

  /** Whether the account's e-card consent is in force. */
  async consented(accountId: string): Promise<boolean> {
    try {
      await this.#d.guard.require({ kind: 'account', ref: accountId }, ECARD_PURPOSE, { elements: ECARD_ELEMENTS });
      return true;
    } catch (e) {
      if (e instanceof AppError && (e.problem === PRIVACY_PROBLEMS.consentRequired || e.problem === PRIVACY_PROBLEMS.guardianConsentRequired)) return false;
      throw e;
    }
  }

  /** My cards. Without the consent in force there are none to show (withdrawal deleted them, PP-4.4). */
  async list(principal: Principal | null): Promise<{ consented: boolean; cards: Card[] }> {
    const accountId = citizen(principal);
    const consented = await this.consented(accountId);
    if (!consented) return { consented, cards: [] };
    return { consented, cards: (await repo.list(this.#d.database.db, accountId)).map((r) => this.toCard(r)) };
  }

  /**
   * Adds a card. `body` is the request body as sent: PP-1.16 allows the number and the validity only, so any other
   * field is refused with ecard-field-not-allowed (naming the fields), before anything is stored.
   */
  async add(principal: Principal | null, body: Record<string, unknown>): Promise<Card> {
    const accountId = citizen(principal);
    const extra = Object.keys(body).filter((k) => !(ALLOWED_FIELDS as readonly string[]).includes(k));
    if (extra.length) throw new AppError(ECARD_PROBLEMS.fieldNotAllowed, { extensions: { fields: extra, allowed: ALLOWED_FIELDS } });
    const input = body as unknown as AddCardInput;
    await this.#d.guard.require(principal, ECARD_PURPOSE, { elements: ECARD_ELEMENTS });
    const kind = kindById(input.kind);
    if (!kind) throw new AppError(ECARD_PROBLEMS.unknownKind, { extensions: { kinds: CARD_KINDS.map((k) => k.id) } });
    const { number, validFrom, validUntil } = validateCard(kind, input.number, input.validFrom ?? null, input.validUntil ?? null);
    if (kind.realNameBound) {
      if (!this.#d.levels) throw new AppError(P.unavailable);
      await this.#d.levels.requireLevel(accountId, 'id-verified'); // a 社保卡/医保凭证 belongs to a verified person
    }
    const row = await this.#d.database.db.transaction().execute((tx) => this.#store(tx, accountId, kind, number, validFrom, validUntil, 'ecards.add-card', {}));
    return this.toCard(row);
  }

  /**
   * PP-1.17: fetches the citizen's card from its issuing department (人社/医保/公安) instead of having it typed in —
   * only while the citizen's authorisation to that department is in force (checked before the department is asked and
   * again on receipt), only the card number and validity (anything else the department sends is refused and nothing is
   * stored), and recorded in the ledger as received (direction 'inbound') in the transaction that stores the card.
   */
  async fetchFromIssuer(principal: Principal | null, kindId: string): Promise<Card> {
    const accountId = citizen(principal);
    await this.#d.guard.require(principal, ECARD_PURPOSE, { elements: ECARD_ELEMENTS });
    const kind = kindById(kindId);
    if (!kind) throw new AppError(ECARD_PROBLEMS.unknownKind, { extensions: { kinds: CARD_KINDS.map((k) => k.id) } });
    // The department answers in its own time: the e-card consent is tested again by the statement that audits the
    // store (guard.within), so a withdrawal made meanwhile (which deletes the cards, PP-4.4) is not undone by this one.
    const row = await this.#d.guard.within(principal, ECARD_PURPOSE, { elements: ECARD_ELEMENTS }, ({ requires }) =>
      this.#receiveFromIssuer(accountId, kind, async (tx, card, receiptId) =>
        this.#store(tx, accountId, kind, card.number, card.validFrom, card.validUntil, 'ecards.fetch-card', { sourceId: sourceOf(kind), receiptId }, requires)),
    );
    return this.toCard(row);
  }

  /**
   * PP-1.17: refreshes a card from its issuing department (e.g. after renewal: new validity), under the same rules as
   * fetching it — the citizen's authorisation to that department in force, a ledger receipt in the updating transaction.
   */
  async refreshFromIssuer(principal: Principal | null, id: string): Promise<Card> {
    const accountId = citizen(principal);
    await this.#d.guard.require(principal, ECARD_PURPOSE, { elements: ECARD_ELEMENTS });
    const existing = await repo.get(this.#d.database.db, accountId, id);
    if (!existing) throw new AppError(P.notFound);
    const kind = kindById(existing.kind)!;
    const row = await this.#d.guard.within(principal, ECARD_PURPOSE, { elements: ECARD_ELEMENTS }, ({ requires }) =>
      this.#receiveFromIssuer(accountId, kind, async (tx, card, receiptId) => {
        const updated = await repo.replaceData(tx, accountId, id, {
          number_enc: await this.#d.cipher.encryptField(accountId, card.number, NUMBER_AAD, tx), number_masked: maskNumber(card.number),
          valid_from: card.validFrom, valid_until: card.validUntil,
        });
        if (!updated) throw new AppError(P.notFound);
        await this.#d.audit.record(
          tx,
          {
            actor: { kind: 'citizen', ref: accountId }, action: 'ecards.refresh-card', subjectId: accountId,
            elements: ECARD_ELEMENTS, purposeId: ECARD_PURPOSE, legalBasis: 'consent', details: { cardId: id, kind: kind.id, sourceId: sourceOf(kind), receiptId },
          },
          [],
          { requires },
        );
        return updated;
      }),
    );
    return this.toCard(row);
  }

  /** The receipt both use: authorisation before asking, validation, ledger receipt and `store` in one transaction. */
  async #receiveFromIssuer(accountId: string, kind: CardKind, store: (tx: Transaction<Tables>, card: ReturnType<typeof validateCard>, receiptId: string) => Promise<CardRow>): Promise<CardRow> {
    if (!this.#d.sharing || !this.#d.issuers) throw new AppError(P.unavailable);
    if (kind.realNameBound) {
      if (!this.#d.levels) throw new AppError(P.unavailable);
      await this.#d.levels.requireLevel(accountId, 'id-verified');
    }
    const sourceId = sourceOf(kind);
    const authorisation = await this.#d.sharing.assertAuthorised(sourceId, accountId); // none: the department is not even asked
    const sent = await this.#d.issuers.fetch(kind, accountId);
    if (!sent) throw new AppError(ECARD_PROBLEMS.notIssued, { extensions: { kind: kind.id } });
    const sharing = this.#d.sharing;
    return this.#d.database.db.transaction().execute(async (tx) => {
      // refuses undeclared fields and a withdrawn authorisation; the ledger row commits or rolls back with the card
      const receipt = await sharing.receive(tx, { authorisation, data: sent, actor: { kind: 'citizen', ref: accountId } });
      const validity = receipt.data['ecard-validity'] as { from?: unknown; until?: unknown } | undefined;
      const rawNumber = receipt.data['ecard-number'];
      const from = validity?.from ?? null;
      const until = validity?.until ?? null;
      if (typeof rawNumber !== 'string' || (from !== null && typeof from !== 'string') || (until !== null && typeof until !== 'string')) {
        throw new AppError(ECARD_PROBLEMS.issuerReplyInvalid, { extensions: { sourceId } });
      }
      let card: ReturnType<typeof validateCard>;
      try {
        card = validateCard(kind, rawNumber, from, until);
      } catch (e) {
        if (e instanceof AppError) throw new AppError(ECARD_PROBLEMS.issuerReplyInvalid, { extensions: { sourceId, cause: e.problem } });
        throw e;
      }
      return store(tx, card, receipt.receiptId);
    });
  }

  /** `requires`: the e-card consent's in-statement test (guard.within), for a store that follows a wait on someone else. */
  async #store(tx: Transaction<Tables>, accountId: string, kind: CardKind, number: string, validFrom: string | null, validUntil: string | null, action: string, details: Record<string, unknown>, requires?: RawBuilder<boolean>): Promise<CardRow> {
    const inserted = await repo.insert(tx, {
      account_id: accountId,
      kind: kind.id,
      number_enc: await this.#d.cipher.encryptField(accountId, number, NUMBER_AAD, tx),
      number_masked: maskNumber(number),
      valid_from: validFrom,
      valid_until: validUntil,
      created_at: this.#d.clock.now(),
    });
    if (!inserted) throw new AppError(ECARD_PROBLEMS.duplicate);
    await this.#d.audit.record(
      tx,
      {
        actor: { kind: 'citizen', ref: accountId }, action, subjectId: accountId,
        elements: ECARD_ELEMENTS, purposeId: ECARD_PURPOSE, legalBasis: 'consent', details: { cardId: inserted.id, kind: kind.id, ...details },
      },
      [],
      requires ? { requires } : {},
    );
    return inserted;
  }

  async get(principal: Principal | null, id: string): Promise<Card> {
    const accountId = citizen(principal);
    await this.#d.guard.require(principal, ECARD_PURPOSE, { elements: ECARD_ELEMENTS });
    const row = await repo.get(this.#d.database.db, accountId, id);
    if (!row) throw new AppError(P.notFound);
    return this.toCard(row);
  }

  /** The full number, only after step-up (二次核身); audited. */
  async reveal(principal: Principal | null, id: string): Promise<{ card: Card; number: string }> {
    const accountId = citizen(principal);
    await this.#d.guard.require(principal, ECARD_PURPOSE, { elements: ['ecard-number'] });
    const row = await repo.get(this.#d.database.db, accountId, id);
    if (!row) throw new AppError(P.notFound);
    if (!this.#d.stepUp) throw new AppError(P.unavailable);
    await this.#d.stepUp.require(principal ?? null);
    const number = await this.#d.database.db.transaction().execute(async (tx) => {
      const plain = await this.#d.cipher.decryptField(accountId, row.number_enc, NUMBER_AAD, tx);
      await this.#d.audit.record(tx, {
        actor: { kind: 'citizen', ref: accountId }, action: 'ecards.reveal-number', subjectId: accountId,
        elements: ['ecard-number'], purposeId: ECARD_PURPOSE, legalBasis: 'consent', details: { cardId: id },
      });
      return plain;
    });
    return { card: this.toCard(row), number };
  }

  /** A QR code for a counter: a short-lived signed token naming the card (ecards.token.ts), as SVG. */
  async qr(principal: Principal | null, id: string): Promise<{ token: string; expiresAt: Date; svg: string }> {
    const card = await this.get(principal, id);
    const { token, expiresAt } = await signQrToken(this.#key, card.id, this.#d.clock.now());
    // qrcode (with pngjs) is imported on the first QR code, not at boot (issue #2 idle RSS); that request pays it once.
    const { default: QRCode } = await import('qrcode');
    const svg = await QRCode.toString(token, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    return { token, expiresAt, svg };
  }

  /**
   * A counter (partner system) checks a scanned code: the signature and the 2-minute lifetime, and that the card still
   * exists under a consent in force. It learns the kind, the masked number and the validity — what the holder shows.
   */
  async verify(principal: Principal | null, token: string): Promise<{ card: Card }> {
    const check = await verifyQrToken(this.#key, token, this.#d.clock.now());
    if (!check.ok) throw new AppError(check.reason === 'expired' ? ECARD_PROBLEMS.tokenExpired : ECARD_PROBLEMS.tokenInvalid);
    const row = await repo.byId(this.#d.database.db, check.cardId);
    if (!row || !(await this.consented(row.account_id))) throw new AppError(ECARD_PROBLEMS.tokenInvalid);
    const actor = principal?.kind === 'partner' ? { kind: 'partner' as const, ref: principal.clientId } : principal?.kind === 'staff' ? { kind: 'staff' as const, ref: principal.staffId } : { kind: 'system' as const };
    await this.#d.database.db.transaction().execute((tx) =>
      this.#d.audit.record(tx, {
        actor, action: 'ecards.verify-card', subjectId: row.account_id, elements: ECARD_ELEMENTS, purposeId: ECARD_PURPOSE, legalBasis: 'consent',
        details: { cardId: row.id, kind: row.kind },
      }),
    );
    return { card: this.toCard(row) };
  }

  /** Removes a card: the row is deleted (not flagged), audited. */
  async remove(principal: Principal | null, id: string): Promise<void> {
    const accountId = citizen(principal);
    await this.#d.database.db.transaction().execute(async (tx) => {
      const row = await repo.remove(tx, accountId, id);
      if (!row) throw new AppError(P.notFound);
      await this.#d.audit.record(tx, {
        actor: { kind: 'citizen', ref: accountId }, action: 'ecards.remove-card', subjectId: accountId,
        elements: ECARD_ELEMENTS, purposeId: ECARD_PURPOSE, legalBasis: 'consent', details: { cardId: id, kind: row.kind },
      });
    });
  }

  /** PP-4.4: the purpose was withdrawn (or the daily job found it not in force): processing stops, the cards go. */
  async eraseAccount(tx: Transaction<Tables>, accountId: string, reason: 'consent-withdrawn' | 'consent-not-in-force', actor: { kind: 'system' | 'job'; ref?: string } = { kind: 'system' }): Promise<number> {
    const ids = await repo.removeAll(tx, accountId);
    if (!ids.length) return 0;
    await this.#d.audit.record(tx, {
      actor, action: 'ecards.erase-cards', subjectId: accountId, elements: ECARD_ELEMENTS, purposeId: ECARD_PURPOSE, legalBasis: 'consent',
      details: { cardIds: ids, reason },
    });
    return ids.length;
  }
}
