// Inventory contribution of the policy lifecycle (issue #5, migration 0070). Published versions and the draft hold the
// policy text and the inventory snapshot — about the platform, never about a person. Who published is in the audit
// trail, not here; who consented to which version is in consent_records (consent-history).
import type { ModuleInventory } from './types.ts';

const VERSION = 'published privacy-policy version (text and inventory snapshot about the platform, no personal data)';
const DRAFT = 'the privacy office\u2019s draft of the next policy version (policy text only; the editor is in the audit trail)';

export const inventory: ModuleInventory = {
  storage: {},
  elements: [],
  nonPersonal: {
    'policy_versions.version': VERSION,
    'policy_versions.effective_at': VERSION,
    'policy_versions.classification': VERSION,
    'policy_versions.content_hash': VERSION,
    'policy_versions.inventory_hash': VERSION,
    'policy_versions.document': VERSION,
    'policy_versions.snapshot': VERSION,
    'policy_versions.changes': VERSION,
    'policy_versions.changed_purposes': VERSION,
    'policy_versions.ownership_change': VERSION,
    'policy_versions.high_risk_pia': VERSION,
    'policy_drafts.id': DRAFT,
    'policy_drafts.prose': DRAFT,
    'policy_drafts.ownership_change': DRAFT,
    'policy_drafts.high_risk_pia': DRAFT,
    'policy_drafts.updated_at': DRAFT,
    'policy_drafts.declared_purposes': DRAFT,
  },
};
