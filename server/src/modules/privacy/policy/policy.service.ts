// The policy lifecycle (issue #5): the version in force, immutable published versions, the privacy office's draft,
// preview (rendered text + diff + classification, PP-6.2) and publishing, and each citizen's/device's status against
// the version in force (read? consented? which purposes need consent again, PP-6.1).
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Clock } from '../../../platform/clock.ts';
import type { Database } from '../../../platform/db/database.ts';
import type { Tables } from '../../../platform/db/tables.ts';
import { AppError, defineProblem } from '../../../platform/http/problem.ts';
import type { Jobs } from '../../../platform/jobs.ts';
import { isConsentBased, purposeById } from '../inventory/purposes.ts';
import type { Inventory } from '../lists.ts';
import type { ConsentService, Subject } from '../consent.service.ts';
import { classifyChange, hashOf, hashText, snapshotOf, type Declarations, type PolicyChange } from './changes.ts';
import { policyRepository as repo, type PolicyVersion } from './policy.repository.ts';
import { POLICY_LANGS, PROSE_KEYS, withOverrides, type PolicyLang, type Prose } from './prose.ts';
import { renderPolicy, toMarkdown, type PolicyDocument } from './render.ts';

export const POLICY_ACCEPTANCE = 'policy-acceptance';
export const ANNOUNCE_JOB = 'privacy.announce-policy';

export const POLICY_PROBLEMS = {
  versionNotFound: defineProblem('policy-version-not-found', { status: 404, title: '没有这个版本的隐私政策', titleEn: 'No such policy version' }),
  draftChanged: defineProblem('policy-draft-changed', {
    status: 409,
    title: '草稿或个人信息清单在预览后已变化，请重新预览后再发布',
    titleEn: 'The draft or the inventory changed since the preview; preview again before publishing',
  }),
  nothingChanged: defineProblem('policy-unchanged', { status: 422, title: '与现行版本相比没有任何变化，无需发布', titleEn: 'Nothing changed since the version in force' }),
} as const;

/** Minimal audit interface (AuditService.record), so tests can compose the module without the kernel. */
export interface AuditRecorder {
  record(tx: Kysely<Tables>, entry: { actor: { kind: 'staff' | 'system'; ref?: string | null }; action: string; details?: Record<string, unknown> }): Promise<unknown>;
}

export interface Rendered {
  document: Record<PolicyLang, PolicyDocument>;
  contentHash: string;
  inventoryHash: string;
  snapshot: { inventory: ReturnType<typeof snapshotOf>; prose: Prose };
}

export interface Preview extends Rendered {
  /** version this draft would follow */
  basedOn: number;
  /** number it would get */
  version: number;
  classification: 'major' | 'minor';
  changes: PolicyChange[];
  changedPurposes: string[];
  declarations: Required<Declarations>;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Renders both languages and hashes the text and the inventory snapshot. Pure: takes the inventory as an argument. */
export function renderVersion(inv: Inventory, prose: Prose, version: number, effectiveAt: Date): Rendered {
  const meta = { version, effectiveDate: day(effectiveAt) };
  const document = Object.fromEntries(POLICY_LANGS.map((l) => [l, renderPolicy(inv, prose, meta, l)])) as Record<PolicyLang, PolicyDocument>;
  // The content hash covers the rendered text without the version line, so it identifies the wording itself.
  const text = POLICY_LANGS.map((l) => toMarkdown({ ...document[l], version: 0, effectiveDate: '' })).join('\n\u0000\n');
  const inventory = snapshotOf(inv, prose);
  return { document, contentHash: hashText(text), inventoryHash: hashOf(inventory), snapshot: { inventory, prose } };
}

export function createPolicyService(deps: {
  database: Database;
  clock: Clock;
  consents: ConsentService;
  inventory: Inventory;
  audit?: AuditRecorder;
  jobs?: Jobs;
}) {
  const { database, clock, consents } = deps;
  const db = () => database.db;
  const consentBased = (id: string) => {
    const p = deps.inventory.purposes.find((x) => x.id === id) ?? purposeById(id);
    return !!p && isConsentBased(p);
  };

  async function setSetting(tx: Kysely<Tables>, version: number) {
    // Keeps privacy.policy_version (read by consent.service on every call) equal to the latest published version.
    await (tx as any)
      .insertInto('platform_settings')
      .values({ key: 'privacy.policy_version', value: JSON.stringify(version), updated_at: clock.now() })
      .onConflict((oc: any) => oc.column('key').doUpdateSet({ value: JSON.stringify(version), updated_at: clock.now() }))
      .execute();
  }

  async function preview(tx: Kysely<Tables> = db()): Promise<Preview> {
    const prev = await repo.latest(tx);
    const draft = await repo.draft(tx);
    const basedOn = prev?.version ?? 0;
    const version = basedOn + 1;
    const rendered = renderVersion(deps.inventory, withOverrides(draft.prose), version, clock.now());
    const declarations = { ownershipChange: draft.ownershipChange, highRiskPia: draft.highRiskPia, declaredPurposes: draft.declaredPurposes };
    const c = prev
      ? classifyChange(prev.snapshot.inventory, rendered.snapshot.inventory, declarations, consentBased)
      : { classification: 'major' as const, changes: [], changedPurposes: [] };
    return { ...rendered, basedOn, version, ...c, declarations };
  }

  return {
    /**
     * First boot: publishes version N (N = the privacy.policy_version setting, default 1) from the inventory as it is,
     * so a policy is always in force. Every consent-based purpose counts as changed in it. Idempotent.
     */
    async seed(): Promise<void> {
      if (await repo.latest(db())) return;
      const version = await consents.currentPolicyVersion();
      const now = clock.now();
      const rendered = renderVersion(deps.inventory, withOverrides({}), version, now);
      await db().transaction().execute(async (tx) => {
        const exists = await tx.selectFrom('policy_versions').select('version').limit(1).executeTakeFirst();
        if (exists) return;
        await repo.insert(tx, {
          version,
          effectiveAt: now,
          classification: 'initial',
          ...rendered,
          changes: [],
          changedPurposes: deps.inventory.purposes.filter(isConsentBased).map((p) => p.id),
          ownershipChange: false,
          highRiskPia: false,
        });
        await setSetting(tx, version);
      });
    },

    async current(): Promise<PolicyVersion> {
      const v = await repo.get(db(), await consents.currentPolicyVersion());
      const latest = v ?? (await repo.latest(db()));
      if (!latest) throw new AppError(POLICY_PROBLEMS.versionNotFound);
      return latest;
    },

    async get(version: number): Promise<PolicyVersion> {
      const v = await repo.get(db(), version);
      if (!v) throw new AppError(POLICY_PROBLEMS.versionNotFound, { extensions: { version } });
      return v;
    },

    list: () => repo.list(db()),

    draft: () => repo.draft(db()),

    async saveDraft(input: { prose?: Partial<Record<string, Partial<Record<string, string>>>>; ownershipChange?: boolean; highRiskPia?: boolean; declaredPurposes?: string[] }) {
      const cur = await repo.draft(db());
      const prose = { ...cur.prose };
      for (const [k, langs] of Object.entries(input.prose ?? {})) {
        if (!(PROSE_KEYS as readonly string[]).includes(k) || !langs) continue;
        prose[k] = { ...(prose[k] ?? {}) };
        for (const l of POLICY_LANGS) if (typeof langs[l] === 'string') prose[k][l] = langs[l]!;
      }
      await repo.saveDraft(db(), {
        prose,
        ownershipChange: input.ownershipChange ?? cur.ownershipChange,
        highRiskPia: input.highRiskPia ?? cur.highRiskPia,
        // only purposes the inventory knows can be declared
        declaredPurposes: (input.declaredPurposes ?? cur.declaredPurposes).filter((id) => deps.inventory.purposes.some((p) => p.id === id)),
        updatedAt: clock.now(),
      });
      return repo.draft(db());
    },

    preview: () => preview(),

    /**
     * Publishes the draft as the next version. `confirm` must repeat what the publisher saw in the preview (the version
     * it follows, the inventory hash and the classification): if anything changed since, publishing is refused (409).
     * A major change queues the announcement (in-app message, SMS, email) in the same transaction (PP-6.1).
     */
    async publish(actor: { kind: 'staff'; ref: string }, confirm: { basedOn: number; inventoryHash: string; contentHash: string; classification: 'major' | 'minor' }): Promise<PolicyVersion> {
      const published = await db().transaction().execute(async (tx) => {
        // Serialise publishers: one lock row (the draft) per publication.
        await sql`select id from policy_drafts where id = 1 for update`.execute(tx);
        const p = await preview(tx);
        if (p.basedOn !== confirm.basedOn || p.inventoryHash !== confirm.inventoryHash || p.contentHash !== confirm.contentHash || p.classification !== confirm.classification) {
          throw new AppError(POLICY_PROBLEMS.draftChanged, { extensions: { basedOn: p.basedOn, inventoryHash: p.inventoryHash, contentHash: p.contentHash, classification: p.classification } });
        }
        if (p.changes.length === 0) throw new AppError(POLICY_PROBLEMS.nothingChanged);
        const version: PolicyVersion = {
          version: p.version,
          effectiveAt: clock.now(),
          classification: p.classification,
          document: p.document,
          contentHash: p.contentHash,
          inventoryHash: p.inventoryHash,
          snapshot: p.snapshot,
          changes: p.changes,
          changedPurposes: p.changedPurposes,
          ownershipChange: p.declarations.ownershipChange,
          highRiskPia: p.declarations.highRiskPia,
        };
        await repo.insert(tx, version);
        await setSetting(tx, version.version);
        const draft = await repo.draft(tx);
        // The declarations were about this publication; the prose stays as the base of the next draft.
        await repo.saveDraft(tx, { prose: draft.prose, ownershipChange: false, highRiskPia: false, declaredPurposes: [], updatedAt: clock.now() });
        await deps.audit?.record(tx, {
          actor,
          action: 'privacy.publish-policy',
          details: { version: version.version, classification: version.classification, changedPurposes: version.changedPurposes },
        });
        if (version.classification === 'major') await deps.jobs?.send(ANNOUNCE_JOB, { versionId: version.version }, { tx: tx as Transaction<any> });
        return version;
      });
      consents.invalidatePolicyCache();
      return published;
    },

    /**
     * Where a subject stands against the version in force: whether it has read/agreed to it (the red dot, the pop-up),
     * the changes since the version it last agreed to, and which purposes it had consented to that now need consent
     * again because their terms changed (PP-6.1).
     */
    async status(subject: Subject | null) {
      const current = await this.current();
      const base = {
        version: current.version,
        classification: current.classification,
        effectiveAt: current.effectiveAt,
        contentHash: current.contentHash,
      };
      if (!subject) return { ...base, acceptedVersion: null, read: false, accepted: false, changes: [] as (PolicyChange & { version: number })[], reconsent: [] as string[] };
      const { states } = await consents.listCurrent(subject);
      const acceptance = states.find((s) => s.purpose.id === POLICY_ACCEPTANCE);
      const acceptedVersion = acceptance?.latest?.granted ? acceptance.latest.policyVersion : null;
      const versions = acceptedVersion === null ? [] : (await repo.list(db())).filter((v) => v.version > acceptedVersion && v.version <= current.version);
      return {
        ...base,
        acceptedVersion,
        read: acceptedVersion !== null && acceptedVersion >= current.version,
        accepted: !!acceptance?.effective,
        changes: versions.reverse().flatMap((v) => v.changes.map((c) => ({ ...c, version: v.version }))),
        reconsent: states.filter((s) => s.purpose.id !== POLICY_ACCEPTANCE && s.latest?.granted && !s.effective).map((s) => s.purpose.id),
      };
    },

    /** Consent statistics per purpose and policy version: counts of subjects whose latest record is a grant/withdrawal. */
    async stats() {
      const rows = await sql<{ purpose_id: string; policy_version: number; granted: boolean; subject_kind: string; n: string }>`
        select purpose_id, policy_version, granted, subject_kind, count(*)::text as n from (
          select distinct on (subject_kind, subject_ref, purpose_id) subject_kind, purpose_id, policy_version, granted
          from consent_records order by subject_kind, subject_ref, purpose_id, created_at desc, id desc
        ) latest group by purpose_id, policy_version, granted, subject_kind order by purpose_id, policy_version`.execute(db());
      return rows.rows.map((r) => ({ purposeId: r.purpose_id, policyVersion: Number(r.policy_version), granted: r.granted, subjectKind: r.subject_kind as 'account' | 'device', count: Number(r.n) }));
    },
  };
}

export type PolicyService = ReturnType<typeof createPolicyService>;
