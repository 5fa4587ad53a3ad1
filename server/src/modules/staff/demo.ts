// Demo staff, one per role (handlers for three departments), seeded once on a non-production start so that the
// console can be tried right away. Passwords and TOTP secrets are FIXED and published in the README ("Demo
// accounts"): add a secret to any authenticator app. Never seeded when NODE_ENV=production.
import type { NewAccount } from './accounts.service.ts';

export const DEMO_PASSWORD = 'Demo@Nantong2026';

export const DEMO_STAFF: readonly (Required<Pick<NewAccount, 'loginName' | 'displayName' | 'roles' | 'totpSecret'>> & { organisationId: string | null })[] = [
  { loginName: 'admin', displayName: '演示·系统管理员', roles: ['administrator'], organisationId: 'data', totpSecret: 'NTBTDEMOADMINAAAAAAAAAAAAAAAAAAA' },
  { loginName: 'dispatcher', displayName: '演示·12345派单员', roles: ['dispatcher'], organisationId: 'hotline-12345', totpSecret: 'NTBTDEMODISPATCHERAAAAAAAAAAAAAA' },
  { loginName: 'handler.housing', displayName: '演示·市住建局承办人', roles: ['handler'], organisationId: 'housing', totpSecret: 'NTBTDEMOHOUSINGAAAAAAAAAAAAAAAAA' },
  { loginName: 'handler.urban', displayName: '演示·市城管局承办人', roles: ['handler'], organisationId: 'urban-management', totpSecret: 'NTBTDEMOURBANAAAAAAAAAAAAAAAAAAA' },
  { loginName: 'handler.hrss', displayName: '演示·市人社局承办人', roles: ['handler'], organisationId: 'hrss', totpSecret: 'NTBTDEMOHRSSAAAAAAAAAAAAAAAAAAAA' },
  { loginName: 'head.housing', displayName: '演示·市住建局负责人', roles: ['department-head'], organisationId: 'housing', totpSecret: 'NTBTDEMOHEADHOUSINGAAAAAAAAAAAAA' },
  { loginName: 'privacy', displayName: '演示·隐私办公室', roles: ['privacy-officer'], organisationId: 'data', totpSecret: 'NTBTDEMOPRIVACYAAAAAAAAAAAAAAAAA' },
  { loginName: 'security', displayName: '演示·安全员', roles: ['security-officer'], organisationId: 'data', totpSecret: 'NTBTDEMOSECURITYAAAAAAAAAAAAAAAA' },
  { loginName: 'catalogue', displayName: '演示·事项编辑', roles: ['catalogue-editor'], organisationId: 'gov-services', totpSecret: 'NTBTDEMOCATALOGUEAAAAAAAAAAAAAAA' },
];
