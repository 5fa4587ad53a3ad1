// HTTP routes of the staff module: sign-in/out and the session (public: they work without a session), the signed-in
// member's own security settings (public declaration + the handler requires a staff session, since every staff member
// may use them whatever their permissions), and administration (staff.manage / roles.manage).
//
// CSRF: the session cookie is SameSite=Strict, and in addition every state-changing request that carries it must send
// the header `x-ntbt-csrf: 1` (a cross-site form cannot set a custom header, and no CORS is enabled) and, when the
// browser sends an Origin, it must be this server's. The console's API client adds the header to every request.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access, type Authenticator, type Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { StaffAccounts } from './accounts.service.ts';
import type { StaffPasskeys } from './passkeys.service.ts';
import { PERMISSIONS, PERMISSION_LABELS } from './permissions.ts';
import type { StaffPrincipal, StaffSessions } from './sessions.service.ts';
import { SP } from './staff.problems.ts';
import { staffRepository as repo } from './staff.repository.ts';
import * as s from './staff.schemas.ts';

export const STAFF_COOKIE = 'ntbt_staff';
export const CSRF_HEADER = 'x-ntbt-csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RouteDeps {
  sessions: StaffSessions;
  accounts: StaffAccounts;
  passkeys: StaffPasskeys;
  cookieSecure: boolean;
  idleMinutes: number;
  absoluteMs: number;
}

function csrfOk(request: FastifyRequest): boolean {
  if (request.headers[CSRF_HEADER] !== '1') return false;
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/** Resolves the staff session cookie. A mutation without the CSRF header is not authenticated by the cookie (and a
 * staff-only route answers 403 staff-csrf-check-failed). */
export function staffAuthenticator(sessions: StaffSessions): Authenticator {
  return {
    async authenticate(request) {
      const token = request.cookies?.[STAFF_COOKIE];
      if (!token) return null;
      if (!SAFE.has(request.method) && !csrfOk(request)) {
        if (request.routeOptions.config?.access?.kind === 'staff') throw new AppError(SP.csrf);
        return null;
      }
      return sessions.authenticate(token);
    },
  };
}

function staffOf(p: Principal | null): StaffPrincipal {
  if (p?.kind !== 'staff') throw new AppError(P.unauthenticated);
  return p;
}
/** A coarse label of the signing-in browser for "my sessions": browser and OS family only (PP-1.10: no identifiers). */
export function deviceLabel(userAgent: string | undefined): string | null {
  const ua = (userAgent ?? '').slice(0, 512);
  if (!ua) return null;
  const browser = ua.match(/(Edg|Firefox|Chrome|Safari)\//)?.[1];
  const name = browser ? ({ Edg: 'Edge', Firefox: 'Firefox', Chrome: 'Chrome', Safari: 'Safari' } as Record<string, string>)[browser]! : null;
  let m: RegExpMatchArray | null;
  let os: string | null = null;
  if ((m = ua.match(/Windows NT (\d+\.\d+)/))) os = `Windows ${m[1]}`;
  else if ((m = ua.match(/Mac OS X (\d+[_.]\d+)/))) os = `macOS ${m[1]!.replace('_', '.')}`;
  else if ((m = ua.match(/Android (\d+(?:\.\d+)?)/))) os = `Android ${m[1]}`;
  else if (/iPhone|iPad/.test(ua)) os = 'iOS';
  else if (/Linux/.test(ua)) os = 'Linux';
  const label = [name, os].filter(Boolean).join(' · ');
  return label || '未知设备';
}

const actorOf = (p: Principal | null) => ({ kind: 'staff' as const, ref: staffOf(p).staffId });

export function staffRoutes(deps: RouteDeps) {
  const { sessions, accounts, passkeys } = deps;

  async function view(p: StaffPrincipal) {
    const staff = await repo.byId(sessions.deps.db, p.staffId);
    if (!staff) throw new AppError(P.unauthenticated);
    const roles = await repo.rolesOf(sessions.deps.db, p.staffId);
    const described = await accounts.describe(p.staffId);
    return {
      staffId: staff.id,
      loginName: staff.login_name,
      displayName: staff.display_name,
      permissions: [...p.permissions].sort(),
      roles: roles.map((r) => ({ id: r.id, nameZh: r.name_zh, nameEn: r.name_en })),
      organisationId: staff.organisation_id,
      organisationName: described?.organisationName ?? null,
      mustChangePassword: staff.password_must_change,
      idleMinutes: deps.idleMinutes,
    };
  }

  function setCookie(reply: FastifyReply, token: string) {
    reply.setCookie(STAFF_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.cookieSecure,
      path: '/api/', // only API calls need it (not pages or assets)
      maxAge: Math.floor(deps.absoluteMs / 1000),
    });
  }

  async function signedIn(reply: FastifyReply, result: { token: string; sessionId: string; staffId: string }) {
    setCookie(reply, result.token);
    const principal = await sessions.authenticate(result.token);
    return { signedIn: true, session: principal ? await view(principal) : null };
  }

  // Login CSRF: a cross-site page must not be able to sign the browser in to someone else's account either.
  const requireCsrf = (request: FastifyRequest) => {
    if (!csrfOk(request)) throw new AppError(SP.csrf);
  };

  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();
    const tags = ['staff'];

    app.get(
      '/api/v1/staff/session',
      { config: { access: access.public }, schema: { tags, summary: 'The signed-in staff member (signedIn false when none)', response: { 200: s.sessionResponse } } },
      async (request) => {
        const p = request.principal;
        return p?.kind === 'staff' ? { signedIn: true, session: await view(p) } : { signedIn: false, session: null };
      },
    );

    app.post(
      '/api/v1/staff/session',
      { config: { access: access.public }, schema: { tags, summary: 'Sign in with account, password and TOTP code', body: s.signInBody, response: { 200: s.sessionResponse } } },
      async (request, reply) => {
        requireCsrf(request);
        return signedIn(reply, await sessions.signIn(request.body, deviceLabel(request.headers['user-agent'])));
      },
    );

    app.delete(
      '/api/v1/staff/session',
      { config: { access: access.public }, schema: { tags, summary: 'Sign out (ends this session)', response: { 200: s.sessionResponse } } },
      async (request, reply) => {
        if (request.principal?.kind === 'staff') await sessions.signOut(request.principal);
        reply.clearCookie(STAFF_COOKIE, { path: '/api/' });
        return { signedIn: false, session: null };
      },
    );

    app.post(
      '/api/v1/staff/passkey/options',
      { config: { access: access.public }, schema: { tags, summary: 'WebAuthn options to sign in with a passkey', response: { 200: s.webauthnOptions } } },
      async (request) => {
        requireCsrf(request);
        return (await passkeys.authenticationOptions()) as unknown as Record<string, unknown>;
      },
    );

    app.post(
      '/api/v1/staff/passkey/session',
      { config: { access: access.public }, schema: { tags, summary: 'Sign in with a passkey assertion', body: s.passkeySignInBody, response: { 200: s.sessionResponse } } },
      async (request, reply) => {
        requireCsrf(request);
        return signedIn(reply, await passkeys.signIn(request.body.response as unknown as AuthenticationResponseJSON, deviceLabel(request.headers['user-agent'])));
      },
    );

    app.post(
      '/api/v1/staff/me/password',
      { config: { access: access.public }, schema: { tags, summary: 'Change my password (needs the current one; ends my other sessions)', body: s.changePasswordBody, response: { 200: s.ok } } },
      async (request) => {
        await sessions.changePassword(staffOf(request.principal), request.body.current, request.body.next);
        return { ok: true as const };
      },
    );

    // "My sessions": every signed-in staff member, whatever their roles (staffOf refuses anyone else), sees and ends
    // their own sessions only — PP-3.4 needs no permission to protect one's own account.
    app.get(
      '/api/v1/staff/me/sessions',
      { config: { access: access.public }, schema: { tags, summary: 'My active console sessions (device, signed-in time, last activity; the current one marked)', response: { 200: s.mySessionsResponse } } },
      async (request) => ({ items: await sessions.mySessions(staffOf(request.principal)) }),
    );

    app.delete(
      '/api/v1/staff/me/sessions/:id',
      { config: { access: access.public }, schema: { tags, summary: 'End one of my other sessions (audited); the current one ends by signing out', params: s.sessionIdParams, response: { 200: s.ok } } },
      async (request) => {
        await sessions.endMySession(staffOf(request.principal), request.params.id);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/v1/staff/me/passkeys',
      { config: { access: access.public }, schema: { tags, summary: 'My passkeys', response: { 200: s.passkeysResponse } } },
      async (request) => ({ items: await passkeys.list(staffOf(request.principal).staffId) }),
    );

    app.post(
      '/api/v1/staff/me/passkeys/options',
      { config: { access: access.public }, schema: { tags, summary: 'WebAuthn options to register a passkey', response: { 200: s.webauthnOptions } } },
      async (request) => (await passkeys.registrationOptions(staffOf(request.principal))) as unknown as Record<string, unknown>,
    );

    app.post(
      '/api/v1/staff/me/passkeys',
      { config: { access: access.public }, schema: { tags, summary: 'Register a passkey', body: s.registerPasskeyBody, response: { 200: s.passkey } } },
      async (request) =>
        passkeys.register(staffOf(request.principal), request.body.response as unknown as RegistrationResponseJSON, request.body.label),
    );

    app.delete(
      '/api/v1/staff/me/passkeys/:id',
      { config: { access: access.public }, schema: { tags, summary: 'Remove one of my passkeys', params: s.passkeyIdParams, response: { 200: s.ok } } },
      async (request) => {
        await passkeys.remove(staffOf(request.principal), request.params.id);
        return { ok: true as const };
      },
    );

    // --- administration ---
    app.get(
      '/api/v1/staff/accounts',
      { config: { access: access.staff('staff.manage') }, schema: { tags, summary: 'Staff accounts', response: { 200: s.accountsResponse } } },
      async () => ({ items: await accounts.list() }),
    );

    app.post(
      '/api/v1/staff/accounts',
      {
        config: { access: access.staff('staff.manage') },
        schema: { tags, summary: 'Create a staff account (returns a one-time password and the TOTP enrolment, shown once)', body: s.createAccountBody, response: { 201: s.issuedCredentials } },
      },
      async (request, reply) => {
        const issued = await accounts.create(actorOf(request.principal), request.body);
        return reply.code(201).send(presentIssued(issued));
      },
    );

    app.put(
      '/api/v1/staff/accounts/:id/roles',
      { config: { access: access.staff('staff.manage') }, schema: { tags, summary: 'Set a staff member’s roles and department', params: s.staffIdParams, body: s.setRolesBody, response: { 200: s.account } } },
      async (request) => accounts.setRoles(actorOf(request.principal), request.params.id, request.body.roles, request.body.organisationId),
    );

    for (const [verb, disabled] of [['disable', true], ['enable', false]] as const) {
      app.post(
        `/api/v1/staff/accounts/:id/${verb}`,
        { config: { access: access.staff('staff.manage') }, schema: { tags, summary: `${verb === 'disable' ? 'Disable' : 'Re-enable'} a staff account`, params: s.staffIdParams, response: { 200: s.account } } },
        async (request) => accounts.setDisabled(actorOf(request.principal), request.params.id, disabled),
      );
    }

    app.post(
      '/api/v1/staff/accounts/:id/reset-credentials',
      {
        config: { access: access.staff('staff.manage') },
        schema: { tags, summary: 'New one-time password and TOTP secret (also unlocks; ends the member’s sessions)', params: s.staffIdParams, response: { 200: s.issuedCredentials } },
      },
      async (request) => presentIssued(await accounts.resetCredentials(actorOf(request.principal), request.params.id)),
    );

    app.get(
      '/api/v1/staff/roles',
      { config: { access: access.staff('staff.manage') }, schema: { tags, summary: 'Roles and the permission vocabulary', response: { 200: s.rolesResponse } } },
      async () => ({ roles: await accounts.roles(), permissions: PERMISSIONS.map((id) => ({ id, ...PERMISSION_LABELS[id] })) }),
    );

    app.put(
      '/api/v1/staff/roles/:id/permissions',
      { config: { access: access.staff('roles.manage') }, schema: { tags, summary: 'Set a role’s permissions', params: s.roleIdParams, body: s.setPermissionsBody, response: { 200: s.setPermissionsBody.extend({ roleId: s.roleIdParams.shape.id }) } } },
      async (request) => accounts.setRolePermissions(actorOf(request.principal), request.params.id, request.body.permissions),
    );
  };
}

// The TOTP secret itself is not in the response: the otpauth URI (and its QR code) carries it once, for enrolment.
function presentIssued(i: Awaited<ReturnType<StaffAccounts['create']>>) {
  return { staffId: i.staffId, loginName: i.loginName, oneTimePassword: i.oneTimePassword, totp: { otpauthUri: i.totp.otpauthUri, qrDataUrl: i.totp.qrDataUrl } };
}
