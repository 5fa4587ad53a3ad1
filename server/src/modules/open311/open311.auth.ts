// Partner clients authenticate with the GeoReport v2 `api_key` (form field of POST requests, or query parameter;
// `X-Api-Key` header too). Keys are stored hashed; a revoked key is unknown. The principal carries the client's scopes
// (e.g. 'open311.submit'), which routes check through config.access = access.partner(scope).
import type { Database } from '../../platform/db/database.ts';
import type { Authenticator, Principal } from '../../platform/http/access.ts';
import { open311Repository as repo } from './open311.repository.ts';

export const SUBMIT_SCOPE = 'open311.submit';

/** The api_key a request carries, if any (body wins over query over header). */
export function apiKeyOf(request: { body?: unknown; query?: unknown; headers: Record<string, unknown> }): string | null {
  const pick = (o: unknown) => (o && typeof o === 'object' && typeof (o as Record<string, unknown>).api_key === 'string' ? ((o as Record<string, unknown>).api_key as string) : null);
  const header = request.headers['x-api-key'];
  const key = pick(request.body) ?? pick(request.query) ?? (typeof header === 'string' ? header : null);
  // keys are short printable strings; anything else cannot be one (and is not worth a query)
  return key && key.length >= 16 && key.length <= 128 ? key : null;
}

export function partnerAuthenticator(database: Pick<Database, 'db'>): Authenticator {
  return {
    async authenticate(request): Promise<Principal | null> {
      const key = apiKeyOf(request as never);
      if (!key) return null;
      const client = await repo.clientByKey(database.db, key);
      return client ? { kind: 'partner', clientId: client.client_id, scopes: new Set(client.scopes) } : null;
    },
  };
}
