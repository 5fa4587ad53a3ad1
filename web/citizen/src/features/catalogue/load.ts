// A small loader hook for the catalogue pages: one request, its state, and a reload.
import { useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

export function useLoad<T>(load: () => Promise<{ data?: T; error?: unknown }>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [n, setN] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (r) => live && setState({ data: r.data, error: r.error, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export const isEn = (lang: string) => lang === 'en';

/** Whether a citizen is signed in on this browser (the identity session route never answers 401). null while asking. */
export function useSignedIn(): boolean | null {
  const [signedIn, setSignedIn] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    void import('../../../../shared/client.ts').then(({ api }) =>
      api.GET('/api/v1/identity/session').then(
        (r) => live && setSignedIn(!!r.data?.signedIn),
        () => live && setSignedIn(false),
      ),
    );
    return () => {
      live = false;
    };
  }, []);
  return signedIn;
}
