// Client-side state of the privacy feature: who consents (the signed-in account, else this device), the caller's status
// against the policy in force (red dot, pop-up), consent states, and the queue of consent requests the ConsentSheet
// answers. Everything goes through the typed API client. The cached consents are keyed by who is signed in and
// re-read on every sign-in / sign-out (identity's onSessionChange), so no page reload is needed.
import { useSyncExternalStore } from 'react';
import { api } from '../../../../shared/client.ts';
import { currentSession, onSessionChange } from '../identity/index.tsx';

const DEVICE_KEY = 'ntbt.device-id';
const DECLINED_KEY = 'ntbt.policy-declined';

// ── device id ─────────────────────────────────────────────────────────────────────────────────────────────────────
// PP-0.1: an app-scoped random id, created only when the device first consents (or opens 隐私设置); never a hardware id.
export function deviceId(create = false): string | null {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id && create) {
      const bytes = crypto.getRandomValues(new Uint8Array(18));
      id = 'd-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return null;
  }
}
export const deviceHeader = (id: string | null) => (id ? { 'x-device-id': id } : {});

/** 不同意 on the first-use sheet is remembered for this visit only: the next visit asks again. */
export const declinedThisVisit = () => {
  try {
    return sessionStorage.getItem(DECLINED_KEY) === '1';
  } catch {
    return false;
  }
};
export const setDeclinedThisVisit = () => {
  try {
    sessionStorage.setItem(DECLINED_KEY, '1');
  } catch {
    // private mode
  }
};

// ── a tiny store ──────────────────────────────────────────────────────────────────────────────────────────────────
function createStore<T>(initial: T) {
  let value = initial;
  const subs = new Set<() => void>();
  return {
    get: () => value,
    set(v: T) {
      value = v;
      for (const s of subs) s();
    },
    subscribe(cb: () => void) {
      subs.add(cb);
      return () => subs.delete(cb);
    },
  };
}
const useStore = <T,>(s: ReturnType<typeof createStore<T>>) => useSyncExternalStore(s.subscribe, s.get);

// ── policy status (red dot, pop-up) ───────────────────────────────────────────────────────────────────────────────
export interface PolicyChange {
  kind: string;
  major: boolean;
  zh: string;
  en: string;
  purposes: string[];
  version: number;
}
export interface PolicyStatus {
  version: number;
  classification: 'initial' | 'major' | 'minor';
  effectiveAt: string;
  acceptedVersion: number | null;
  read: boolean;
  accepted: boolean;
  changes: PolicyChange[];
  reconsent: string[];
  /** true when the caller is signed in (consents belong to the account) */
  signedIn: boolean;
}
const statusStore = createStore<PolicyStatus | null>(null);
export const usePolicyStatus = () => useStore(statusStore);

export async function refreshStatus(): Promise<PolicyStatus | null> {
  // a sign-in in progress may be carrying the device's acceptance over: answer after it, so the account is never
  // shown the first-use sheet for a moment
  if (switching) await switching;
  return readStatus();
}
async function readStatus(): Promise<PolicyStatus | null> {
  try {
    const res = await api.GET('/api/v1/privacy/policy/status', { params: { header: deviceHeader(deviceId()) as any } });
    if (!res.data) return statusStore.get();
    const s: PolicyStatus = res.data as PolicyStatus;
    statusStore.set(s);
    return s;
  } catch {
    return statusStore.get();
  }
}

// ── consents ──────────────────────────────────────────────────────────────────────────────────────────────────────
export interface ConsentItem {
  purposeId: string;
  purposeZh: string;
  legalBasis: 'consent' | 'separate-consent' | 'statutory-duty' | 'contract' | 'legal-obligation';
  elements: string[];
  effective: boolean;
  latest: { id: number; policyVersion: number; granted: boolean; method: string; separate: boolean; createdAt: string } | null;
}
export interface ConsentList {
  policyVersion: number;
  items: ConsentItem[];
  subject: 'account' | 'device';
}

const consentStore = createStore<ConsentList | null>(null);
export const useConsentList = () => useStore(consentStore);
/** whose list consentStore holds: the account id, or null for this device (guest) */
let consentOwner: string | null | undefined;
const signedInAccount = () => currentSession().account?.accountId ?? null;
/** the cached list, only if it is still the list of whoever is signed in now */
const cachedConsents = () => {
  const s = currentSession();
  const list = consentStore.get();
  if (!list) return null;
  if (s.loading) return list; // nobody has changed yet
  return consentOwner === signedInAccount() ? list : null;
};

/** The caller's consent states: the account's when signed in, else this device's (creating its id if asked). */
export async function loadConsents(createDevice = false): Promise<ConsentList | null> {
  // Who is asking comes from the status call (no 401 probing): a signed-in citizen's consents are the account's.
  const owner = signedInAccount();
  const signedIn = (await refreshStatus())?.signedIn ?? false;
  if (signedIn) {
    const acc = await api.GET('/api/v1/privacy/consents');
    if (acc.data) {
      const list = { ...(acc.data as any), subject: 'account' as const };
      consentOwner = owner;
      consentStore.set(list);
      return list;
    }
  }
  const id = deviceId(createDevice);
  if (!id) return null;
  const dev = await api.GET('/api/v1/privacy/device-consents', { params: { header: { 'x-device-id': id } } });
  if (!dev.data) return null;
  const list = { ...(dev.data as any), subject: 'device' as const };
  consentOwner = null;
  consentStore.set(list);
  return list;
}

// Sign-in / sign-out: whose consents count changes (device ↔ account). The cached list is dropped and read again as
// the new subject's, so grant() never records the device's consent for a signed-in account (or the reverse).
// PP-0.1: on sign-in, a device that accepted the policy in force carries that acceptance over to an account that has
// not accepted it (server: identity's policy-acceptance/from-device, lawful because the same person just tapped 同意 on
// this device), so the account is not asked the first-use sheet again.
let switching: Promise<void> | null = null;
onSessionChange((account) => {
  const hadList = consentStore.get() !== null;
  consentOwner = undefined;
  consentStore.set(null);
  const id = deviceId();
  switching = (async () => {
    try {
      if (account && id) await api.POST('/api/v1/identity/policy-acceptance/from-device', { params: { header: { 'x-device-id': id } } });
    } catch {
      // the sheet asks the account instead
    }
  })();
  void switching.then(async () => {
    switching = null;
    await readStatus();
    if (hadList) await loadConsents();
  });
});

export async function grant(purposeId: string, separate: boolean): Promise<boolean> {
  if (switching) await switching;
  const list = cachedConsents() ?? (await loadConsents(true));
  const body = { purposeId, separate, method: 'tap' as const };
  const ok =
    list?.subject === 'account'
      ? (await api.POST('/api/v1/privacy/consents', { body })).response.ok
      : (await api.POST('/api/v1/privacy/device-consents', { params: { header: { 'x-device-id': deviceId(true)! } }, body })).response.ok;
  await loadConsents(); // re-reads the status too: when this returns, the list and the red dot are both current
  return ok;
}

/** PP-4.4 / LAW-3: withdrawal is one call, as easy as granting; it takes effect on the next request. */
export async function withdraw(purposeId: string): Promise<boolean> {
  if (switching) await switching;
  const list = cachedConsents() ?? (await loadConsents());
  const params = { path: { purposeId }, query: { method: 'tap' as const } };
  const ok =
    list?.subject === 'account'
      ? (await api.DELETE('/api/v1/privacy/consents/{purposeId}', { params })).response.ok
      : (await api.DELETE('/api/v1/privacy/device-consents/{purposeId}', { params: { ...params, header: { 'x-device-id': deviceId(true)! } } })).response.ok;
  await loadConsents(); // re-reads the status too: when this returns, the list and the red dot are both current
  return ok;
}

/** A signed receipt (JWS) of one consent record, or null. */
export async function fetchReceipt(recordId: number, subject: 'account' | 'device'): Promise<string | null> {
  const res =
    subject === 'account'
      ? await api.GET('/api/v1/privacy/consents/{id}/receipt', { params: { path: { id: recordId } } })
      : await api.GET('/api/v1/privacy/device-consents/{id}/receipt', { params: { path: { id: recordId }, header: { 'x-device-id': deviceId()! } } });
  return res.data?.receipt ?? null;
}

/** Agree to the policy in force (first use, re-consent, or "read" after a minor change). */
export const acceptPolicy = () => grant('policy-acceptance', false);

// ── the published collection list, as the purpose catalogue the consent sheet describes ──────────────────────────
export interface CollectionRow {
  element: string;
  elementZh: string;
  sensitive: boolean;
  purpose: string;
  purposeZh: string;
  scenarioZh: string;
  legalBasis: ConsentItem['legalBasis'];
  legalBasisZh: string;
  devicePermissions: string[];
  retention: string;
}
let collection: Promise<CollectionRow[]> | null = null;
export function collectionRows(): Promise<CollectionRow[]> {
  collection ??= api.GET('/api/v1/privacy/collection-list').then((r) => (r.data?.items ?? []) as CollectionRow[]);
  return collection;
}

// ── consent requests answered by the ConsentSheet ─────────────────────────────────────────────────────────────────
export type DevicePermission = 'location' | 'camera' | 'microphone' | 'photos';
export interface ConsentRequestOptions {
  /** why this sensitive PI is necessary and its effect on the user (LAW-1); a generic text from the inventory otherwise */
  necessityZh?: string;
  necessityEn?: string;
  /** shown when the user refuses: what still works (e.g. "可手动选择区县") */
  degradedZh?: string;
  degradedEn?: string;
  /** ask the browser for this permission right after the purpose consent (never before) */
  permission?: DevicePermission;
}
export interface ConsentRequest {
  purposeId: string;
  opts: ConsentRequestOptions;
  resolve(ok: boolean): void;
}
const requestStore = createStore<ConsentRequest | null>(null);
export const useConsentRequest = () => useStore(requestStore);
export const answerRequest = (ok: boolean) => {
  const r = requestStore.get();
  requestStore.set(null);
  r?.resolve(ok);
};
export function openConsentRequest(purposeId: string, opts: ConsentRequestOptions): Promise<boolean> {
  requestStore.get()?.resolve(false); // one sheet at a time
  return new Promise((resolve) => requestStore.set({ purposeId, opts, resolve }));
}

// ── device permissions, only after consent (PP-1.12–1.14) ─────────────────────────────────────────────────────────
/** Asks the browser for a device permission. Resolves true when granted. Call only after the purpose consent. */
export async function requestDevicePermission(kind: DevicePermission): Promise<boolean> {
  try {
    if (kind === 'location') {
      if (!navigator.geolocation) return false;
      return await new Promise<boolean>((resolve) =>
        navigator.geolocation.getCurrentPosition(
          () => resolve(true),
          () => resolve(false),
          { timeout: 10_000, maximumAge: 60_000 },
        ),
      );
    }
    if (kind === 'photos') return true; // a file picker needs no permission in the browser
    if (!navigator.mediaDevices?.getUserMedia) return false;
    const stream = await navigator.mediaDevices.getUserMedia(kind === 'camera' ? { video: true } : { audio: true });
    for (const track of stream.getTracks()) track.stop();
    return true;
  } catch {
    return false;
  }
}
