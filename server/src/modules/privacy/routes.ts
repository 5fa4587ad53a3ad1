// HTTP routes of the privacy module: the citizen's own consents (grant, list, withdraw — withdrawal is one DELETE, as
// easy as granting, LAW-3), anonymous device consent before sign-in (PP-0.1), and the published lists (PP-1.20, PP-2.3).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { collectionList, jointPromotionList, sdkList, sharingList } from './lists.ts';
import type { ConsentRecord, ConsentService, Subject } from './consent.service.ts';

export const DEVICE_ID_HEADER = 'x-device-id';
export const DEVICE_ID = /^[A-Za-z0-9_-]{16,128}$/;

const legalBasis = z.enum(['consent', 'separate-consent', 'statutory-duty', 'contract', 'legal-obligation']);
const method = z.enum(['tap', 'form', 'guardian']);
const purposeId = z.string().regex(/^[a-z0-9-]{1,64}$/);

const recordSchema = z.object({
  id: z.number(),
  purposeId: z.string(),
  policyVersion: z.number(),
  granted: z.boolean(),
  method,
  separate: z.boolean(),
  createdAt: z.string(),
});
// PP-5.1: 'guardian' consents are recorded only through the guardian link (realname's ward routes), never by a
// citizen about themselves, so the self-service body accepts how the person consented, not on whose behalf.
const selfMethod = z.enum(['tap', 'form']);
const grantBody = z.object({
  purposeId,
  method: selfMethod.optional(),
  separate: z.boolean().optional(),
  policyVersion: z.number().int().positive().optional(),
});
// DELETE carries no body; how the withdrawal was made goes in the query (?method=form).
const withdrawQuery = z.object({ method: selfMethod.optional() });
const stateSchema = z.object({
  policyVersion: z.number(),
  items: z.array(
    z.object({
      purposeId: z.string(),
      purposeZh: z.string(),
      legalBasis,
      elements: z.array(z.string()),
      effective: z.boolean(),
      latest: recordSchema.nullable(),
    }),
  ),
});

const out = (r: ConsentRecord) => ({
  id: r.id,
  purposeId: r.purposeId,
  policyVersion: r.policyVersion,
  granted: r.granted,
  method: r.method,
  separate: r.separate,
  createdAt: r.createdAt.toISOString(),
});

export function privacyRoutes(consents: ConsentService) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['privacy'];

    const accountOf = (req: { principal: any }): Subject => {
      const p = req.principal;
      if (!p || p.kind !== 'citizen') throw new AppError(P.unauthenticated);
      return { kind: 'account', ref: p.accountId };
    };
    const deviceOf = (req: { headers: Record<string, unknown> }): Subject => {
      const id = req.headers[DEVICE_ID_HEADER];
      if (typeof id !== 'string' || !DEVICE_ID.test(id)) {
        throw new AppError(P.validation, { extensions: { errors: [{ path: `headers.${DEVICE_ID_HEADER}`, message: 'must be 16–128 characters of A–Z a–z 0–9 _ -' }] } });
      }
      return { kind: 'device', ref: id };
    };
    const state = async (subject: Subject) => {
      const { policyVersion, states } = await consents.listCurrent(subject);
      return {
        policyVersion,
        items: states.map((s) => ({
          purposeId: s.purpose.id,
          purposeZh: s.purpose.nameZh,
          legalBasis: s.purpose.legalBasis,
          elements: s.purpose.elements,
          effective: s.effective,
          latest: s.latest ? out(s.latest) : null,
        })),
      };
    };

    // citizen, own consents
    app.get('/api/v1/privacy/consents', {
      config: { access: access.citizen },
      schema: { tags, summary: 'My current consent for each consent-based purpose (PP-4.4)', response: { 200: stateSchema } },
    }, async (req) => state(accountOf(req)));

    app.post('/api/v1/privacy/consents', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Grant consent to a purpose at the policy version in force (PP-0.1, LAW-1)', body: grantBody, response: { 201: recordSchema } },
    }, async (req, reply) => reply.code(201).send(out(await consents.grant(accountOf(req), req.body.purposeId, req.body))));

    app.delete('/api/v1/privacy/consents/:purposeId', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Withdraw consent; takes effect on the next request (PP-4.4, LAW-3)', params: z.object({ purposeId }), querystring: withdrawQuery, response: { 200: recordSchema } },
    }, async (req) => out(await consents.withdraw(accountOf(req), req.params.purposeId, req.query)));

    // anonymous device, before sign-in (PP-0.1: consent recorded per device)
    const deviceHeaders = z.object({ [DEVICE_ID_HEADER]: z.string().regex(DEVICE_ID) });
    app.get('/api/v1/privacy/device-consents', {
      config: { access: access.public },
      schema: { tags, summary: 'This device\u2019s current consents (identified by the x-device-id header)', headers: deviceHeaders, response: { 200: stateSchema } },
    }, async (req) => state(deviceOf(req)));

    app.post('/api/v1/privacy/device-consents', {
      config: { access: access.public },
      schema: { tags, summary: 'Record this device\u2019s consent before sign-in (PP-0.1)', headers: deviceHeaders, body: grantBody, response: { 201: recordSchema } },
    }, async (req, reply) => reply.code(201).send(out(await consents.grant(deviceOf(req), req.body.purposeId, req.body))));

    app.delete('/api/v1/privacy/device-consents/:purposeId', {
      config: { access: access.public },
      schema: { tags, summary: 'Withdraw this device\u2019s consent (LAW-3)', headers: deviceHeaders, params: z.object({ purposeId }), querystring: withdrawQuery, response: { 200: recordSchema } },
    }, async (req) => out(await consents.withdraw(deviceOf(req), req.params.purposeId, req.query)));

    // published lists
    app.get('/api/v1/privacy/collection-list', {
      config: { access: access.public },
      schema: {
        tags, summary: '个人信息收集清单 (generated from the inventory)',
        response: { 200: z.object({ items: z.array(z.object({
          element: z.string(), elementZh: z.string(), sensitive: z.boolean(), purpose: z.string(), purposeZh: z.string(), scenarioZh: z.string(),
          legalBasis, legalBasisZh: z.string(), devicePermissions: z.array(z.string()), retention: z.string(),
        })) }) },
      },
    }, async () => ({ items: collectionList() }));

    const sharingItem = z.object({
      category: z.string(), categoryZh: z.string(), recipientsZh: z.array(z.string()), purpose: z.string(), purposeZh: z.string(), legalBasis,
      fields: z.array(z.string()), fieldsZh: z.array(z.string()), scenarioZh: z.array(z.string()),
    });
    app.get('/api/v1/privacy/sharing-list', {
      config: { access: access.public },
      schema: {
        tags, summary: '第三方信息共享清单 (PP-2.3 per service category; PP-2.4 joint promotions, whose co-organiser and fields each activity page announces), generated from the inventory',
        response: { 200: z.object({ items: z.array(sharingItem), jointPromotions: z.array(sharingItem) }) },
      },
    }, async () => ({ items: sharingList(), jointPromotions: jointPromotionList() }));

    app.get('/api/v1/privacy/sdk-list', {
      config: { access: access.public },
      schema: {
        tags, summary: '第三方SDK清单 (PP-1.20) and the platform\u2019s own external providers',
        response: { 200: z.object({
          sdks: z.array(z.object({ no: z.number(), nameZh: z.string(), vendorZh: z.string(), permissionsZh: z.array(z.string()), personalInfoZh: z.array(z.string()), purposeZh: z.string(), platform: z.enum(['android', 'ios']).optional() })),
          platformProviders: z.array(z.object({ id: z.string(), nameZh: z.string(), recipientZh: z.string(), fieldsZh: z.array(z.string()), purpose: z.string(), purposeZh: z.string() })),
        }) },
      },
    }, async () => sdkList());
  };
}
