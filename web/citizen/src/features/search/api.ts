// Typed calls of the search API (web/shared/api.d.ts is generated from the server routes).
import { api, type paths } from '../../../../shared/client.ts';

export type SearchResponse = paths['/api/v1/search']['get']['responses']['200']['content']['application/json'];
export type Hit = SearchResponse['items'][number];
export type Suggestion = paths['/api/v1/search/suggest']['get']['responses']['200']['content']['application/json']['suggestions'][number];
export type HistoryResponse = paths['/api/v1/search/history']['get']['responses']['200']['content']['application/json'];
export type Hot = paths['/api/v1/search/hot']['get']['responses']['200']['content']['application/json'];

export const searchApi = {
  search: (q: string) => api.GET('/api/v1/search', { params: { query: { q, limit: 30 } } }),
  suggest: (q: string) => api.GET('/api/v1/search/suggest', { params: { query: { q, limit: 8 } } }),
  hot: () => api.GET('/api/v1/search/hot'),
  /** 401 for a guest: there is no history without an account */
  history: () => api.GET('/api/v1/search/history'),
  deleteOne: (id: string) => api.DELETE('/api/v1/search/history/{id}', { params: { path: { id } } }),
  deleteAll: () => api.DELETE('/api/v1/search/history'),
  setRecording: (enabled: boolean) => api.PUT('/api/v1/search/history/recording', { body: { enabled } }),
  click: (code: string) => api.POST('/api/v1/search/clicks', { body: { code } }),
};
