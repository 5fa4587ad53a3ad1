// The privacy module: PI inventory as code, consent records, the purpose guard every other module calls before it
// touches PI, the published collection / sharing / SDK lists, and the policy lifecycle (issue #5): the policy generated
// from the inventory, immutable numbered versions, major-change detection, re-consent, announcements and receipts.
import type { AppModule } from '../../app.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import type { JobDefinition, Jobs } from '../../platform/jobs.ts';
import type { NotificationsService } from '../notifications/index.ts';
import { createConsentService, createPurposeGuard, type ConsentService, type PurposeGuard } from './consent.service.ts';
import { inventory as liveInventory, type Inventory } from './lists.ts';
import { privacyRoutes } from './routes.ts';
import { announceJobs, definePolicyTemplates, type ContactDirectory } from './policy/announce.ts';
import { createPolicyService, type AuditRecorder, type PolicyService } from './policy/policy.service.ts';
import { policyRoutes } from './policy/policy.routes.ts';
import { defaultProse } from './policy/prose.ts';
import { createReceipts, type Receipts } from './policy/receipts.ts';

export { PRIVACY_PROBLEMS, subjectOf, type Subject, type ConsentRecord, type ConsentService, type PurposeGuard } from './consent.service.ts';
export { DEVICE_ID_HEADER } from './routes.ts';
export { collectionList, sharingList, sdkList, sharingDeclarations, inboundDeclarations, jointPromotionList, jointPromotionDeclarations, type Inventory } from './lists.ts';
// PP-2.4: the joint-promotions sharing category (the most a promotion activity may provide)
export { JOINT_PROMOTION_CATEGORY, type SharingCategory } from './inventory/recipients.ts';
// PP-1.17 / PP-3.3: partners PI is received from, where PI is stored, the production residency check
export { INBOUND_SOURCES, inboundSourceById, type InboundSource } from './inventory/inbound.ts';
export { STORAGE_LOCATIONS, residencyProblems, type StorageLocation } from './inventory/jurisdiction.ts';
export { purposeById, type Purpose } from './inventory/purposes.ts';
// rights centre (issue #6): the inventory and the per-table subject declarations export and erasure run over
export { elementById, ELEMENTS, type PiElement } from './inventory/elements.ts';
export { MODULE_INVENTORIES, type ModuleInventory } from './inventory/modules/index.ts';
export type { SubjectTable, SubjectErasure } from './inventory/modules/types.ts';
export { POLICY_ACCEPTANCE, POLICY_PROBLEMS, renderVersion, type PolicyService } from './policy/policy.service.ts';
export { classifyChange, snapshotOf, type PolicyChange, type Classification } from './policy/changes.ts';
export { renderPolicy, toMarkdown, toHtml, type PolicyDocument } from './policy/render.ts';
export type { ContactDirectory } from './policy/announce.ts';

export interface PrivacyModule {
  module: AppModule;
  consents: ConsentService;
  guard: PurposeGuard;
  inventory: Inventory;
  policy: PolicyService;
  receipts: Receipts;
  /** announcement fan-out jobs (PP-6.1); main.ts defines them in the registry */
  jobs: JobDefinition<any>[];
  /** publishes version 1 from the inventory at first boot (idempotent) */
  seed(): Promise<void>;
  /** where announcements reach an account by SMS/email (the identity module, created after privacy, provides it) */
  useContacts(directory: ContactDirectory): void;
}

export function createPrivacyModule(deps: {
  database: Database;
  clock: Clock;
  logger?: { warn(obj: object, msg: string): void };
  /** the inventory the policy is rendered from; tests pass a test inventory */
  inventory?: Inventory;
  audit?: AuditRecorder;
  jobs?: Jobs;
  notifications?: NotificationsService;
  contacts?: ContactDirectory;
  /** Ed25519 PKCS#8 PEM for consent receipts (config.secrets.auditSigningKey); an ephemeral key when absent */
  receiptKey?: string;
}): PrivacyModule {
  const inventory = deps.inventory ?? liveInventory;
  const consents = createConsentService(deps);
  const guard = createPurposeGuard(consents);
  const policy = createPolicyService({ database: deps.database, clock: deps.clock, consents, inventory, audit: deps.audit, jobs: deps.jobs });
  const receipts = createReceipts(deps.receiptKey);
  if (deps.notifications) definePolicyTemplates();
  const lifecycle = policyRoutes({ policy, consents, receipts, clock: deps.clock, defaultProse });
  const base = privacyRoutes(consents);
  let contacts = deps.contacts;
  return {
    module: {
      name: 'privacy',
      tag: { name: 'privacy', description: '个人信息保护: consent records, purpose guard, published lists, the privacy policy and its versions' },
      routes: async (app) => {
        await base(app);
        await lifecycle(app);
      },
    },
    consents,
    guard,
    inventory,
    policy,
    receipts,
    jobs: deps.jobs ? announceJobs({ database: deps.database, jobs: deps.jobs, notifications: deps.notifications, contacts: () => contacts }) : [],
    seed: () => policy.seed(),
    useContacts: (d) => {
      contacts = d;
    },
  };
}
