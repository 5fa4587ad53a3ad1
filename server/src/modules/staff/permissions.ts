// The one permission vocabulary (`resource.action`) every module's staff routes use, and the roles the staff module
// seeds. PP-3.4 least privilege: a role holds only what its work needs; administrators manage accounts and roles but
// do not, by that alone, read citizens' requests or the audit trail.

export const PERMISSIONS = [
  'staff.manage',
  'roles.manage',
  'audit.read',
  'notifications.sandbox',
  'notifications.read',
  'catalogue.edit',
  'catalogue.publish',
  'hotline.intake',
  'hotline.dispatch',
  'hotline.handle',
  'hotline.approve',
  'hotline.callback',
  'hotline.stats',
  'privacy.requests',
  'privacy.policy',
  'privacy.incidents',
  'oidc.clients',
  'identity.support',
  'promotions.manage',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** What each permission lets a staff member do (shown in the roles & permissions page). */
export const PERMISSION_LABELS: Record<Permission, { zh: string; en: string }> = {
  'staff.manage': { zh: '管理工作人员账号', en: 'Manage staff accounts' },
  'roles.manage': { zh: '管理角色与权限', en: 'Manage roles and permissions' },
  'audit.read': { zh: '查看审计记录', en: 'Read the audit trail' },
  'notifications.sandbox': { zh: '查看短信沙箱', en: 'View the SMS sandbox' },
  'notifications.read': { zh: '查看消息投递状态(地址脱敏)', en: 'View message delivery state (masked addresses)' },
  'catalogue.edit': { zh: '编辑服务事项', en: 'Edit the service catalogue' },
  'catalogue.publish': { zh: '发布服务事项', en: 'Publish the service catalogue' },
  'hotline.intake': { zh: '12345受理登记', en: '12345 intake' },
  'hotline.dispatch': { zh: '12345派单', en: '12345 dispatch' },
  'hotline.handle': { zh: '诉求承办(本部门)', en: 'Handle requests (own department)' },
  'hotline.approve': { zh: '诉求审核(部门负责人)', en: 'Approve replies (department head)' },
  'hotline.callback': { zh: '12345回访', en: '12345 call-back' },
  'hotline.stats': { zh: '12345统计', en: '12345 statistics' },
  'privacy.requests': { zh: '处理个人信息权利请求', en: 'Handle data-subject requests' },
  'privacy.policy': { zh: '管理隐私政策', en: 'Manage the privacy policy' },
  'privacy.incidents': { zh: '个人信息安全事件', en: 'Privacy incidents' },
  'oidc.clients': { zh: '管理接入应用(统一身份认证)', en: 'Manage OIDC clients' },
  'identity.support': { zh: '账号支持(解锁、协助)', en: 'Account support' },
  'promotions.manage': { zh: '联合推广活动(创建、发布、向合作方提供参与者信息)', en: 'Joint promotions (create, publish, provide participants to the co-organiser)' },
};

export interface RoleDefinition {
  id: string;
  nameZh: string;
  nameEn: string;
  /** handler and department head work for one department: an organisation is required */
  scopedToOrganisation: boolean;
  permissions: Permission[];
}

export const ROLES = [
  { id: 'administrator', nameZh: '系统管理员', nameEn: 'Administrator', scopedToOrganisation: false, permissions: ['staff.manage', 'roles.manage', 'oidc.clients', 'notifications.sandbox', 'notifications.read'] },
  { id: 'dispatcher', nameZh: '12345派单员', nameEn: '12345 dispatcher', scopedToOrganisation: false, permissions: ['hotline.intake', 'hotline.dispatch', 'hotline.callback', 'hotline.stats'] },
  { id: 'handler', nameZh: '部门承办人', nameEn: 'Department handler', scopedToOrganisation: true, permissions: ['hotline.handle'] },
  { id: 'department-head', nameZh: '部门负责人', nameEn: 'Department head', scopedToOrganisation: true, permissions: ['hotline.handle', 'hotline.approve', 'hotline.stats'] },
  { id: 'privacy-officer', nameZh: '隐私办公室', nameEn: 'Privacy officer', scopedToOrganisation: false, permissions: ['privacy.requests', 'privacy.policy', 'privacy.incidents', 'audit.read'] },
  { id: 'security-officer', nameZh: '安全员', nameEn: 'Security officer', scopedToOrganisation: false, permissions: ['audit.read', 'privacy.incidents', 'identity.support', 'notifications.read'] },
  // the citizen app's content editors (市政务办) also run joint promotions (PP-2.4); every provision to a co-organiser
  // is in the sharing ledger under their staff id
  { id: 'catalogue-editor', nameZh: '事项编辑', nameEn: 'Catalogue editor', scopedToOrganisation: false, permissions: ['catalogue.edit', 'catalogue.publish', 'promotions.manage'] },
] as const satisfies readonly RoleDefinition[];

export type RoleId = (typeof ROLES)[number]['id'];

export function isPermission(p: string): p is Permission {
  return (PERMISSIONS as readonly string[]).includes(p);
}
