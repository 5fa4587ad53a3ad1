// The citizen's own catalogue data (PP-1.9 收藏/办事记录, PP-1.11 usage logs, PP-1.12 nearby halls) and the console's
// anonymous usage statistics. Consent refusals are the named problem consent-required (the app shows the sheet).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DEVICE_ID_HEADER, type Subject } from '../privacy/index.ts';
import { access } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { presentSummary } from './catalogue.presenter.ts';
import type { PersonalService } from './catalogue.personal.ts';
import {
  codeParams, emptyResponse, favouritesResponse, handlingRecordsResponse, nearbyBody, nearbyResponse, statsQuery, statsResponse,
  usageBody, usageResponse,
} from './catalogue.schemas.ts';

const tags = ['catalogue'];
const DEVICE_ID = /^[A-Za-z0-9_-]{16,128}$/;

/** A guest's device, when the app sends its device id (consents of guests are recorded against it). */
function deviceOf(req: FastifyRequest): Subject | null {
  const id = req.headers[DEVICE_ID_HEADER];
  return typeof id === 'string' && DEVICE_ID.test(id) ? { kind: 'device', ref: id } : null;
}

export function personalRoutes(personal: PersonalService) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();

    app.get('/api/v1/catalogue/favourites', {
      config: { access: access.citizen },
      schema: { tags, summary: '我的收藏 (PP-1.9: needs the search-history consent)', response: { 200: favouritesResponse } },
    }, async (req) => ({ items: (await personal.favourites(req.principal)).map(presentSummary) }));

    app.put('/api/v1/catalogue/favourites/:code', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Add an item to my favourites (PP-1.9: needs the search-history consent)', params: codeParams, response: { 200: emptyResponse } },
    }, async (req) => {
      await personal.addFavourite(req.principal, req.params.code);
      return { ok: true as const };
    });

    app.delete('/api/v1/catalogue/favourites/:code', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Remove an item from my favourites (always allowed)', params: codeParams, response: { 200: emptyResponse } },
    }, async (req) => {
      await personal.removeFavourite(req.principal, req.params.code);
      return { ok: true as const };
    });

    app.get('/api/v1/catalogue/handling-records', {
      config: { access: access.citizen },
      schema: { tags, summary: '我的服务: my handling records (PP-1.9: needs the search-history consent)', response: { 200: handlingRecordsResponse } },
    }, async (req) => ({ items: await personal.handlingRecords(req.principal) }));

    // Public: a guest's device with usage-statistics consent may report too; without a principal or consent nothing is kept.
    app.post('/api/v1/catalogue/usage', {
      config: { access: access.public },
      schema: { tags, summary: 'Report that a service page was used and for how long (PP-1.11)', body: usageBody, response: { 200: usageResponse } },
    }, async (req) => ({ recorded: await personal.logUsage(req.principal, deviceOf(req), req.body) }));

    // POST so that the coordinates travel in the body, which is never logged (a query string is).
    app.post('/api/v1/catalogue/halls/nearby', {
      config: { access: access.public },
      schema: { tags, summary: 'Halls by distance from where I am (PP-1.12: location-services consent; coordinates not kept)', body: nearbyBody, response: { 200: nearbyResponse } },
    }, async (req) => ({ halls: await personal.nearbyHalls(req.principal, deviceOf(req), req.body, req.body.limit) }));

    app.get('/api/v1/catalogue/usage-statistics', {
      config: { access: access.staff('catalogue.edit') },
      schema: { tags, summary: 'Anonymous usage statistics per item (PP-1.11, PP-1.19): consented logs only, small counts suppressed', querystring: statsQuery, response: { 200: statsResponse } },
    }, async (req) => {
      const { from, to } = req.query;
      if (!(from < to) || to.getTime() - from.getTime() > 400 * 86_400_000) throw new AppError(P.validation, { extensions: { errors: [{ path: 'query.to', message: '时间范围须在400天以内且开始早于结束' }] } });
      return personal.usageStatistics(from, to);
    });
  };
}
