// Client state of the realname feature: the caller's status, the last verification result (shown by the result page),
// and the consent check for the two real-name purposes. All calls go through the typed API client.
import { useEffect, useState } from 'react';
import { api } from '../../../../shared/client.ts';

export type Level = 'none' | 'id-verified' | 'face-verified' | 'card-verified';
export type Status = NonNullable<Awaited<ReturnType<typeof loadStatus>>['data']>;
export type RealnamePurpose = 'real-name-face' | 'real-name-bank-card';

export interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  status?: number;
  retryable?: boolean;
  purpose?: string;
}

export const problemName = (p: Problem | null | undefined) => (p?.type ?? '').replace(/^\/problems\//, '');
/** The sentence to show: the server's precise detail (e.g. which part of the ID number is wrong), else its title. */
export const problemText = (p: Problem | null | undefined, fallback: string) => p?.detail ?? p?.title ?? fallback;

export function loadStatus() {
  return api.GET('/api/v1/realname/me');
}

/** `undefined` while loading, `null` when signed out. */
export function useStatus(): [Status | null | undefined, () => void] {
  const [status, setStatus] = useState<Status | null | undefined>(undefined);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    loadStatus().then(
      ({ data }) => live && setStatus(data ?? null),
      () => live && setStatus(null),
    );
    return () => {
      live = false;
    };
  }, [tick]);
  return [status, () => setTick((n) => n + 1)];
}

/** Is there an effective consent to `purpose` for the signed-in account? */
export async function hasConsent(purpose: RealnamePurpose): Promise<boolean> {
  const { data } = await api.GET('/api/v1/privacy/consents');
  return !!data?.items.find((i) => i.purposeId === purpose)?.effective;
}

/** LAW-1: separate consent, recorded by the privacy module. */
export async function grantConsent(purpose: RealnamePurpose): Promise<boolean> {
  const { response } = await api.POST('/api/v1/privacy/consents', { body: { purposeId: purpose, separate: true, method: 'tap' } });
  return response.status === 201;
}

// The last result, for the result page (kept in memory only: it may describe the identity).
let last: { ok: true; status: Status } | { ok: false; problem: Problem; retryPath: string } | null = null;
export const setResult = (r: typeof last) => {
  last = r;
};
export const lastResult = () => last;
