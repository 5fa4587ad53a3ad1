// Reference data module: divisions of 南通市 and the organisations work is routed to. Public, read-only over HTTP;
// `seed(db)` upserts the rows shipped with the code and is called at boot.
import type { AppModule } from '../../app.ts';
import type { Database, Db } from '../../platform/db/database.ts';
import { createReferenceRepository, type ReferenceRepository } from './reference.repository.ts';
import { referenceRoutes } from './reference.routes.ts';
import { seedReference } from './reference.seed.ts';

export interface ReferenceModule {
  module: AppModule;
  repository: ReferenceRepository;
  seed(db?: Db): Promise<{ divisions: number; organisations: number }>;
}

export function createReferenceModule({ database }: { database: Database }): ReferenceModule {
  const repository = createReferenceRepository(database.db);
  return {
    repository,
    module: {
      name: 'reference',
      tag: { name: 'reference', description: '区划与机构 — administrative divisions and organisations (public reference data)' },
      routes: referenceRoutes(repository),
    },
    async seed(db = database.db) {
      const counts = await seedReference(db);
      repository.invalidate();
      return counts;
    },
  };
}

export { COUNTIES, ORGANISATIONS, OUTDATED_CODES } from './reference.seed.ts';
export type { DivisionRow, OrganisationRow } from './reference.repository.ts';
