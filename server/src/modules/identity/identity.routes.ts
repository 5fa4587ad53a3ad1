// HTTP routes of the identity module, under /api/v1/identity. Thin: parse, authorise, one service call, present.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { access } from '../../platform/http/access.ts';
import { citizenOf, type AccountService } from './account.service.ts';
import { presentAccount, presentEvent, presentIssued, presentSession } from './identity.presenter.ts';
import * as s from './identity.schemas.ts';
import { DEVICE_COOKIE, type Sessions } from './sessions.ts';
import type { RequestContext, SignedIn, SignInService } from './signin.service.ts';
import type { StepUp } from './stepup.ts';
import { z } from 'zod';

const TAG = ['identity'];

/** three liveness frames of at most 512 KiB each, base64, plus the rest of the body */
const FACE_BODY_LIMIT = 3 * Math.ceil((512 * 1024 * 4) / 3) + 16 * 1024;

export interface RouteDeps {
  signIn: SignInService;
  accounts: AccountService;
  sessions: Sessions;
  stepUp: StepUp;
  trustProxy: boolean;
  faceOffered: () => boolean;
  /** PP-0.1: carries this device's acceptance of the policy in force over to the signed-in account (policy-carry.ts) */
  carryPolicy?: (principal: FastifyRequest['principal'], deviceId: string) => Promise<{ outcome: string }>;
}

/** Where a sign-in request comes from. TRUST_PROXY: only behind our own reverse proxy is X-Forwarded-For believed. */
export function requestContext(request: FastifyRequest, trustProxy: boolean, deviceConsent: boolean): RequestContext {
  return {
    ip: (trustProxy ? request.ip : request.socket.remoteAddress) ?? null,
    userAgent: request.headers['user-agent'],
    deviceCookie: request.cookies?.[DEVICE_COOKIE],
    deviceConsent,
  };
}

export function identityRoutes(d: RouteDeps) {
  const context = (request: FastifyRequest, deviceConsent: boolean) => requestContext(request, d.trustProxy, deviceConsent);

  const signedIn = async (reply: FastifyReply, r: SignedIn) => {
    d.sessions.setCookie(reply, r.token, r.session);
    if (r.newDeviceCookie) {
      reply.setCookie(DEVICE_COOKIE, r.newDeviceCookie, { path: '/', httpOnly: true, secure: d.sessions.settings.secureCookie, sameSite: 'lax', maxAge: 365 * 86_400 });
    }
    const account = await d.accounts.me({ kind: 'citizen', accountId: r.accountId, sessionId: r.session.id });
    return { account: presentAccount(account), abnormal: r.abnormal };
  };

  return async (scoped: FastifyInstance) => {
    const app = scoped.withTypeProvider<ZodTypeProvider>();
    const pub = { access: access.public };
    const cit = { access: access.citizen };

    app.get(
      '/api/v1/identity/session',
      { config: pub, schema: { tags: TAG, summary: 'Who is signed in on this browser (never 401: guests get signedIn=false)', response: { 200: s.sessionState } } },
      async (request) => {
        const p = request.principal;
        const account = p?.kind === 'citizen' ? presentAccount(await d.accounts.me(p)) : null;
        return { signedIn: !!account, account, faceLogin: d.faceOffered() };
      },
    );

    app.post(
      '/api/v1/identity/codes',
      { config: pub, schema: { tags: TAG, summary: 'Send a 6-digit SMS code (registration, SMS sign-in, password reset)', body: s.codeRequest, response: { 200: s.issuedCode } } },
      async (request) => presentIssued(await d.signIn.requestCode(request.body.purpose, request.body.mobile)),
    );

    app.post(
      '/api/v1/identity/register',
      { config: pub, schema: { tags: TAG, summary: 'PP-1.2 register: account name, verified mobile, password; signs in', body: s.registerRequest, response: { 200: s.signedInResponse } } },
      async (request, reply) => signedIn(reply, await d.signIn.register(request.body, context(request, request.body.deviceConsent))),
    );

    app.post(
      '/api/v1/identity/login/password',
      { config: pub, schema: { tags: TAG, summary: 'Sign in with account name or mobile and password', body: s.passwordLoginRequest, response: { 200: s.signedInResponse } } },
      async (request, reply) => signedIn(reply, await d.signIn.loginWithPassword(request.body, context(request, request.body.deviceConsent))),
    );

    app.post(
      '/api/v1/identity/login/code',
      { config: pub, schema: { tags: TAG, summary: 'Sign in with an SMS code', body: s.codeLoginRequest, response: { 200: s.signedInResponse } } },
      async (request, reply) => signedIn(reply, await d.signIn.loginWithCode(request.body, context(request, request.body.deviceConsent))),
    );

    app.post(
      '/api/v1/identity/login/face',
      // the liveness frames (up to 3 JPEG stills) exceed the default 1 MB body limit
      { config: pub, bodyLimit: FACE_BODY_LIMIT, schema: { tags: TAG, summary: 'Sign in by face through the liveness flow: frames answering the face service\'s action challenge (accounts that completed face verification and consented)', body: s.faceLoginRequest, response: { 200: s.signedInResponse } } },
      async (request, reply) => signedIn(reply, await d.signIn.loginWithFace(request.body, context(request, request.body.deviceConsent))),
    );

    app.post(
      '/api/v1/identity/password/reset',
      { config: pub, schema: { tags: TAG, summary: 'Reset a forgotten password with an SMS code; ends all sessions and signs in', body: s.resetRequest, response: { 200: s.signedInResponse } } },
      async (request, reply) => signedIn(reply, await d.signIn.resetPassword(request.body, context(request, request.body.deviceConsent))),
    );

    app.post(
      '/api/v1/identity/logout',
      { config: pub, schema: { tags: TAG, summary: 'End this browser’s session', response: { 200: s.ok } } },
      async (request, reply) => {
        const p = request.principal;
        if (p?.kind === 'citizen') await d.accounts.endSession(p, p.sessionId, 'logout');
        d.sessions.clearCookie(reply);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/identity/policy-acceptance/from-device',
      {
        config: cit,
        schema: {
          tags: TAG,
          summary: 'PP-0.1 after sign-in: the policy version this device just accepted counts for my account (if the account has not accepted it)',
          headers: z.object({ 'x-device-id': z.string().regex(/^[A-Za-z0-9_-]{16,128}$/) }),
          response: { 200: z.object({ outcome: z.enum(['carried', 'account-already-accepted', 'device-not-accepted', 'account-refused']) }) },
        },
      },
      async (request) => {
        if (!d.carryPolicy) return { outcome: 'device-not-accepted' as const };
        return (await d.carryPolicy(request.principal, request.headers['x-device-id'])) as { outcome: 'carried' | 'account-already-accepted' | 'device-not-accepted' | 'account-refused' };
      },
    );

    app.post(
      '/api/v1/identity/not-me',
      { config: pub, schema: { tags: TAG, summary: '这不是我: end the session an abnormal-login alert reported and require a password reset', body: s.disownRequest, response: { 200: s.ok } } },
      async (request) => {
        await d.accounts.disown(request.body.token);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/v1/identity/sessions',
      { config: cit, schema: { tags: TAG, summary: 'My signed-in sessions and devices', response: { 200: s.sessionsResponse } } },
      async (request) => ({ items: (await d.accounts.sessions(citizenOf(request.principal))).map(presentSession) }),
    );

    app.delete(
      '/api/v1/identity/sessions/:id',
      { config: cit, schema: { tags: TAG, summary: 'End one of my sessions', params: s.idParams, response: { 200: s.ok } } },
      async (request) => {
        await d.accounts.endSession(citizenOf(request.principal), request.params.id);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/v1/identity/login-history',
      { config: cit, schema: { tags: TAG, summary: 'My recent sign-ins and failed attempts (PP-1.18)', response: { 200: s.historyResponse } } },
      async (request) => ({ items: (await d.accounts.history(citizenOf(request.principal))).map(presentEvent) }),
    );

    app.get(
      '/api/v1/identity/step-up',
      { config: cit, schema: { tags: TAG, summary: 'Whether this session has a fresh step-up proof, and the methods on offer', response: { 200: s.stepUpState } } },
      async (request) => {
        const p = citizenOf(request.principal);
        return { fresh: await d.stepUp.isFresh(p), methods: await d.stepUp.methods(p.accountId) };
      },
    );

    app.post(
      '/api/v1/identity/step-up/code',
      { config: cit, schema: { tags: TAG, summary: 'Send a step-up code to my bound mobile', response: { 200: s.issuedCode } } },
      async (request) => presentIssued(await d.accounts.requestStepUpCode(citizenOf(request.principal))),
    );

    app.post(
      '/api/v1/identity/step-up',
      { config: cit, bodyLimit: FACE_BODY_LIMIT, schema: { tags: TAG, summary: '二次核身: prove it is me (SMS code, or face through the liveness flow); valid 5 minutes on this session', body: s.stepUpProof, response: { 200: s.ok } } },
      async (request) => {
        const p = citizenOf(request.principal);
        const b = request.body;
        if (b.method === 'sms') await d.accounts.proveBySms(p, b.challengeId, b.code);
        else await d.accounts.proveByFace(p, { challengeId: b.challengeId, frames: b.frames });
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/identity/password',
      { config: cit, schema: { tags: TAG, summary: 'Change my password (needs step-up); ends my other sessions', body: s.changePasswordRequest, response: { 200: s.ok } } },
      async (request) => {
        await d.accounts.changePassword(citizenOf(request.principal), request.body.newPassword);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/identity/mobile/code',
      { config: cit, schema: { tags: TAG, summary: 'Send a code to my new mobile number (needs step-up)', body: s.mobileCodeRequest, response: { 200: s.issuedCode } } },
      async (request) => presentIssued(await d.accounts.requestMobileChangeCode(citizenOf(request.principal), request.body.mobile)),
    );

    app.post(
      '/api/v1/identity/mobile',
      { config: cit, schema: { tags: TAG, summary: 'Change my mobile number (needs step-up and the code sent to the new number)', body: s.changeMobileRequest, response: { 200: s.ok } } },
      async (request) => {
        await d.accounts.changeMobile(citizenOf(request.principal), request.body);
        return { ok: true as const };
      },
    );
  };
}
