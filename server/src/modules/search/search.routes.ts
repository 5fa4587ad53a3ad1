// HTTP routes. Searching, suggestions and 热门搜索 are public (PP-1.1: no account, no consent); the history is the
// signed-in citizen's own and exists only under the search-history consent (PP-1.9).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { presentHistory, presentHit } from './search.presenter.ts';
import {
  clickBody,
  clickResponse,
  deletedResponse,
  historyResponse,
  hotResponse,
  idParams,
  recordingBody,
  recordingResponse,
  searchQuery,
  searchResponse,
  suggestQuery,
  suggestResponse,
} from './search.schemas.ts';
import type { SearchService } from './search.service.ts';

const tags = ['search'];
export const HOTLINE = { name: '12345政务服务便民热线', tel: '12345', path: '/hotline' };

export function searchRoutes(service: SearchService<any>) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();

    app.get('/api/v1/search', {
      config: { access: access.public },
      schema: { tags, summary: 'Search the published service items (characters, pinyin, initials, colloquial words; grouped by category)', querystring: searchQuery, response: { 200: searchResponse } },
    }, async (req) => {
      const { q, district, limit } = req.query;
      const r = await service.search(req.principal, q, { district, limit });
      const empty = r.hits.length === 0 && q.trim() !== '';
      return {
        query: q,
        district: r.analysis.district,
        total: r.total,
        items: r.hits.map((h) => presentHit(h.item)),
        groups: r.groups.map((g) => ({ category: g.category, items: g.hits.map((h) => presentHit(h.item)) })),
        alternatives: r.alternatives,
        hot: empty ? (await service.hot(8)).map((h) => h.query) : [],
        hotline: empty ? HOTLINE : null,
        recorded: r.recorded,
      };
    });

    app.get('/api/v1/search/suggest', {
      config: { access: access.public },
      schema: { tags, summary: 'Suggestions while typing (name prefix, pinyin and initials prefix)', querystring: suggestQuery, response: { 200: suggestResponse } },
    }, async (req) => ({ suggestions: service.suggest(req.query.q, req.query.limit, req.query.district) }));

    app.get('/api/v1/search/hot', {
      config: { access: access.public },
      schema: { tags, summary: '热门搜索 (anonymous, only queries searched at least 5 times) and the most used items', response: { 200: hotResponse } },
    }, async () => ({
      searches: (await service.hot(10)).map((h) => h.query),
      popular: service.popular(8).map((i) => ({ code: i.code, name: i.shortName || i.name })),
    }));

    app.post('/api/v1/search/clicks', {
      config: { access: access.public },
      schema: { tags, summary: 'A search result was opened (kept in the history only with the search-history consent)', body: clickBody, response: { 200: clickResponse } },
    }, async (req) => ({ recorded: await service.recordClick(req.principal, req.body.code) }));

    app.get('/api/v1/search/history', {
      config: { access: access.citizen },
      schema: { tags, summary: 'My search history, newest first (empty, and deleted, when the consent is not in force)', response: { 200: historyResponse } },
    }, async (req) => {
      const h = await service.history(req.principal!);
      return { recording: h.recording, entries: h.entries.map(presentHistory) };
    });

    app.delete('/api/v1/search/history/:id', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Delete one history entry', params: idParams, response: { 200: deletedResponse } },
    }, async (req) => {
      if (!(await service.deleteEntry(req.principal!, req.params.id))) throw new AppError(P.notFound);
      return { deleted: 1 };
    });

    app.delete('/api/v1/search/history', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Delete my whole search history', response: { 200: deletedResponse } },
    }, async (req) => ({ deleted: await service.clearHistory(req.principal!) }));

    app.put('/api/v1/search/history/recording', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Switch history recording: grants or withdraws the search-history purpose (withdrawing deletes the history)', body: recordingBody, response: { 200: recordingResponse } },
    }, async (req) => service.setRecording(req.principal!, req.body.enabled));
  };
}
