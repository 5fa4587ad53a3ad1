// Typed calls of the ecards API (web/shared/api.d.ts is generated from the server routes).
import { api, type paths } from '../../../../shared/client.ts';

export type Kind = paths['/api/v1/ecards/kinds']['get']['responses']['200']['content']['application/json']['kinds'][number];
export type CardView = paths['/api/v1/ecards']['get']['responses']['200']['content']['application/json']['cards'][number];
export type AddBody = paths['/api/v1/ecards']['post']['requestBody']['content']['application/json'];

export const PURPOSE = 'ecard-reminders';
/** PP-1.17: the citizen's authorisation for a card's issuing department to provide it (one per department) */
export const fetchPurpose = (issuer: string) => `ecard-fetch-${issuer}`;

export const ecardsApi = {
  kinds: () => api.GET('/api/v1/ecards/kinds'),
  list: () => api.GET('/api/v1/ecards'),
  get: (id: string) => api.GET('/api/v1/ecards/{id}', { params: { path: { id } } }),
  add: (body: AddBody) => api.POST('/api/v1/ecards', { body }),
  fetchFromIssuer: (kind: AddBody['kind']) => api.POST('/api/v1/ecards/fetch', { body: { kind } }),
  refreshFromIssuer: (id: string) => api.POST('/api/v1/ecards/{id}/refresh', { params: { path: { id } } }),
  reveal: (id: string) => api.POST('/api/v1/ecards/{id}/reveal', { params: { path: { id } } }),
  qr: (id: string) => api.POST('/api/v1/ecards/{id}/qr', { params: { path: { id } } }),
  remove: (id: string) => api.DELETE('/api/v1/ecards/{id}', { params: { path: { id } } }),
};

/** The problem+json body of a failed call (the generated types declare success responses only). */
export function problemOf(res: unknown): { type?: string; title?: string } | undefined {
  return (res as { error?: { type?: string; title?: string } }).error;
}
