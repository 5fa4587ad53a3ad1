// HTTP routes of the policy lifecycle: the published policy and its versions (public, JSON / Markdown / HTML), the
// caller's status against the version in force (red dot, pop-up, PP-6.1), consent receipts (citizen / device) and
// their verification, and the privacy office's draft → preview → publish and consent statistics (privacy.policy).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../../platform/http/access.ts';
import { AppError, P } from '../../../platform/http/problem.ts';
import type { Clock } from '../../../platform/clock.ts';
import type { ConsentService, Subject } from '../consent.service.ts';
import { DEVICE_ID_HEADER, DEVICE_ID } from '../routes.ts';
import type { PolicyService } from './policy.service.ts';
import type { Receipts } from './receipts.ts';
import { toHtml, toMarkdown } from './render.ts';
import { PROSE_KEYS } from './prose.ts';

const lang = z.enum(['zh-CN', 'en']);
const block = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('heading'), level: z.union([z.literal(3), z.literal(4)]), text: z.string() }),
  z.object({ kind: z.literal('paragraph'), text: z.string() }),
  z.object({ kind: z.literal('list'), ordered: z.boolean(), items: z.array(z.string()) }),
  z.object({ kind: z.literal('table'), head: z.array(z.string()), rows: z.array(z.array(z.string())) }),
]);
const documentSchema = z.object({
  lang,
  title: z.string(),
  version: z.number(),
  effectiveDate: z.string(),
  sections: z.array(z.object({ id: z.string(), title: z.string(), blocks: z.array(block) })),
});
const change = z.object({ kind: z.string(), major: z.boolean(), zh: z.string(), en: z.string(), purposes: z.array(z.string()) });
const classification = z.enum(['initial', 'major', 'minor']);
const versionSummary = z.object({
  version: z.number(),
  effectiveAt: z.string(),
  classification,
  contentHash: z.string(),
  inventoryHash: z.string(),
  changes: z.array(change),
  changedPurposes: z.array(z.string()),
});
const versionOut = versionSummary.extend({ document: documentSchema });
const versionParams = z.object({ version: z.coerce.number().int().positive().max(1_000_000) });
const langQuery = z.object({ lang: lang.optional() });
const statusSchema = z.object({
  version: z.number(),
  classification,
  effectiveAt: z.string(),
  contentHash: z.string(),
  acceptedVersion: z.number().nullable(),
  read: z.boolean(),
  accepted: z.boolean(),
  changes: z.array(change.extend({ version: z.number() })),
  reconsent: z.array(z.string()),
  /** the caller is a signed-in citizen (its consents are the account's), else a device or nobody */
  signedIn: z.boolean(),
});
const receiptOut = z.object({ receipt: z.string(), claims: z.record(z.string(), z.unknown()) });
const proseKey = z.enum(PROSE_KEYS);
const draftSchema = z.object({
  prose: z.record(z.string(), z.record(z.string(), z.string())),
  ownershipChange: z.boolean(),
  highRiskPia: z.boolean(),
  declaredPurposes: z.array(z.string()),
  updatedAt: z.string().nullable(),
  defaults: z.record(z.string(), z.object({ 'zh-CN': z.string(), en: z.string() })),
});
const previewSchema = z.object({
  basedOn: z.number(),
  version: z.number(),
  classification: z.enum(['major', 'minor']),
  changes: z.array(change),
  changedPurposes: z.array(z.string()),
  contentHash: z.string(),
  inventoryHash: z.string(),
  declarations: z.object({ ownershipChange: z.boolean(), highRiskPia: z.boolean(), declaredPurposes: z.array(z.string()) }),
  document: z.object({ 'zh-CN': documentSchema, en: documentSchema }),
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function policyRoutes(deps: { policy: PolicyService; consents: ConsentService; receipts: Receipts; clock: Clock; defaultProse: () => Record<string, { 'zh-CN': string; en: string }> }) {
  const { policy, consents, receipts, clock } = deps;
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const tags = ['privacy'];

    const summary = (v: Awaited<ReturnType<PolicyService['get']>>) => ({
      version: v.version,
      effectiveAt: v.effectiveAt.toISOString(),
      classification: v.classification,
      contentHash: v.contentHash,
      inventoryHash: v.inventoryHash,
      changes: v.changes,
      changedPurposes: v.changedPurposes,
    });
    /** A signed-in citizen, else the device named by x-device-id (if well-formed), else nobody. */
    const subjectOf = (req: { principal: any; headers: Record<string, unknown> }): Subject | null => {
      if (req.principal?.kind === 'citizen') return { kind: 'account', ref: req.principal.accountId };
      const id = req.headers[DEVICE_ID_HEADER];
      return typeof id === 'string' && DEVICE_ID.test(id) ? { kind: 'device', ref: id } : null;
    };

    app.get('/api/v1/privacy/policy', {
      config: { access: access.public },
      schema: { tags, summary: 'The privacy policy in force, rendered from the inventory (issue #5)', querystring: langQuery, response: { 200: versionOut } },
    }, async (req) => {
      const v = await policy.current();
      return { ...summary(v), document: v.document[req.query.lang ?? 'zh-CN'] };
    });

    app.get('/api/v1/privacy/policy/versions', {
      config: { access: access.public },
      schema: { tags, summary: 'Every published version, newest first (old versions stay readable)', response: { 200: z.object({ items: z.array(versionSummary) }) } },
    }, async () => ({ items: (await policy.list()).map((v) => ({ ...v, effectiveAt: v.effectiveAt.toISOString() })) }));

    app.get('/api/v1/privacy/policy/versions/:version', {
      config: { access: access.public },
      schema: { tags, summary: 'One published version', params: versionParams, querystring: langQuery, response: { 200: versionOut } },
    }, async (req) => {
      const v = await policy.get(req.params.version);
      return { ...summary(v), document: v.document[req.query.lang ?? 'zh-CN'] };
    });

    app.get('/api/v1/privacy/policy/versions/:version/markdown', {
      config: { access: access.public },
      schema: { tags, summary: 'One published version as Markdown', params: versionParams, querystring: langQuery, produces: ['text/markdown'] },
    }, async (req, reply) => {
      const v = await policy.get(req.params.version);
      return reply.type('text/markdown; charset=utf-8').send(toMarkdown(v.document[req.query.lang ?? 'zh-CN']));
    });

    app.get('/api/v1/privacy/policy/versions/:version/html', {
      config: { access: access.public },
      schema: { tags, summary: 'One published version as a standalone HTML page', params: versionParams, querystring: langQuery, produces: ['text/html'] },
    }, async (req, reply) => {
      const v = await policy.get(req.params.version);
      return reply.type('text/html; charset=utf-8').send(toHtml(v.document[req.query.lang ?? 'zh-CN']));
    });

    app.get('/api/v1/privacy/policy/status', {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Where the caller (signed-in citizen, else the x-device-id device) stands against the version in force: read, agreed, changes since, purposes needing consent again (PP-6.1)',
        headers: z.object({ [DEVICE_ID_HEADER]: z.string().optional() }),
        response: { 200: statusSchema },
      },
    }, async (req) => {
      const s = await policy.status(subjectOf(req));
      return { ...s, effectiveAt: s.effectiveAt.toISOString(), signedIn: req.principal?.kind === 'citizen' };
    });

    // receipts
    const receiptFor = async (subject: Subject, id: number) => {
      const rec = await consents.byId(id);
      if (!rec || rec.subjectKind !== subject.kind || rec.subjectRef !== subject.ref) throw new AppError(P.notFound);
      const v = await policy.get(rec.policyVersion).catch(() => null);
      const claims = receipts.claimsOf(rec, v?.contentHash ?? null);
      return { receipt: await receipts.sign(claims, clock.now()), claims: claims as unknown as Record<string, unknown> };
    };
    app.get('/api/v1/privacy/consents/:id/receipt', {
      config: { access: access.citizen },
      schema: { tags, summary: 'A signed receipt (JWS, EdDSA) of one of my consent or withdrawal records', params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: receiptOut } },
    }, async (req) => {
      if (req.principal?.kind !== 'citizen') throw new AppError(P.unauthenticated);
      return receiptFor({ kind: 'account', ref: req.principal.accountId }, req.params.id);
    });
    app.get('/api/v1/privacy/device-consents/:id/receipt', {
      config: { access: access.public },
      schema: { tags, summary: 'A signed receipt of one of this device\u2019s consent records', headers: z.object({ [DEVICE_ID_HEADER]: z.string().regex(DEVICE_ID) }), params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: receiptOut } },
    }, async (req) => receiptFor({ kind: 'device', ref: req.headers[DEVICE_ID_HEADER] }, req.params.id));

    app.get('/api/v1/privacy/receipts/key', {
      config: { access: access.public },
      schema: { tags, summary: 'The public key (JWK) receipts are signed with', response: { 200: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) } },
    }, async () => ({ keys: [await receipts.publicJwk()] }));

    app.post('/api/v1/privacy/receipts/verify', {
      config: { access: access.staff('privacy.policy') },
      schema: {
        tags,
        summary: 'Verify a consent receipt: signature, and that it matches the stored record',
        body: z.object({ receipt: z.string().min(1).max(20_000) }),
        response: { 200: z.object({ valid: z.boolean(), reason: z.string().optional(), matchesRecord: z.boolean().optional(), claims: z.record(z.string(), z.unknown()).optional() }) },
      },
    }, async (req) => {
      const out = await receipts.verify(req.body.receipt);
      if (!out.valid) return { valid: false, reason: out.reason };
      const rec = await consents.byId(out.claims.rid);
      const matchesRecord =
        !!rec && rec.subjectRef === out.claims.sub && rec.purposeId === out.claims.purpose.id && rec.granted === (out.claims.action === 'grant') && rec.createdAt.toISOString() === out.claims.time;
      return { valid: true, matchesRecord, claims: out.claims as unknown as Record<string, unknown> };
    });

    // console: draft, preview, publish, statistics
    const staff = access.staff('privacy.policy');
    const draftOut = async () => {
      const d = await policy.draft();
      return { ...d, updatedAt: iso(d.updatedAt), defaults: deps.defaultProse() };
    };
    app.get('/api/v1/privacy/policy/draft', {
      config: { access: staff },
      schema: { tags, summary: 'The draft of the next version: prose overrides and declarations', response: { 200: draftSchema } },
    }, async () => draftOut());

    app.put('/api/v1/privacy/policy/draft', {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Edit the draft: prose sections (zh-CN / en), ownership change and high-risk PIA declarations (PP-6.2)',
        body: z.object({
          prose: z.partialRecord(proseKey, z.object({ 'zh-CN': z.string().max(20_000).optional(), en: z.string().max(20_000).optional() })).optional(),
          ownershipChange: z.boolean().optional(),
          highRiskPia: z.boolean().optional(),
          declaredPurposes: z.array(z.string().regex(/^[a-z0-9-]{1,64}$/)).max(100).optional(),
        }),
        response: { 200: draftSchema },
      },
    }, async (req) => {
      await policy.saveDraft(req.body as any);
      return draftOut();
    });

    app.get('/api/v1/privacy/policy/draft/preview', {
      config: { access: staff },
      schema: { tags, summary: 'Preview: rendered text, diff against the version in force and its classification (PP-6.2)', response: { 200: previewSchema } },
    }, async () => {
      const p = await policy.preview();
      return { ...p, document: p.document };
    });

    app.post('/api/v1/privacy/policy/publish', {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Publish the draft as the next version, confirming what the preview showed (PP-6.1, PP-6.2)',
        body: z.object({ basedOn: z.number().int().min(0), inventoryHash: z.string().regex(/^[0-9a-f]{64}$/), contentHash: z.string().regex(/^[0-9a-f]{64}$/), classification: z.enum(['major', 'minor']) }),
        response: { 201: versionSummary },
      },
    }, async (req, reply) => {
      if (req.principal?.kind !== 'staff') throw new AppError(P.unauthenticated);
      const v = await policy.publish({ kind: 'staff', ref: req.principal.staffId }, req.body);
      return reply.code(201).send(summary(v));
    });

    app.get('/api/v1/privacy/consent-stats', {
      config: { access: staff },
      schema: {
        tags,
        summary: 'Consent statistics per purpose and policy version (counts only)',
        response: { 200: z.object({ items: z.array(z.object({ purposeId: z.string(), policyVersion: z.number(), granted: z.boolean(), subjectKind: z.enum(['account', 'device']), count: z.number() })) }) },
      },
    }, async () => ({ items: await policy.stats() }));

  };
}
