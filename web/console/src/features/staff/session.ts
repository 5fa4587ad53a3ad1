// The signed-in staff member as the console sees it, from GET /api/v1/staff/session (the server decides: the cookie is
// HttpOnly). One shared store so that sign-in, sign-out and every page see the same session.
//
// CSRF: every request the console's API client sends carries `x-ntbt-csrf: 1`; the server refuses state-changing
// requests authenticated by the staff cookie without it (a cross-site form cannot add a header).
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../../../../shared/client.ts';

api.use({
  onRequest({ request }) {
    request.headers.set('x-ntbt-csrf', '1');
    return request;
  },
  // The session ended on the server (15 minutes idle, 8 hours, disabled, signed out elsewhere): back to sign-in.
  onResponse({ response }) {
    // (a 401 for a wrong password while signed in just re-reads the still valid session)
    if (response.status === 401 && state.session) void refreshSession();
    return response;
  },
});

export interface StaffSession {
  staffId: string;
  loginName: string;
  displayName: string;
  permissions: string[];
  roles: { id: string; nameZh: string; nameEn: string }[];
  organisationId: string | null;
  organisationName: string | null;
  /** signed in with a one-time password: nothing else works until it is replaced */
  mustChangePassword: boolean;
  idleMinutes: number;
}

interface State {
  session: StaffSession | null;
  loading: boolean;
}

let state: State = { session: null, loading: true };
let started = false;
const listeners = new Set<() => void>();
const set = (next: State) => {
  state = next;
  for (const l of listeners) l();
};

export async function refreshSession(): Promise<StaffSession | null> {
  const { data } = await api.GET('/api/v1/staff/session');
  set({ session: data?.signedIn && data.session ? data.session : null, loading: false });
  return state.session;
}

/** After a successful sign-in response: use its session without another round trip. */
export function acceptSession(session: StaffSession | null) {
  set({ session, loading: false });
}

export async function signOut(): Promise<void> {
  await api.DELETE('/api/v1/staff/session');
  set({ session: null, loading: false });
}

export function useStaffSession(): { session: StaffSession | null; loading: boolean; refresh(): void; signOut(): Promise<void> } {
  const current = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => state,
  );
  useEffect(() => {
    if (!started) {
      started = true;
      void refreshSession().catch(() => set({ session: null, loading: false }));
    }
  }, []);
  return { session: current.session, loading: current.loading, refresh: () => void refreshSession(), signOut };
}

export const can = (session: StaffSession | null, permission: string) => !!session && session.permissions.includes(permission);
