// Console: staff edit drafts (catalogue.edit) and publish them (catalogue.publish). PP-3.4: one permission per route.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../platform/http/access.ts';
import type { EditingService } from './catalogue.editing.ts';
import { codeParams, createItemBody, publishBody, saveDraftBody, staffItemResponse, staffListQuery, staffListResponse } from './catalogue.schemas.ts';

const tags = ['catalogue'];

export function adminRoutes(editing: EditingService) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();

    app.get('/api/v1/catalogue/admin/items', {
      config: { access: access.staff('catalogue.edit') },
      schema: { tags, summary: 'Items with their draft and publication state (console)', querystring: staffListQuery, response: { 200: staffListResponse } },
    }, async (req) => {
      const { page, pageSize, ...filter } = req.query;
      return editing.list(filter, page, pageSize);
    });

    app.get('/api/v1/catalogue/admin/items/:code', {
      config: { access: access.staff('catalogue.edit') },
      schema: { tags, summary: 'One item with its draft (console)', params: codeParams, response: { 200: staffItemResponse } },
    }, async (req) => ({ item: await editing.get(req.params.code) }));

    app.post('/api/v1/catalogue/admin/items', {
      config: { access: access.staff('catalogue.edit') },
      schema: { tags, summary: 'Create a new item as an unpublished draft', body: createItemBody, response: { 201: staffItemResponse } },
    }, async (req, reply) => reply.code(201).send({ item: await editing.create(req.principal, req.body.code, req.body.content) }));

    app.put('/api/v1/catalogue/admin/items/:code/draft', {
      config: { access: access.staff('catalogue.edit') },
      schema: { tags, summary: 'Save the draft (needs the revision it was based on; audited)', params: codeParams, body: saveDraftBody, response: { 200: staffItemResponse } },
    }, async (req) => ({ item: await editing.saveDraft(req.principal, req.params.code, req.body.baseRevision, req.body.content) }));

    app.post('/api/v1/catalogue/admin/items/:code/publish', {
      config: { access: access.staff('catalogue.publish') },
      schema: { tags, summary: 'Publish a draft revision: citizens and search see it from now (audited)', params: codeParams, body: publishBody, response: { 200: staffItemResponse } },
    }, async (req) => ({ item: await editing.publish(req.principal, req.params.code, req.body.revision) }));

    app.post('/api/v1/catalogue/admin/items/:code/unpublish', {
      config: { access: access.staff('catalogue.publish') },
      schema: { tags, summary: 'Take an item off the citizen app (audited)', params: codeParams, response: { 200: staffItemResponse } },
    }, async (req) => ({ item: await editing.unpublish(req.principal, req.params.code) }));
  };
}
