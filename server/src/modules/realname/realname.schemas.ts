// Request and response shapes of the realname API. Inputs are loose strings here (any length problem is a 400 from
// zod); their meaning (GB 11643, Luhn, mobile format) is checked by the service, which answers 422 with a precise
// Chinese message.
import { z } from 'zod';
import { MAX_FRAMES, MAX_FRAME_BYTES } from './frames.ts';

const text = (max: number) => z.string().max(max);

export const identityBody = z.object({ realName: text(60), idNumber: text(40) });
export const faceBody = identityBody.extend({
  /** 1–3 JPEG stills, base64 or data: URL, captured after the prompted actions (眨眼/张嘴/摇头) */
  // the per-frame size limit is the service's (413 face-image-too-large); the route's body limit bounds the total
  frames: z.array(z.string().max(MAX_FRAMES * Math.ceil((MAX_FRAME_BYTES * 4) / 3))).min(1).max(MAX_FRAMES),
  /** the action challenge the frames answer (POST /api/v1/realname/liveness-challenge), one frame per action in order */
  challengeId: z.string().min(1).max(100),
  /** turn on face login with this verification (PP-1.5) */
  enableFaceLogin: z.boolean().optional(),
});
export const cardBody = identityBody.extend({ cardNumber: text(40), mobile: text(20) });

const level = z.enum(['none', 'id-verified', 'face-verified', 'card-verified']);
const ageBand = z.enum(['adult', '14-17', 'under-14']);

export const statusResponse = z.object({
  level,
  verified: z
    .object({
      realNameMasked: z.string(),
      idNumberMasked: z.string(),
      idType: z.literal('resident-id-card'),
      idVerifiedAt: z.string(),
      faceVerifiedAt: z.string().nullable(),
      cardVerifiedAt: z.string().nullable(),
      cardTail: z.string().nullable(),
      faceLoginEnabled: z.boolean(),
      ageBand,
    })
    .nullable(),
  /** PP-5.1: a user under 18 is told to use the service with a guardian's consent */
  guardianNotice: z.boolean(),
  guardians: z.number().int(),
});

export const livenessChallengeResponse = z.object({
  challengeId: z.string(),
  actions: z.array(z.enum(['blink', 'mouth', 'shake'])).describe('prompt these in this order, one frame after each'),
  expiresAt: z.string(),
});

export const fullIdResponse = z.object({ idNumber: z.string() });
export const faceLoginBody = z.object({ enabled: z.boolean() });

export const invitationResponse = z.object({ code: z.string(), expiresAt: z.string() });
export const acceptBody = z.object({ code: text(20), relation: z.enum(['parent', 'guardian']) });
export const acceptResponse = z.object({ minorAccountId: z.string(), linkId: z.string() });
export const wardsResponse = z.object({
  items: z.array(
    z.object({
      minorAccountId: z.string(),
      linkId: z.string(),
      relation: z.enum(['parent', 'guardian']),
      linkedAt: z.string(),
      realNameMasked: z.string().nullable(),
      ageBand: ageBand.nullable(),
    }),
  ),
});
export const guardiansResponse = z.object({
  items: z.array(z.object({ linkId: z.string(), relation: z.enum(['parent', 'guardian']), linkedAt: z.string(), guardianNameMasked: z.string().nullable() })),
});
export const minorParams = z.object({ minorAccountId: z.string().min(1).max(100) });
export const linkParams = z.object({ linkId: z.uuid() });
export const purposeParams = minorParams.extend({ purposeId: z.string().regex(/^[a-z0-9-]{1,64}$/) });
export const wardConsentBody = z.object({ purposeId: z.string().regex(/^[a-z0-9-]{1,64}$/) });
export const consentRecord = z.object({
  id: z.number(),
  purposeId: z.string(),
  policyVersion: z.number(),
  granted: z.boolean(),
  method: z.enum(['tap', 'form', 'guardian']),
  separate: z.boolean(),
  createdAt: z.string(),
});
export const wardConsentsResponse = z.object({
  policyVersion: z.number(),
  items: z.array(z.object({ purposeId: z.string(), purposeZh: z.string(), legalBasis: z.string(), elements: z.array(z.string()), effective: z.boolean(), latest: consentRecord.nullable() })),
});
