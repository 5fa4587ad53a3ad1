// Inventory contribution of the oidc module (南通市统一身份认证平台, issue #9, migration 0090): the provider's
// sessions, grants and tokens (keyed by the account id), the registered relying parties (with a contact person of the
// receiving organisation) and the signing keys.
import type { ModuleInventory } from './types.ts';

const cols = (table: string, names: string[]) => names.map((n) => `${table}.${n}`);

export const inventory: ModuleInventory = {
  storage: {
    // the account index of every provider artefact; payloads hold the account id, granted scope/claim names, the
    // authentication methods and times — never a claim value (claims are read from the accounts port per release)
    'account-id': ['oidc_payloads.account_id', 'oidc_payloads.payload'],
  },
  elements: [
    {
      id: 'oidc-client-contact',
      subjects: 'staff',
      nameZh: '接入单位联系人联系方式',
      nameEn: 'Contact of the organisation operating a relying party',
      category: 'contact',
      sensitive: false,
      storage: ['oidc_clients.contact'],
      retention: 'while the client is registered',
      protection: 'plain, access-controlled (permission oidc.clients)',
      clauses: ['LAW-4'],
    },
    {
      id: 'oidc-authorizations',
      nameZh: '统一身份认证授权记录(已授权应用、授权范围、登录会话)',
      nameEn: 'Unified-identity authorisations (applications, granted scopes, sign-in sessions)',
      category: 'usage',
      sensitive: false,
      sensitiveNote: 'which applications a person uses the city account for; scope and claim names only, never values',
      storage: cols('oidc_payloads', ['model', 'id', 'client_id', 'grant_id', 'uid', 'user_code', 'expires_at', 'consumed_at']),
      retention: 'until it expires (tokens minutes, sessions 1 day, grants 180 days), the user withdraws it, or the account is cancelled (PP-4.5 b)',
      protection: 'plain, access-controlled; tokens are opaque random ids; deleted on revocation',
      clauses: ['PP-2.1', 'PP-4.4', 'PP-4.5'],
    },
  ],
  purposes: [
    {
      id: 'unified-identity',
      nameZh: '统一身份认证(使用南通百通帐号登录其他政务网站和应用)',
      nameEn: 'Unified city identity: signing in to other government websites and apps with this account',
      elements: ['account-id', 'oidc-authorizations', 'mobile', 'password'],
      legalBasis: 'contract',
      basisNote: 'the user asks to sign in to the application; providing its fields is separately consented on the consent screen (LAW-4)',
      devicePermissions: [],
      refusalDegradesOnly: true,
      scenarioZh: '在其他政务网站或应用点击“南通市统一身份认证登录”时',
      clauses: ['PP-2.1', 'PP-2.3', 'PP-4.5'],
    },
    {
      id: 'relying-party-administration',
      nameZh: '接入应用管理(接入单位联系人)',
      nameEn: 'Administering relying parties (contact of the connected organisation)',
      elements: ['oidc-client-contact'],
      legalBasis: 'contract',
      basisNote: 'the connection agreement between the platform and the organisation operating the application',
      devicePermissions: [],
      refusalDegradesOnly: false,
      scenarioZh: '管理员在管理后台登记接入应用时',
      clauses: ['LAW-4'],
    },
  ],
  nonPersonal: {
    'oidc_clients.client_id': 'identifier of a relying party (an organisation), not of a person',
    'oidc_clients.name': 'application name',
    'oidc_clients.organisation': 'organisation name',
    'oidc_clients.categories': 'sharing categories granted by policy',
    'oidc_clients.redirect_uris': 'application URLs',
    'oidc_clients.post_logout_redirect_uris': 'application URLs',
    'oidc_clients.backchannel_logout_uri': 'application URL',
    'oidc_clients.secret_wrapped': 'client credential, wrapped under the KEK',
    'oidc_clients.secret_kek_version': 'key version',
    'oidc_clients.secret_rotated_at': 'rotation time of a client credential',
    'oidc_clients.disabled_at': 'client state',
    'oidc_clients.created_at': 'registration time of a client',
    'oidc_signing_keys.kid': 'key id',
    'oidc_signing_keys.alg': 'algorithm',
    'oidc_signing_keys.private_wrapped': 'the provider\u2019s signing key, wrapped under the KEK',
    'oidc_signing_keys.kek_version': 'key version',
    'oidc_signing_keys.created_at': 'key creation time',
    'oidc_signing_keys.retired_at': 'key retirement time',
    'oidc_signing_keys.verify_until': 'end of key publication',
  },
  // Rights centre (issue #6): provider artefacts go with the unified identity account (mode b, with oidc.revokeAccount).
  subjectTables: [
    { table: 'oidc_payloads', subjectColumn: 'account_id', key: 'id', elements: { 'oidc-authorizations': ['model', 'client_id', 'expires_at'] }, purpose: 'unified-identity', scope: 'identity', erasure: { mode: 'delete' }, order: 5 },
  ],
};
