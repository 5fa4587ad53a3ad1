// Reads of the reference tables. The rows change only with a release (seeded at boot), so reads are cached in memory
// after the first query; `invalidate()` drops the cache (the seed calls it).
import type { Db } from '../../platform/db/database.ts';

export interface DivisionRow {
  code: string;
  name: string;
  level: 'county' | 'township';
  parent_code: string | null;
  kind: string;
}

export interface OrganisationRow {
  id: string;
  name: string;
  short_name: string;
  kind: 'department' | 'county' | 'hotline';
  division_code: string | null;
}

declare module '../../platform/db/tables.ts' {
  interface Tables {
    divisions: DivisionRow;
    organisations: OrganisationRow;
  }
}

export interface ReferenceRepository {
  divisions(): Promise<DivisionRow[]>;
  organisations(): Promise<OrganisationRow[]>;
  invalidate(): void;
}

export function createReferenceRepository(db: Db): ReferenceRepository {
  let divisions: Promise<DivisionRow[]> | undefined;
  let organisations: Promise<OrganisationRow[]> | undefined;
  const cached = <T>(load: () => Promise<T>) => {
    const p = load();
    p.catch(() => repo.invalidate()); // never cache a failure
    return p;
  };
  const repo: ReferenceRepository = {
    divisions: () => (divisions ??= cached(() => db.selectFrom('divisions').selectAll().orderBy('code').execute())),
    organisations: () =>
      (organisations ??= cached(() =>
        db.selectFrom('organisations').selectAll().orderBy('kind').orderBy('id').execute(),
      )),
    invalidate: () => {
      divisions = undefined;
      organisations = undefined;
    },
  };
  return repo;
}
