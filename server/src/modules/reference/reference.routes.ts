// Public reference data: the division tree (county → township) and the organisations work is routed to.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../platform/http/access.ts';
import type { DivisionRow, ReferenceRepository } from './reference.repository.ts';

const township = z.object({
  code: z.string().regex(/^\d{9}$/),
  name: z.string(),
  level: z.literal('township'),
  kind: z.string().describe('subdistrict 街道 | town 镇 | township 乡 | township-like 类似乡级单位'),
});
const county = z.object({
  code: z.string().regex(/^\d{6}$/),
  name: z.string(),
  level: z.literal('county'),
  kind: z.string().describe('district 区 | county 县 | county-city 县级市 | functional-zone 功能区 (not GB/T 2260)'),
  gbt2260: z.boolean().describe('false for statistics-only functional zones'),
  children: z.array(township),
});
export const divisionsResponse = z.object({ divisions: z.array(county) });

export const organisationsResponse = z.object({
  organisations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      shortName: z.string(),
      kind: z.enum(['department', 'county', 'hotline']),
      divisionCode: z.string().nullable(),
    }),
  ),
});

export function divisionTree(rows: DivisionRow[]): z.infer<typeof divisionsResponse> {
  const children = new Map<string, z.infer<typeof township>[]>();
  for (const r of rows) {
    if (r.level !== 'township' || !r.parent_code) continue;
    const list = children.get(r.parent_code) ?? [];
    list.push({ code: r.code, name: r.name, level: 'township', kind: r.kind });
    children.set(r.parent_code, list);
  }
  return {
    divisions: rows
      .filter((r) => r.level === 'county')
      .map((r) => ({
        code: r.code,
        name: r.name,
        level: 'county' as const,
        kind: r.kind,
        gbt2260: r.kind !== 'functional-zone',
        children: children.get(r.code) ?? [],
      })),
  };
}

export function referenceRoutes(repo: ReferenceRepository) {
  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();
    app.get(
      '/api/v1/reference/divisions',
      {
        config: { access: access.public },
        schema: {
          tags: ['reference'],
          summary: 'Administrative divisions of 南通市: county level with their townships (current codes)',
          response: { 200: divisionsResponse },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=3600');
        return divisionTree(await repo.divisions());
      },
    );
    app.get(
      '/api/v1/reference/organisations',
      {
        config: { access: access.public },
        schema: {
          tags: ['reference'],
          summary: 'Organisations work is routed to: city departments, county governments, the 12345 hotline',
          response: { 200: organisationsResponse },
        },
      },
      async (_request, reply) => {
        reply.header('cache-control', 'public, max-age=3600');
        const rows = await repo.organisations();
        return {
          organisations: rows.map((o) => ({
            id: o.id,
            name: o.name,
            shortName: o.short_name,
            kind: o.kind,
            divisionCode: o.division_code,
          })),
        };
      },
    );
  };
}
