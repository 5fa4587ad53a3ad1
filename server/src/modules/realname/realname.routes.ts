// HTTP routes of real-name verification and guardian links. Handlers are thin: parse, authorise (config.access +
// citizenOf), call one service function, present.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { access } from '../../platform/http/access.ts';
import type { ConsentRecord } from '../privacy/index.ts';
import { MAX_FRAMES, MAX_FRAME_BYTES } from './frames.ts';
import type { MinorsService } from './minors.ts';
import { citizenOf } from './levels.ts';
import type { RealnameService } from './realname.service.ts';
import {
  acceptBody,
  acceptResponse,
  cardBody,
  faceBody,
  faceLoginBody,
  fullIdResponse,
  guardiansResponse,
  identityBody,
  invitationResponse,
  livenessChallengeResponse,
  linkParams,
  minorParams,
  purposeParams,
  statusResponse,
  wardConsentBody,
  wardConsentsResponse,
  wardsResponse,
  consentRecord,
} from './realname.schemas.ts';

const tags = ['realname'];
const FACE_BODY_LIMIT = MAX_FRAMES * Math.ceil((MAX_FRAME_BYTES * 4) / 3) + 16 * 1024;

const record = (r: ConsentRecord) => ({
  id: r.id,
  purposeId: r.purposeId,
  policyVersion: r.policyVersion,
  granted: r.granted,
  method: r.method,
  separate: r.separate,
  createdAt: r.createdAt.toISOString(),
});

export function realnameRoutes(service: RealnameService, minors: MinorsService) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();

    const status = async (accountId: string) => {
      const verified = await service.status(accountId);
      const guardians = (await minors.guardians({ kind: 'citizen', accountId, sessionId: '' })).length;
      const { level = 'none', ...rest } = verified ?? {};
      return {
        level,
        verified: verified ? (rest as Omit<typeof verified, 'level'>) : null,
        guardianNotice: !!verified && verified.ageBand !== 'adult',
        guardians,
      };
    };

    app.get('/api/v1/realname/me', {
      config: { access: access.citizen },
      schema: { tags, summary: 'My real-name level and verified identity (masked)', response: { 200: statusResponse } },
    }, async (req) => status(citizenOf(req.principal)));

    app.post('/api/v1/realname/id-check', {
      config: { access: access.citizen },
      schema: { tags, summary: 'ID check: name + ID number against the public-security register (PP-1.5, LAW-10)', body: identityBody, response: { 200: statusResponse } },
    }, async (req) => {
      await service.verifyId(req.principal, req.body);
      return status(citizenOf(req.principal));
    });

    // Public: face sign-in needs a challenge before anyone is signed in. It holds no PI, only the action order.
    app.post('/api/v1/realname/liveness-challenge', {
      config: { access: access.public },
      schema: { tags, summary: 'A one-time action challenge (眨眼/张嘴/摇头 in a random order, 2 minutes) for the next face capture', response: { 200: livenessChallengeResponse } },
    }, async () => {
      const c = await service.livenessChallenge();
      return { challengeId: c.challengeId, actions: c.actions, expiresAt: c.expiresAt.toISOString() };
    });

    app.post('/api/v1/realname/face', {
      config: { access: access.citizen },
      bodyLimit: FACE_BODY_LIMIT,
      schema: { tags, summary: 'Face verification: ID check + liveness frames matched to the register photo; images are not kept (PP-1.5)', body: faceBody, response: { 200: statusResponse } },
    }, async (req) => {
      await service.verifyFace(req.principal, req.body);
      return status(citizenOf(req.principal));
    });

    app.post('/api/v1/realname/bank-card', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Bank-card four-element verification; only the last four digits are kept (PP-1.6)', body: cardBody, response: { 200: statusResponse } },
    }, async (req) => {
      await service.verifyCard(req.principal, req.body);
      return status(citizenOf(req.principal));
    });

    app.get('/api/v1/realname/me/id-number', {
      config: { access: access.citizen },
      schema: { tags, summary: 'My full ID number; needs a fresh step-up (二次核身)', response: { 200: fullIdResponse } },
    }, async (req) => ({ idNumber: await service.fullIdNumber(req.principal) }));

    app.put('/api/v1/realname/face-login', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Turn face login on or off (face-verified accounts, with consent to real-name-face)', body: faceLoginBody, response: { 200: statusResponse } },
    }, async (req) => {
      await service.setFaceLogin(req.principal, req.body.enabled);
      return status(citizenOf(req.principal));
    });

    // Minors and guardians (PP-5.1, LAW-2)
    app.post('/api/v1/realname/guardian-invitations', {
      config: { access: access.citizen },
      schema: { tags, summary: 'A minor\u2019s account issues a one-time code for a guardian (valid 30 minutes)', response: { 201: invitationResponse } },
    }, async (req, reply) => reply.code(201).send(await minors.invite(req.principal)));

    app.get('/api/v1/realname/guardians', {
      config: { access: access.citizen },
      schema: { tags, summary: 'My guardians (for a minor\u2019s account)', response: { 200: guardiansResponse } },
    }, async (req) => ({ items: await minors.guardians(req.principal) }));

    app.delete('/api/v1/realname/guardians/:linkId', {
      config: { access: access.citizen },
      schema: { tags, summary: 'End a guardian link (either side)', params: linkParams, response: { 200: z.object({ ended: z.literal(true) }) } },
    }, async (req) => {
      await minors.unlink(req.principal, req.params.linkId);
      return { ended: true as const };
    });

    app.post('/api/v1/realname/wards', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Become a minor\u2019s guardian by entering their code (real-name-verified adults)', body: acceptBody, response: { 201: acceptResponse } },
    }, async (req, reply) => reply.code(201).send(await minors.accept(req.principal, req.body)));

    app.get('/api/v1/realname/wards', {
      config: { access: access.citizen },
      schema: { tags, summary: 'The minors I am guardian of', response: { 200: wardsResponse } },
    }, async (req) => ({ items: await minors.wards(req.principal) }));

    app.get('/api/v1/realname/wards/:minorAccountId/consents', {
      config: { access: access.citizen },
      schema: { tags, summary: 'A ward\u2019s consents (guardian only)', params: minorParams, response: { 200: wardConsentsResponse } },
    }, async (req) => {
      const { policyVersion, states } = await minors.wardConsents(req.principal, req.params.minorAccountId);
      return {
        policyVersion,
        items: states.map((s) => ({
          purposeId: s.purpose.id,
          purposeZh: s.purpose.nameZh,
          legalBasis: s.purpose.legalBasis,
          elements: s.purpose.elements,
          effective: s.effective,
          latest: s.latest ? record(s.latest) : null,
        })),
      };
    });

    app.post('/api/v1/realname/wards/:minorAccountId/consents', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Consent to a purpose on a ward\u2019s behalf (LAW-2)', params: minorParams, body: wardConsentBody, response: { 201: consentRecord } },
    }, async (req, reply) => reply.code(201).send(record(await minors.grantForWard(req.principal, req.params.minorAccountId, req.body.purposeId))));

    app.delete('/api/v1/realname/wards/:minorAccountId/consents/:purposeId', {
      config: { access: access.citizen },
      schema: { tags, summary: 'Withdraw a consent on a ward\u2019s behalf', params: purposeParams, response: { 200: consentRecord } },
    }, async (req) => record(await minors.withdrawForWard(req.principal, req.params.minorAccountId, req.params.purposeId)));
  };
}
