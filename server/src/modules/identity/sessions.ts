// Citizen sessions (issue #4 §2, ADR 0003): an opaque random token in an HttpOnly, SameSite=Lax cookie (Secure unless
// configured off for http://localhost development); the database keeps only its SHA-256. Idle and absolute
// timeouts come from configuration. CSRF: a state-changing request authenticated by the cookie must carry the
// `x-ntbt-csrf` header — a custom header a cross-site page cannot send without a CORS preflight this server never
// grants — otherwise it is refused with csrf-header-missing.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { OperationNodeSource } from 'kysely';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../../platform/clock.ts';
import type { Authenticator, Principal } from '../../platform/http/access.ts';
import { AppError } from '../../platform/http/problem.ts';
import { IDENTITY_PROBLEMS } from './identity.problems.ts';
import type { Executor, IdentityRepository, SessionRow, SignInMethod } from './identity.repository.ts';

export const SESSION_COOKIE = 'ntbt_sid';
export const DEVICE_COOKIE = 'ntbt_did';
export const CSRF_HEADER = 'x-ntbt-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** last_seen_at is written at most this often: reads stay reads */
const TOUCH_EVERY_MS = 60_000;

export interface SessionSettings {
  idleMs: number;
  absoluteMs: number;
  secureCookie: boolean;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export class Sessions {
  readonly settings: SessionSettings;
  readonly #repo: IdentityRepository;
  readonly #clock: Clock;

  constructor(deps: { repo: IdentityRepository; clock: Clock; settings: SessionSettings }) {
    this.#repo = deps.repo;
    this.#clock = deps.clock;
    this.settings = deps.settings;
  }

  /**
   * A new session: its token (for the cookie), its row, and the INSERT that stores it. The caller runs the insert in
   * the statement that records the sign-in (see SignInService: session, sign-in record and audit in one round trip).
   */
  prepare(input: { accountId: string; method: SignInMethod; deviceId: string | null; deviceLabel: string | null; ip: string | null; city: string | null }): {
    token: string;
    session: SessionRow;
    insert: (db: Executor) => OperationNodeSource;
  } {
    const now = this.#clock.now();
    const token = newToken();
    const session: SessionRow = {
      id: randomUUID(),
      account_id: input.accountId,
      token_hash: hashToken(token),
      method: input.method,
      device_id: input.deviceId,
      device_label: input.deviceLabel,
      ip_address: input.ip,
      city: input.city,
      created_at: now,
      last_seen_at: now,
      absolute_expires_at: new Date(now.getTime() + this.settings.absoluteMs),
      ended_at: null,
      end_reason: null,
    };
    return { token, session, insert: (db) => db.insertInto('account_sessions').values(session) };
  }

  isLive(s: SessionRow, now = this.#clock.now()): boolean {
    return !s.ended_at && s.absolute_expires_at > now && s.last_seen_at.getTime() + this.settings.idleMs > now.getTime();
  }

  /** The live session a request's cookie names, or null. */
  async fromRequest(request: FastifyRequest): Promise<SessionRow | null> {
    const token = request.cookies?.[SESSION_COOKIE];
    if (!token || token.length > 100) return null;
    const s = await this.#repo.sessionByTokenHash(hashToken(token));
    return s && this.isLive(s) ? s : null;
  }

  setCookie(reply: FastifyReply, token: string, session: SessionRow) {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      secure: this.settings.secureCookie,
      sameSite: 'lax',
      expires: session.absolute_expires_at,
    });
  }

  clearCookie(reply: FastifyReply) {
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure: this.settings.secureCookie, sameSite: 'lax' });
  }

  /** Pushed into compose()'s authenticator chain. */
  authenticator(): Authenticator {
    return {
      authenticate: async (request): Promise<Principal | null> => {
        // A browser may hold a citizen and a staff cookie at once: staff and partner routes are left to their own
        // authenticators, so the citizen session never shadows a staff one.
        const declared = request.routeOptions?.config?.access;
        if (declared && (declared.kind === 'staff' || declared.kind === 'partner')) return null;
        // The cookie authenticates the JSON API only (where the app sends the CSRF header). Server-rendered pages such
        // as the identity provider's sign-in screens are plain HTML form posts bound to their own interaction cookie:
        // they read the session through the provider port (currentSession), so a form post there is never refused
        // as csrf-header-missing just because the browser is also signed in to the citizen app.
        if (!request.url.startsWith('/api/')) return null;
        const s = await this.fromRequest(request);
        if (!s) return null;
        if (!SAFE_METHODS.has(request.method) && !request.headers[CSRF_HEADER]) throw new AppError(IDENTITY_PROBLEMS.csrf);
        const now = this.#clock.now();
        if (now.getTime() - s.last_seen_at.getTime() >= TOUCH_EVERY_MS) await this.#repo.touchSession(s.id, now);
        return { kind: 'citizen', accountId: s.account_id, sessionId: s.id };
      },
    };
  }
}
