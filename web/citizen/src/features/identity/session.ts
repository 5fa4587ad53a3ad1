// Who is signed in, as the citizen app sees it: GET /api/v1/identity/session (the cookie is HttpOnly, so only the
// server knows). One shared store, so that sign-in, sign-out and every page see the same state.
//
// CSRF (ADR 0003): every request of the API client carries `x-ntbt-csrf: 1`; the server refuses a state-changing
// request authenticated by the session cookie without it — a cross-site form or image cannot add a header.
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../../../../shared/client.ts';

api.use({
  onRequest({ request }) {
    request.headers.set('x-ntbt-csrf', '1');
    return request;
  },
});

export interface Account {
  accountId: string;
  accountName: string;
  mobileMasked: string;
  passwordChangedAt: string;
  stepUpMethods: ('sms' | 'face')[];
}

export interface SessionState {
  /** true until the first answer */
  loading: boolean;
  account: Account | null;
  /** face sign-in is offered on this platform */
  faceLogin: boolean;
}

export interface Problem {
  type?: string;
  title?: string;
  detail?: string;
  status?: number;
  [k: string]: unknown;
}

export const problemName = (p: unknown) => String((p as Problem | null)?.type ?? '').replace(/^\/problems\//, '');
export const problemTitle = (p: unknown, fallback: string) => (p as Problem | null)?.title ?? fallback;

let state: SessionState = { loading: true, account: null, faceLogin: false };
let started = false;
const listeners = new Set<() => void>();
/** told when the signed-in account changes (sign-in, sign-out, another account) — not on the first answer */
const changeListeners = new Set<(account: Account | null) => void>();
const set = (next: SessionState) => {
  const before = state;
  state = next;
  for (const l of listeners) l();
  const changed = !before.loading && !next.loading && (before.account?.accountId ?? null) !== (next.account?.accountId ?? null);
  if (changed) for (const l of changeListeners) l(next.account);
};

/** The account signed in now (null for a guest), and whether the first answer is still awaited. */
export const currentSession = (): SessionState => state;

/** Features that cache per-person state (consents, status…) re-read it here; returns the unsubscribe function. */
export function onSessionChange(cb: (account: Account | null) => void): () => void {
  changeListeners.add(cb);
  return () => changeListeners.delete(cb);
}

/** Asks the server again (after sign-in, sign-out, a password change…). */
export async function refreshSession(): Promise<SessionState> {
  try {
    const { data } = await api.GET('/api/v1/identity/session');
    set({ loading: false, account: data?.account ?? null, faceLogin: data?.faceLogin ?? false });
  } catch {
    set({ ...state, loading: false });
  }
  return state;
}

export async function signOut() {
  await api.POST('/api/v1/identity/logout');
  set({ ...state, account: null });
  // Still a full load on sign-out (not on sign-in): the next person on a shared phone must not find the account's
  // personal information kept in any feature's memory (a real-name result, a 12345 form, the rights pages…).
  window.location.replace('/me');
}

/** Reports an account signed in by a response that already carries it (login, register, reset). */
export function signedIn(account: Account) {
  // from a guest that was never asked (the sign-in page was the first page): the change is still a change
  if (state.loading) state = { ...state, loading: false, account: null };
  set({ loading: false, account, faceLogin: state.faceLogin });
}

/** `const { account, loading } = useSession()` — for any feature that needs to know who is signed in. */
export function useSession(): SessionState {
  const snapshot = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => state,
  );
  useEffect(() => {
    if (!started) {
      started = true;
      void refreshSession();
    }
  }, []);
  return snapshot;
}

/** Device-consent choice (PP-1.10) remembered on this browser so the holder is not asked at every sign-in. */
const DEVICE_KEY = 'ntbt.identity.deviceConsent';
export function rememberedDeviceConsent(): boolean {
  try {
    return localStorage.getItem(DEVICE_KEY) === '1';
  } catch {
    return false;
  }
}
export function rememberDeviceConsent(v: boolean) {
  try {
    localStorage.setItem(DEVICE_KEY, v ? '1' : '0');
  } catch {
    // private mode
  }
}
