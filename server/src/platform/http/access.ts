// Deny by default: every route declares who may call it in `config.access`. A route without a declaration cannot be
// registered (the app refuses at boot), and test/routes-declare-access.test.ts walks the route table as a second guard.
// PP-3.4: least privilege — staff routes name the one permission they need.
export type Access =
  | { kind: 'public' }
  | { kind: 'citizen' }
  | { kind: 'staff'; permission: string }
  | { kind: 'partner'; scope: string };

export const access = {
  public: { kind: 'public' } as Access,
  citizen: { kind: 'citizen' } as Access,
  staff: (permission: string): Access => ({ kind: 'staff', permission }),
  partner: (scope: string): Access => ({ kind: 'partner', scope }),
};

/** Who is calling. Resolved from the request by the authenticator the accounts module provides. */
export type Principal =
  | { kind: 'citizen'; accountId: string; sessionId: string }
  | { kind: 'staff'; staffId: string; sessionId: string; permissions: ReadonlySet<string>; /** the department (organisations.id) a handler works for; null for city-wide roles */ organisationId?: string | null }
  | { kind: 'partner'; clientId: string; scopes: ReadonlySet<string> };

export interface Authenticator {
  authenticate(request: import('fastify').FastifyRequest): Promise<Principal | null>;
}

export const noAuthenticator: Authenticator = { authenticate: async () => null };

/** The first authenticator that recognises the request wins (citizen session cookie, staff session cookie, partner key…). */
export function chainAuthenticators(list: readonly Authenticator[]): Authenticator {
  return {
    async authenticate(request) {
      for (const a of list) {
        const p = await a.authenticate(request);
        if (p) return p;
      }
      return null;
    },
  };
}

export function isAccess(v: unknown): v is Access {
  if (!v || typeof v !== 'object') return false;
  const a = v as Record<string, unknown>;
  switch (a.kind) {
    case 'public':
    case 'citizen':
      return true;
    case 'staff':
      return typeof a.permission === 'string' && a.permission.length > 0;
    case 'partner':
      return typeof a.scope === 'string' && a.scope.length > 0;
    default:
      return false;
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** false: no platform security headers on this route (it answers with a provider's own, e.g. OIDC). */
    securityHeaders?: false;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}
