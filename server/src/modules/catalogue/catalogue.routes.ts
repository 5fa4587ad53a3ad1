// Public browsing (PP-1.1): categories, items, 区县专区, 热门服务 and halls need neither an account nor any consent.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { presentDetail, presentSummary } from './catalogue.presenter.ts';
import {
  categoriesResponse, codeParams, districtParams, districtResponse, districtsResponse, hallsQuery, hallsResponse, itemListResponse,
  itemResponse, itemsQuery, itemsResponse, popularQuery,
} from './catalogue.schemas.ts';
import type { CatalogueReader } from './catalogue.service.ts';

const tags = ['catalogue'];
const PUBLIC_CACHE = 'public, max-age=60';

export function catalogueRoutes({ reader }: { reader: CatalogueReader }) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();

    app.get('/api/v1/catalogue/categories', {
      config: { access: access.public },
      schema: { tags, summary: 'Service categories with the number of published items (PP-1.1: no sign-in)', response: { 200: categoriesResponse } },
    }, async (_req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return { categories: await reader.categories() };
    });

    app.get('/api/v1/catalogue/items', {
      config: { access: access.public },
      schema: { tags, summary: 'Published items by category and/or district, most used first (paged)', querystring: itemsQuery, response: { 200: itemsResponse } },
    }, async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      const { category, district, page, pageSize } = req.query;
      const { total, items } = await reader.items({ category, district }, page, pageSize);
      return { total, page, pageSize, items: items.map(presentSummary) };
    });

    app.get('/api/v1/catalogue/items/:code', {
      config: { access: access.public },
      schema: { tags, summary: 'One published item: materials, steps, halls (tap-to-call numbers), partner sharing', params: codeParams, response: { 200: itemResponse } },
    }, async (req, reply) => {
      const item = await reader.getItem(req.params.code);
      if (!item) throw new AppError(P.notFound);
      const halls = new Map((await reader.halls()).map((h) => [h.id, h]));
      reply.header('cache-control', PUBLIC_CACHE);
      return { item: presentDetail(item, halls) };
    });

    app.get('/api/v1/catalogue/districts', {
      config: { access: access.public },
      schema: { tags, summary: '区县专区: the seven county-level divisions with their item counts and halls', response: { 200: districtsResponse } },
    }, async (_req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return { districts: await reader.districts() };
    });

    app.get('/api/v1/catalogue/districts/:code', {
      config: { access: access.public },
      schema: { tags, summary: 'One 区县专区: its own items (most used first) and its halls', params: districtParams, response: { 200: districtResponse } },
    }, async (req, reply) => {
      const district = (await reader.districts()).find((d) => d.code === req.params.code);
      if (!district) throw new AppError(P.notFound);
      const { items } = await reader.items({ district: district.code }, 1, 1000);
      reply.header('cache-control', PUBLIC_CACHE);
      return { code: district.code, name: district.name, items: items.map(presentSummary), halls: district.halls };
    });

    app.get('/api/v1/catalogue/popular', {
      config: { access: access.public },
      schema: { tags, summary: '热门服务: the most used items', querystring: popularQuery, response: { 200: itemListResponse } },
    }, async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      return { items: (await reader.popular(req.query.limit)).map(presentSummary) };
    });

    app.get('/api/v1/catalogue/halls', {
      config: { access: access.public },
      schema: { tags, summary: 'Service halls (address, hours, phone, coordinates), optionally of one district', querystring: hallsQuery, response: { 200: hallsResponse } },
    }, async (req, reply) => {
      reply.header('cache-control', PUBLIC_CACHE);
      const halls = await reader.halls();
      return { halls: req.query.district ? halls.filter((h) => h.districtCode === req.query.district) : halls };
    });
  };
}
