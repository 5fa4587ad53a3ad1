// HTTP routes of the incident register (permission privacy.incidents) and the public notices (PP-3.5 公告).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../platform/http/access.ts';
import { ELEMENTS } from '../privacy/index.ts';
import { DEFAULT_CONTACT, NOTICE_PARTS } from './incidents.notice.ts';
import type { IncidentsService } from './incidents.service.ts';
import * as s from './incidents.schemas.ts';

const tags = ['incidents'];
const officer = access.staff('privacy.incidents');
const base = '/api/v1/incidents/office';

export function incidentRoutes(svc: IncidentsService) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();

    app.get(`${base}/elements`, {
      config: { access: officer },
      schema: { tags, summary: 'PI element types of the inventory to choose from, the LAW-8 notice parts and the default contact', response: { 200: s.elementsResponse } },
    }, async () => ({
      elements: ELEMENTS.filter((e) => e.subjects !== 'staff').map((e) => ({ id: e.id, nameZh: e.nameZh, nameEn: e.nameEn, sensitive: e.sensitive })),
      defaultContact: DEFAULT_CONTACT, parts: NOTICE_PARTS.map((p) => ({ ...p })),
    }));

    app.get(`${base}/incidents`, {
      config: { access: officer },
      schema: { tags, summary: 'Incident register (open, closed or all) with the 72-hour report clock', querystring: s.listQuery, response: { 200: s.listResponse } },
    }, async (req) => ({ incidents: await svc.list(req.principal, req.query.filter) }));

    app.post(`${base}/incidents`, {
      config: { access: officer },
      schema: { tags, summary: 'PP-3.5 open an incident: what happened, when detected, PI types, cause, possible harm, severity, affected accounts', body: s.openBody, response: { 201: s.detailResponse } },
    }, async (req, reply) => reply.code(201).send(await svc.open(req.principal, req.body)));

    app.get(`${base}/incidents/:id`, {
      config: { access: officer },
      schema: { tags, summary: 'One incident: steps, notice with preview per part, sending status from the outbox, regulator reports', params: s.idParams, response: { 200: s.detailResponse } },
    }, async (req) => svc.detail(req.principal, req.params.id));

    app.post(`${base}/incidents/:id/subjects`, {
      config: { access: officer },
      schema: { tags, summary: 'Register affected accounts, or mark them as not reachable one by one (then a public notice)', params: s.idParams, body: s.subjectsBody, response: { 200: s.subjectsResponse } },
    }, async (req) => svc.addSubjects(req.principal, req.params.id, req.body));

    app.post(`${base}/incidents/:id/steps/:step`, {
      config: { access: officer },
      schema: { tags, summary: 'PP-3.5 response plan step: contain → assess → notify → report → close (409 incident-step-not-allowed otherwise)', params: s.stepParams, body: s.stepBody, response: { 200: s.detailResponse } },
    }, async (req) => svc.step(req.principal, req.params.id, req.params.step, req.body?.note));

    app.put(`${base}/incidents/:id/notice`, {
      config: { access: officer },
      schema: { tags, summary: 'LAW-8 compose the notice: PI types, cause, possible harm, measures, advice, contact (422 naming a missing part)', params: s.idParams, body: s.noticeBody, response: { 200: s.noticeResponse } },
    }, async (req) => svc.saveNotice(req.principal, req.params.id, req.body));

    app.put(`${base}/incidents/:id/public-notice`, {
      config: { access: officer },
      schema: { tags, summary: 'PP-3.5 publish or withdraw the public notice', params: s.idParams, body: s.publicNoticeBody, response: { 200: s.detailResponse } },
    }, async (req) => svc.setPublicNotice(req.principal, req.params.id, req.body.published));

    app.get(`${base}/incidents/:id/report-draft`, {
      config: { access: officer },
      schema: { tags, summary: 'Generated report text for the 网信部门 (cac) or 公安机关 (police)', params: s.idParams, querystring: s.reportQuery, response: { 200: s.reportDraftResponse } },
    }, async (req) => svc.reportDraft(req.principal, req.params.id, req.query.recipient));

    app.post(`${base}/incidents/:id/reports`, {
      config: { access: officer },
      schema: { tags, summary: 'PP-3.5 record a report to the regulator: to whom, when, reference; the generated text unless given', params: s.idParams, body: s.reportBody, response: { 200: s.detailResponse } },
    }, async (req) => svc.recordReport(req.principal, req.params.id, req.body));

    // ── public ──
    app.get('/api/v1/incidents/notices', {
      config: { access: access.public },
      schema: { tags, summary: 'PP-3.5 public notices of personal-information security incidents (when people cannot be told one by one)', response: { 200: s.publicListResponse } },
    }, async () => ({ notices: await svc.publicNotices() }));

    app.get('/api/v1/incidents/notices/:id', {
      config: { access: access.public },
      schema: { tags, summary: 'One public notice', params: s.idParams, response: { 200: s.publicNotice } },
    }, async (req) => svc.publicNotice(req.params.id));
  };
}
