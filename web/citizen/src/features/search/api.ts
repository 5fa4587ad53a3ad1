// Typed calls of the search API (web/shared/api.d.ts is generated from the server routes).
import { api, type paths } from '../../../../shared/client.ts';
import { chosenDistrict } from './district.ts';

export type SearchResponse = paths['/api/v1/search']['get']['responses']['200']['content']['application/json'];
export type Hit = SearchResponse['items'][number];
export type Suggestion = paths['/api/v1/search/suggest']['get']['responses']['200']['content']['application/json']['suggestions'][number];
export type HistoryResponse = paths['/api/v1/search/history']['get']['responses']['200']['content']['application/json'];
export type Hot = paths['/api/v1/search/hot']['get']['responses']['200']['content']['application/json'];

export const searchApi = {
  // the district the citizen chose (district.ts) ranks its own items first; absent, none is sent
  search: (q: string, district = chosenDistrict()) => api.GET('/api/v1/search', { params: { query: { q, limit: 30, ...(district ? { district } : {}) } } }),
  suggest: (q: string, district = chosenDistrict()) => api.GET('/api/v1/search/suggest', { params: { query: { q, limit: 8, ...(district ? { district } : {}) } } }),
  hot: () => api.GET('/api/v1/search/hot'),
  /** whether a citizen is signed in (never 401): a guest has no history, so it is not even asked for */
  signedIn: () => api.GET('/api/v1/identity/session').then((r) => !!r.data?.signedIn),
  history: () => api.GET('/api/v1/search/history'),
  deleteOne: (id: string) => api.DELETE('/api/v1/search/history/{id}', { params: { path: { id } } }),
  deleteAll: () => api.DELETE('/api/v1/search/history'),
  setRecording: (enabled: boolean) => api.PUT('/api/v1/search/history/recording', { body: { enabled } }),
  click: (code: string) => api.POST('/api/v1/search/clicks', { body: { code } }),
};
