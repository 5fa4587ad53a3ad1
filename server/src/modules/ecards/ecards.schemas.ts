import { z } from 'zod';
import { CARD_KIND_IDS } from './ecards.kinds.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const kindSchema = z.object({
  id: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  issuer: z.string(),
  issuerNameZh: z.string(),
  numberLabelZh: z.string(),
  numberLabelEn: z.string(),
  realNameBound: z.boolean(),
  mayBeLongTerm: z.boolean(),
});
export const kindsResponse = z.object({ kinds: z.array(kindSchema) });

export const cardSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  kindNameZh: z.string(),
  kindNameEn: z.string(),
  issuerNameZh: z.string(),
  numberLabelZh: z.string(),
  numberLabelEn: z.string(),
  numberMasked: z.string(),
  validFrom: date.nullable(),
  /** null: 长期 */
  validUntil: date.nullable(),
  status: z.enum(['valid', 'expiring', 'expired', 'long-term']),
  createdAt: z.string(),
});
export const listResponse = z.object({ consented: z.boolean(), cards: z.array(cardSchema) });

// PP-1.16: the body may hold the card number and validity only. Declared loose so the service can refuse other fields
// with a named problem listing them (ecard-field-not-allowed) instead of a generic validation error.
export const addBody = z.looseObject({
  kind: z.enum(CARD_KIND_IDS),
  number: z.string().min(1).max(40),
  validFrom: date.nullable().optional(),
  validUntil: date.nullable().optional(),
});
export const idParams = z.object({ id: z.uuid() });
export const revealResponse = z.object({ card: cardSchema, number: z.string() });
export const qrResponse = z.object({ token: z.string(), expiresAt: z.string(), svg: z.string() });
export const verifyBody = z.object({ token: z.string().min(10).max(2000) });
export const verifyResponse = z.object({ valid: z.literal(true), card: cardSchema.omit({ id: true, createdAt: true }) });
export const deletedResponse = z.object({ deleted: z.number().int() });

/** PP-1.17: fetch a card from its issuing department (needs the citizen's authorisation to that department) */
export const fetchBody = z.object({ kind: z.enum(CARD_KIND_IDS) }).strict();
