import { categoryById, claimsOfCategory, describeElement, claimToElement } from './oidc.claims.ts';
import type { ClientRow } from './oidc.repository.ts';

export function presentClient(row: ClientRow) {
  return {
    clientId: row.client_id,
    name: row.name,
    organisation: row.organisation,
    categories: row.categories.map((id) => {
      const c = categoryById(id);
      return { id, nameZh: c?.nameZh ?? id, fieldsZh: c ? claimsOfCategory(c).map((cl) => describeElement(claimToElement(cl)!).nameZh) : [] };
    }),
    redirectUris: row.redirect_uris,
    postLogoutRedirectUris: row.post_logout_redirect_uris,
    backchannelLogoutUri: row.backchannel_logout_uri,
    contact: row.contact,
    secretRotatedAt: new Date(row.secret_rotated_at).toISOString(),
    disabled: row.disabled_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}
