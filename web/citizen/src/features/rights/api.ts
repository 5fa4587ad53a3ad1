// Typed calls of the rights centre API (web/shared/api.d.ts is generated from the server routes).
import { api, type paths } from '../../../../shared/client.ts';

export type Profile = paths['/api/v1/rights/profile']['get']['responses']['200']['content']['application/json'];
export type ProfileItem = Profile['groups'][number]['items'][number];
export type RightsRequest = paths['/api/v1/rights/requests']['get']['responses']['200']['content']['application/json']['requests'][number];
export type ExportItem = paths['/api/v1/rights/exports']['get']['responses']['200']['content']['application/json']['exports'][number];
export type Statement = paths['/api/v1/rights/cancellation']['get']['responses']['200']['content']['application/json'];
export type Usage = paths['/api/v1/rights/usage']['get']['responses']['200']['content']['application/json'];
export type Feedback = paths['/api/v1/rights/feedback']['get']['responses']['200']['content']['application/json']['feedback'][number];

export const rightsApi = {
  profile: (reveal: boolean) => api.GET('/api/v1/rights/profile', { params: { query: { reveal: reveal ? '1' : '0' } } }),
  deleteItem: (table: string, key: string) => api.DELETE('/api/v1/rights/items/{table}/{key}', { params: { path: { table, key } } }),
  requests: () => api.GET('/api/v1/rights/requests'),
  request: (kind: 'delete-all' | 'delete-category', target: string | null = null) => api.POST('/api/v1/rights/requests', { body: { kind, target } }),
  exports: () => api.GET('/api/v1/rights/exports'),
  startExport: () => api.POST('/api/v1/rights/exports'),
  statement: () => api.GET('/api/v1/rights/cancellation'),
  cancel: (mode: 'app' | 'identity') => api.POST('/api/v1/rights/cancellation', { body: { mode, confirm: true } }),
  usage: () => api.GET('/api/v1/rights/usage'),
  feedback: () => api.GET('/api/v1/rights/feedback'),
  sendFeedback: (text: string, screenshot: string | null) => api.POST('/api/v1/rights/feedback', { body: { text, screenshot } }),
};
