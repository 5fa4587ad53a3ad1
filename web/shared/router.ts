// A tiny path router shared by both apps: the server answers every page path with index.html, the app reads
// location.pathname. Patterns use `:name` segments (`/services/:code`).
import { useSyncExternalStore } from 'react';

function subscribe(cb: () => void) {
  window.addEventListener('popstate', cb);
  return () => window.removeEventListener('popstate', cb);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
}

export function navigate(to: string, { replace = false } = {}) {
  if (window.location.pathname + window.location.search !== to) {
    if (replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
  }
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** `match('/services/:code', '/services/320600-001')` → `{ code: '320600-001' }`; null when it does not match. */
export function match(pattern: string, pathname: string): Record<string, string> | null {
  const clean = (s: string) => (s.split('?')[0]!.replace(/\/+$/, '') || '/').split('/');
  const p = clean(pattern);
  const a = clean(pathname);
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(':')) params[p[i]!.slice(1)] = decodeURIComponent(a[i]!);
    else if (p[i] !== a[i]) return null;
  }
  return params;
}

export function queryParam(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}
