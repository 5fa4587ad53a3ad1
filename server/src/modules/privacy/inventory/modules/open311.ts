// Inventory contribution of the open311 module (issue #8 §8, migration 0100): partner clients (organisations, with a
// hashed api key) and the record of each partner submission — which request, from which partner, which contact
// elements the partner passed on (never their values: those are in hotline_requests, encrypted). PP-1.8, LAW-4.
import type { ModuleInventory } from './types.ts';

export const inventory: ModuleInventory = {
  storage: {
    // linked to the citizen through the request; provenance of the contact data (collected from that partner)
    'hotline-case-record': [
      'open311_submissions.token',
      'open311_submissions.request_id',
      'open311_submissions.client_id',
      'open311_submissions.contact_elements',
      'open311_submissions.created_at',
    ],
  },
  nonPersonal: {
    'open311_clients.client_id': 'identifier of a partner application (an organisation), not of a person',
    'open311_clients.name': 'application name',
    'open311_clients.organisation': 'organisation name',
    'open311_clients.key_hash': 'sha-256 of an organisation\u2019s api key (a credential of the application, not of a person)',
    'open311_clients.key_prefix': 'first characters of an api key, to tell keys apart',
    'open311_clients.scopes': 'what the api key allows',
    'open311_clients.created_at': 'registration time of a partner',
    'open311_clients.revoked_at': 'revocation time of a partner key',
  },
};
