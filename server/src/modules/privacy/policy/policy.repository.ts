// Tables of the policy lifecycle (migration 0070): published versions (immutable) and the one working draft.
import { sql, type Generated, type Kysely } from 'kysely';
import type { Tables } from '../../../platform/db/tables.ts';
import type { PolicyChange, InventorySnapshot } from './changes.ts';
import type { PolicyDocument } from './render.ts';
import type { PolicyLang, Prose } from './prose.ts';

export type VersionClassification = 'initial' | 'major' | 'minor';

declare module '../../../platform/db/tables.ts' {
  interface Tables {
    policy_versions: {
      version: number;
      effective_at: Date;
      classification: VersionClassification;
      content_hash: string;
      inventory_hash: string;
      document: Record<PolicyLang, PolicyDocument>;
      snapshot: { inventory: InventorySnapshot; prose: Prose };
      changes: Generated<PolicyChange[]>;
      changed_purposes: Generated<string[]>;
      ownership_change: Generated<boolean>;
      high_risk_pia: Generated<boolean>;
    };
    policy_drafts: {
      id: number;
      prose: Generated<Record<string, Record<string, string>>>;
      ownership_change: Generated<boolean>;
      high_risk_pia: Generated<boolean>;
      declared_purposes: Generated<string[]>;
      updated_at: Date;
    };
  }
}

type Db = Kysely<Tables>;

export interface PolicyVersion {
  version: number;
  effectiveAt: Date;
  classification: VersionClassification;
  contentHash: string;
  inventoryHash: string;
  document: Record<PolicyLang, PolicyDocument>;
  snapshot: { inventory: InventorySnapshot; prose: Prose };
  changes: PolicyChange[];
  changedPurposes: string[];
  ownershipChange: boolean;
  highRiskPia: boolean;
}

const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
const toVersion = (r: any): PolicyVersion => ({
  version: Number(r.version),
  effectiveAt: new Date(r.effective_at),
  classification: r.classification,
  contentHash: r.content_hash,
  inventoryHash: r.inventory_hash,
  document: json(r.document),
  snapshot: json(r.snapshot),
  changes: json(r.changes) ?? [],
  changedPurposes: r.changed_purposes ?? [],
  ownershipChange: r.ownership_change,
  highRiskPia: r.high_risk_pia,
});

export const policyRepository = {
  async latest(db: Db): Promise<PolicyVersion | null> {
    const r = await db.selectFrom('policy_versions').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
    return r ? toVersion(r) : null;
  },
  async get(db: Db, version: number): Promise<PolicyVersion | null> {
    const r = await db.selectFrom('policy_versions').selectAll().where('version', '=', version).executeTakeFirst();
    return r ? toVersion(r) : null;
  },
  async list(db: Db) {
    const rows = await db
      .selectFrom('policy_versions')
      .select(['version', 'effective_at', 'classification', 'content_hash', 'inventory_hash', 'changes', 'changed_purposes'])
      .orderBy('version', 'desc')
      .execute();
    return rows.map((r) => ({
      version: Number(r.version),
      effectiveAt: new Date(r.effective_at),
      classification: r.classification,
      contentHash: r.content_hash,
      inventoryHash: r.inventory_hash,
      changes: (json(r.changes) ?? []) as PolicyChange[],
      changedPurposes: (r.changed_purposes ?? []) as string[],
    }));
  },
  async insert(db: Db, v: PolicyVersion): Promise<void> {
    await db
      .insertInto('policy_versions')
      .values({
        version: v.version,
        effective_at: v.effectiveAt,
        classification: v.classification,
        content_hash: v.contentHash,
        inventory_hash: v.inventoryHash,
        document: JSON.stringify(v.document) as any,
        snapshot: JSON.stringify(v.snapshot) as any,
        changes: JSON.stringify(v.changes) as any,
        changed_purposes: sql`${sql.val(v.changedPurposes)}::text[]` as any,
        ownership_change: v.ownershipChange,
        high_risk_pia: v.highRiskPia,
      })
      .execute();
  },
  async draft(db: Db) {
    const r = await db.selectFrom('policy_drafts').selectAll().where('id', '=', 1).executeTakeFirst();
    return {
      prose: (r ? json(r.prose) : {}) as Record<string, Record<string, string>>,
      ownershipChange: r?.ownership_change ?? false,
      highRiskPia: r?.high_risk_pia ?? false,
      declaredPurposes: (r?.declared_purposes ?? []) as string[],
      updatedAt: r ? new Date(r.updated_at) : null,
    };
  },
  async saveDraft(db: Db, d: { prose: Record<string, Record<string, string>>; ownershipChange: boolean; highRiskPia: boolean; declaredPurposes: string[]; updatedAt: Date }) {
    const values = {
      prose: JSON.stringify(d.prose) as any,
      ownership_change: d.ownershipChange,
      high_risk_pia: d.highRiskPia,
      declared_purposes: sql`${sql.val(d.declaredPurposes)}::text[]` as any,
      updated_at: d.updatedAt,
    };
    await db
      .insertInto('policy_drafts')
      .values({ id: 1, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  },
};
