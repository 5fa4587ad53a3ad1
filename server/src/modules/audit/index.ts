export { AuditService, AUDIT_CHAINS, assertNoPI, type AuditEntry, type AuditServiceOptions, type RecordedAudit } from './audit.service.ts';
export { auditRepository, type ActorKind, type AuditRecordRow, type AuditLinkRow } from './audit.repository.ts';
export { verify, type VerifyResult, type ChainBreak, type BreakReason } from './verify.ts';
export { linkHash, canonicalJson, GENESIS } from './hash.ts';
