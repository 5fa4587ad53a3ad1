// Inventory contribution of the incidents module (PP-3.5, LAW-8; migration 0110). The register, its steps and the
// regulator reports are staff-written accounts of an incident and hold no citizen PI (the service refuses text that
// looks like PI); which accounts an incident affected, and whether their notice went out, is PI about each of them.
import type { ModuleInventory } from './types.ts';

const cols = (table: string, names: string[]) => names.map((n) => `${table}.${n}`);
const staffText = 'staff-written incident text; the service refuses anything that looks like PI (mobile, ID, card number, e-mail)';

export const inventory: ModuleInventory = {
  storage: {
    'account-id': ['security_incident_subjects.account_id'],
  },
  elements: [
    {
      id: 'incident-involvement',
      nameZh: '个人信息安全事件涉及记录(受影响的事件及告知情况)',
      nameEn: 'Security incidents that affected you and how you were told',
      category: 'accountability',
      sensitive: false,
      storage: cols('security_incident_subjects', ['id', 'incident_id', 'added_at', 'added_by', 'outbox_id', 'sms_outbox_id', 'notified_at']),
      retention: 'while the account exists (proof that the affected person was told, PIPL art. 57); deleted on cancellation',
      protection: 'plain, access-controlled (privacy.incidents), every registration audited',
      clauses: ['PP-3.5', 'LAW-8'],
    },
  ],
  purposes: [
    {
      id: 'incident-response',
      nameZh: '个人信息安全事件处置与告知',
      nameEn: 'Responding to personal-information security incidents and telling those affected',
      elements: ['account-id', 'mobile', 'email', 'messages', 'incident-involvement'],
      legalBasis: 'legal-obligation',
      basisNote: 'PIPL art. 57 and 网络安全法 art. 42: the handler must take remedial measures, tell the affected individuals and report to the authorities',
      devicePermissions: [],
      refusalDegradesOnly: false,
      scenarioZh: '发生个人信息安全事件时，以站内信、短信告知受影响的您，或发布公告',
      clauses: ['PP-3.5', 'LAW-8'],
    },
  ],
  nonPersonal: {
    ...Object.fromEntries(cols('security_incidents', ['id', 'detected_at', 'opened_at', 'elements', 'severity', 'unreachable', 'status', 'report_due_at', 'notice_updated_at', 'public_notice_at', 'closed_at']).map((c) => [c, 'incident register fields: ids, times, codes, inventory element ids'])),
    ...Object.fromEntries(cols('security_incidents', ['title', 'summary', 'cause', 'possible_harm', 'notice']).map((c) => [c, staffText])),
    'security_incidents.opened_by': 'staff id of the officer who opened it (staff work record, audited); not citizen PI',
    ...Object.fromEntries(cols('security_incident_steps', ['id', 'incident_id', 'step', 'from_status', 'to_status', 'at']).map((c) => [c, 'response-plan step record: ids, codes, times'])),
    'security_incident_steps.staff_id': 'staff id of the officer who took the step (staff work record, audited); not citizen PI',
    'security_incident_steps.note': staffText,
    ...Object.fromEntries(cols('security_incident_reports', ['id', 'incident_id', 'recipient', 'reported_at', 'recorded_at']).map((c) => [c, 'regulator report record: ids, codes, times'])),
    'security_incident_reports.staff_id': 'staff id of the officer who recorded it (staff work record, audited); not citizen PI',
    'security_incident_reports.reference': 'the regulator\u2019s reference number; no PI',
    'security_incident_reports.report_text': 'generated from the register: counts of affected accounts, never who; ' + staffText,
  },
  subjectTables: [
    {
      table: 'security_incident_subjects', subjectColumn: 'account_id', elements: { 'incident-involvement': ['incident_id', 'added_at', 'notified_at'] },
      purpose: 'incident-response', scope: 'app', erasure: { mode: 'delete' }, order: 85,
    },
  ],
};
