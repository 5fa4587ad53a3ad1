// HTTP routes of the rights centre: the citizen's 用户资料 / export / deletion / cancellation / feedback / 谁使用了我的数据,
// and the privacy office's queue (permission privacy.requests).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../platform/http/access.ts';
import type { ExportService } from './rights.export.ts';
import type { FeedbackService } from './rights.feedback.ts';
import { REFUSAL_GROUNDS, type OfficeService } from './rights.office.ts';
import type { RightsService } from './rights.service.ts';
import * as s from './rights.schemas.ts';

const tags = ['rights'];
const office = access.staff('privacy.requests');

export function rightsRoutes(svc: { rights: RightsService; exports: ExportService; office: OfficeService; feedback: FeedbackService }) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();

    app.get('/api/v1/rights/profile', {
      config: { access: access.citizen },
      schema: { tags, summary: 'PP-4.1 用户资料: everything held about me, by purpose; sensitive values masked unless reveal=1 (step-up)', querystring: s.profileQuery, response: { 200: s.profileResponse } },
    }, async (req) => svc.rights.profile(req.principal, req.query.reveal === '1'));

    app.delete('/api/v1/rights/items/:table/:key', {
      config: { access: access.citizen },
      schema: { tags, summary: 'PP-4.3 delete one item at once (a search entry, a favourite, a message …)', params: s.itemParams, response: { 200: s.deletedResponse } },
    }, async (req) => svc.rights.deleteItem(req.principal, req.params.table, req.params.key));

    app.post('/api/v1/rights/requests', {
      config: { access: access.citizen },
      schema: { tags, summary: 'PP-4.3 request deletion of a category or everything (due in 15 working days); PP-5.2 a guardian for a minor', body: s.requestBody, response: { 201: s.request } },
    }, async (req, reply) => reply.code(201).send(await svc.rights.requestDeletion(req.principal, req.body.kind, req.body.target, req.body.minorAccountId)));

    app.get('/api/v1/rights/requests', {
      config: { access: access.citizen },
      schema: { tags, summary: 'My rights requests with their live deadline and status', response: { 200: s.requestsResponse } },
    }, async (req) => ({ requests: await svc.rights.myRequests(req.principal) }));

    app.post('/api/v1/rights/exports', {
      config: { access: access.citizen },
      schema: { tags, summary: 'LAW-5 request a copy of all my personal information (ZIP built in the background)', response: { 202: s.exportItem } },
    }, async (req, reply) => reply.code(202).send(await svc.exports.request(req.principal)));

    app.get('/api/v1/rights/exports', {
      config: { access: access.citizen },
      schema: { tags, summary: 'My exports with their progress and download links', response: { 200: s.exportsResponse } },
    }, async (req) => ({ exports: await svc.exports.list(req.principal) }));

    app.get('/api/v1/rights/exports/:id/download', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Download an export (ZIP; the link expires after 7 days)', params: s.idParams },
    }, async (req, reply) => {
      const zip = await svc.exports.download(req.principal, req.params.id);
      return reply.type('application/zip').header('content-disposition', 'attachment; filename="ntbt-personal-data.zip"').header('cache-control', 'private, no-store').send(zip);
    });

    app.get('/api/v1/rights/cancellation', {
      config: { access: access.citizen },
      schema: { tags, summary: 'PP-4.5 what each cancellation mode deletes and what the law makes us keep', response: { 200: s.statementResponse } },
    }, async () => svc.rights.cancellationStatement());

    app.post('/api/v1/rights/cancellation', {
      config: { access: access.citizen },
      schema: { tags, summary: 'PP-4.5 cancel now after step-up: mode app = 南通百通 traces; identity = also the unified identity account', body: s.cancelBody, response: { 200: s.cancelResponse } },
    }, async (req) => svc.rights.cancel(req.principal, req.body.mode));

    app.get('/api/v1/rights/usage', {
      config: { access: access.citizen },
      schema: { tags, summary: '谁使用了我的数据: provisions from the sharing ledger and staff accesses (department and role only)', response: { 200: s.whoUsedResponse } },
    }, async (req) => svc.rights.whoUsed(req.principal));

    app.post('/api/v1/rights/feedback', {
      config: { access: access.citizen },
      schema: { tags, summary: 'PP-7.1 APP功能反馈: text and an optional screenshot (base64); answered within 15 days', body: s.feedbackBody, response: { 201: s.feedbackCreated } },
    }, async (req, reply) => reply.code(201).send(await svc.feedback.submit(req.principal, req.body.text, req.body.screenshot)));

    app.get('/api/v1/rights/feedback', {
      config: { access: access.citizen },
      schema: { tags, summary: 'My feedback and the replies', response: { 200: s.feedbackList } },
    }, async (req) => ({ feedback: await svc.feedback.mine(req.principal) }));

    // ── privacy office (console) ──
    app.get('/api/v1/rights/office/queue', {
      config: { access: office },
      schema: { tags, summary: 'Queue of rights requests and feedback with their clocks', querystring: s.queueQuery, response: { 200: s.queueResponse } },
    }, async (req) => ({ ...(await svc.office.queue(req.query.all === '1')), grounds: REFUSAL_GROUNDS }));

    app.post('/api/v1/rights/office/requests/:id/assign', {
      config: { access: office },
      schema: { tags, summary: 'Assign a request (to me by default)', params: s.idParams, body: s.assignBody, response: { 200: s.officeRequestResponse } },
    }, async (req) => svc.office.assign(req.principal, req.params.id, req.body.assignee));

    app.post('/api/v1/rights/office/requests/:id/verify', {
      config: { access: office },
      schema: { tags, summary: 'PP-4.7 record that the requester\u2019s identity was verified', params: s.idParams, response: { 200: s.officeRequestResponse } },
    }, async (req) => svc.office.verifyIdentity(req.principal, req.params.id));

    app.post('/api/v1/rights/office/requests/:id/fulfil', {
      config: { access: office },
      schema: { tags, summary: 'Fulfil (or partially fulfil) a request: erasure across every declared store, per-store receipt', params: s.idParams, body: s.fulfilBody, response: { 200: s.officeRequestResponse } },
    }, async (req) => svc.office.fulfil(req.principal, req.params.id, req.body));

    app.post('/api/v1/rights/office/requests/:id/refuse', {
      config: { access: office },
      schema: { tags, summary: 'PP-4.8 refuse on a listed ground with a written reason the citizen sees', params: s.idParams, body: s.refuseBody, response: { 200: s.officeRequestResponse } },
    }, async (req) => svc.office.refuse(req.principal, req.params.id, req.body.ground, req.body.reason));

    app.get('/api/v1/rights/office/stats', {
      config: { access: office },
      schema: { tags, summary: 'Per type: count, median and p95 handling time in working days, on-time rate', response: { 200: s.statsResponse } },
    }, async () => ({ types: await svc.office.stats() }));

    app.get('/api/v1/rights/office/feedback/:id', {
      config: { access: office },
      schema: { tags, summary: 'Read one feedback (audited)', params: s.idParams, response: { 200: s.feedbackDetail } },
    }, async (req) => svc.feedback.read(req.principal, req.params.id));

    app.post('/api/v1/rights/office/feedback/:id/reply', {
      config: { access: office },
      schema: { tags, summary: 'Reply to feedback (in the app and by SMS)', params: s.idParams, body: s.replyBody, response: { 200: s.replyResponse } },
    }, async (req) => svc.feedback.reply(req.principal, req.params.id, req.body.text));
  };
}
