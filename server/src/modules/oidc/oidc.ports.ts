// What the identity provider needs from the citizen-account modules (identity: sign-in and sessions; realname: the
// verified identity). main.ts wires these in; tests pass a fake. The OIDC module never reads their tables.
import type { FastifyRequest } from 'fastify';
import type { AccountClaims } from './oidc.claims.ts';

/** Authentication methods (RFC 8176 names) — reported as `amr`, never more than what really happened. */
export type Amr = 'pwd' | 'otp' | 'sms' | 'face' | 'hwk' | 'mfa';

export interface OidcAccountsPort {
  /** The citizen already signed in to the citizen app in this browser (cookie ntbt_sid), with how they signed in. */
  authenticate(request: FastifyRequest): Promise<{ accountId: string; amr: Amr[]; authTime?: Date } | null>;
  /** Password sign-in with the citizen app's credentials (login = mobile or account name). null when refused; the port
   * applies the citizen app's own lockout and abnormal-login rules. */
  verifyPassword(login: string, password: string, request: FastifyRequest): Promise<{ accountId: string } | null>;
  /** Step-up by SMS code to the account's mobile (acr urn:nt:loa:2). Absent → step-up is not offered. */
  sendStepUpCode?(accountId: string): Promise<void>;
  verifyStepUpCode?(accountId: string, code: string): Promise<boolean>;
  /** The verified identity and contact of an account, decrypted; null when the account no longer exists. */
  claimsOf(accountId: string): Promise<AccountClaims | null>;
  /** A masked label for the sign-in page ("138****0000"). */
  labelOf?(accountId: string): Promise<string>;
}

/** Used until the identity module is wired in: nobody can sign in through the provider. */
export const noAccounts: OidcAccountsPort = {
  authenticate: async () => null,
  verifyPassword: async () => null,
  claimsOf: async () => null,
};

/** Levels of assurance reported as `acr`. */
export const ACR = { password: 'urn:nt:loa:1', stepUp: 'urn:nt:loa:2' } as const;

/**
 * The port built from the identity and realname modules' public surfaces (main.ts). The citizen-app session is offered
 * for single sign-on only when identity can say how that session was authenticated (sessionAmr) — amr is never
 * guessed; password sign-in works once identity exposes verifyPassword.
 */
export function oidcAccountsFrom(d: {
  authenticator?: { authenticate(request: FastifyRequest): Promise<{ kind: string; accountId?: string; sessionId?: string } | null> };
  sessionAmr?: (sessionId: string) => Promise<Amr[] | null>;
  /** preferred: the citizen-app session of the request read without the API's CSRF-header rule (the provider's screens
   * are HTML form posts bound to the provider's own interaction cookie), with how and when it signed in */
  currentSession?: (request: FastifyRequest) => Promise<{ accountId: string; amr: Amr[]; authTime?: Date } | null>;
  verifyPassword?: OidcAccountsPort['verifyPassword'];
  sendStepUpCode?: OidcAccountsPort['sendStepUpCode'];
  verifyStepUpCode?: OidcAccountsPort['verifyStepUpCode'];
  contactOf: (accountId: string) => Promise<{ mobile: string } | null>;
  verifiedIdentity: (accountId: string) => Promise<{ realName: string; idNumber: string } | null>;
  levelOf: (accountId: string) => Promise<string>;
}): OidcAccountsPort {
  return {
    async authenticate(request) {
      if (d.currentSession) {
        const s = await d.currentSession(request);
        return s?.amr.length ? s : null;
      }
      if (!d.sessionAmr || !d.authenticator) return null;
      const p = await d.authenticator.authenticate(request);
      if (p?.kind !== 'citizen' || !p.accountId || !p.sessionId) return null;
      const amr = await d.sessionAmr(p.sessionId);
      return amr?.length ? { accountId: p.accountId, amr } : null;
    },
    verifyPassword: d.verifyPassword ?? (async () => null),
    ...(d.sendStepUpCode && d.verifyStepUpCode ? { sendStepUpCode: d.sendStepUpCode, verifyStepUpCode: d.verifyStepUpCode } : {}),
    async claimsOf(accountId) {
      const contact = await d.contactOf(accountId);
      if (!contact) return null; // cancelled or unknown: nothing is released, tokens stop working
      const identity = await d.verifiedIdentity(accountId);
      return {
        mobile: contact.mobile,
        realName: identity?.realName,
        idNumber: identity?.idNumber,
        idType: identity ? '居民身份证' : undefined,
        realNameStatus: await d.levelOf(accountId),
      };
    },
  };
}
