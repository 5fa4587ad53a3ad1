// Typed calls of the joint-promotions API (web/shared/api.d.ts is generated from the server routes).
import { api, type paths } from '../../../../shared/client.ts';

export type Activity = paths['/api/v1/promotions/{id}']['get']['responses']['200']['content']['application/json'];
export type Participation = paths['/api/v1/promotions/mine']['get']['responses']['200']['content']['application/json']['items'][number];

export const promotionsApi = {
  list: () => api.GET('/api/v1/promotions'),
  get: (id: string) => api.GET('/api/v1/promotions/{id}', { params: { path: { id } } }),
  mine: () => api.GET('/api/v1/promotions/mine'),
  /** PP-2.4: sends back the categories the page showed; the server refuses if they are not the activity's */
  join: (id: string, sharedElements: string[]) => api.POST('/api/v1/promotions/{id}/join', { params: { path: { id } }, body: { sharedElements } }),
  leave: (id: string) => api.DELETE('/api/v1/promotions/{id}/join', { params: { path: { id } } }),
};

/** The problem+json body of a failed call (the generated types declare success responses only). */
export function problemOf(res: unknown): { type?: string; title?: string } | undefined {
  return (res as { error?: { type?: string; title?: string } }).error;
}
