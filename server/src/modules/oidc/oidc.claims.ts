// Claims come from the PI inventory, scopes from the sharing categories of policy 二(一) (PP-2.3): scope `nt:<category>`
// carries exactly that category's fields that the identity provider can release. A client is registered with the
// categories the policy grants it and can never receive a field outside them (PP-2.1 minimum necessary), whatever
// scope or `claims` parameter it asks for.
import { collectionList, sharingList } from '../privacy/index.ts';

/** A sharing category as the published list states it (PP-2.3): id, name, recipients, purpose, fields. */
export interface SharingCategory {
  id: string;
  nameZh: string;
  recipientsZh: string[];
  purposeId: string;
  purposeZh: string;
  legalBasis: string;
  fields: string[];
  fieldsZh: string[];
}
export const SHARING_CATEGORIES: readonly SharingCategory[] = sharingList().map((c) => ({
  id: c.category,
  nameZh: c.categoryZh,
  recipientsZh: c.recipientsZh,
  purposeId: c.purpose,
  purposeZh: c.purposeZh,
  legalBasis: c.legalBasis,
  fields: c.fields,
  fieldsZh: c.fieldsZh,
}));
const ELEMENT_INFO = new Map<string, { nameZh: string; sensitive: boolean }>();
for (const c of SHARING_CATEGORIES) c.fields.forEach((f, i) => ELEMENT_INFO.set(f, { nameZh: c.fieldsZh[i] ?? f, sensitive: true }));
for (const row of collectionList()) if (ELEMENT_INFO.has(row.element)) ELEMENT_INFO.set(row.element, { nameZh: row.elementZh, sensitive: row.sensitive });

/** What the accounts port returns about one account (undefined = not known, never released). */
export interface AccountClaims {
  mobile?: string;
  realName?: string;
  idNumber?: string;
  /** e.g. '居民身份证' */
  idType?: string;
  /** e.g. 'unverified' | 'L1' | 'L2' | 'L3' */
  realNameStatus?: string;
  /** precise location is transient in the policy: only when the account port has a current one */
  location?: string;
}

/** inventory element id → OIDC claim name → where its value is in AccountClaims */
export const ELEMENT_CLAIMS: Record<string, { claim: string; value: keyof AccountClaims }> = {
  mobile: { claim: 'phone_number', value: 'mobile' },
  'real-name': { claim: 'name', value: 'realName' },
  'id-number': { claim: 'id_number', value: 'idNumber' },
  'id-type': { claim: 'id_type', value: 'idType' },
  'real-name-status': { claim: 'real_name_status', value: 'realNameStatus' },
  'precise-location': { claim: 'location', value: 'location' },
};
const CLAIM_ELEMENT = new Map(Object.entries(ELEMENT_CLAIMS).map(([el, c]) => [c.claim, el]));

export const scopeOf = (categoryId: string) => `nt:${categoryId}`;
export const categoryOfScope = (scope: string) => (scope.startsWith('nt:') ? SHARING_CATEGORIES.find((c) => c.id === scope.slice(3)) : undefined);

/** The provider's `claims` configuration: one scope per sharing category. */
export function scopeClaims(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of SHARING_CATEGORIES) out[scopeOf(c.id)] = claimsOfCategory(c);
  return out;
}

export function claimsOfCategory(c: SharingCategory): string[] {
  return c.fields.flatMap((f) => (ELEMENT_CLAIMS[f] ? [ELEMENT_CLAIMS[f].claim] : []));
}

export function categoryById(id: string): SharingCategory | undefined {
  return SHARING_CATEGORIES.find((c) => c.id === id);
}

/** The element ids a client may ever receive: the union of its categories' fields that have a claim. */
export function allowedElements(categories: readonly string[]): Set<string> {
  const s = new Set<string>();
  for (const id of categories) for (const f of categoryById(id)?.fields ?? []) if (ELEMENT_CLAIMS[f]) s.add(f);
  return s;
}

export interface ReleasePlan {
  /** category id → elements released under it (one sharing-ledger provision each) */
  byCategory: Map<string, string[]>;
}

/**
 * Which elements one response releases: those of the granted scopes (userinfo only: with conformIdTokenClaims the ID
 * token of the code flow carries scope claims only through userinfo) plus those asked for with the `claims` parameter,
 * restricted to the client's categories and minus what the user declined. Each element is attributed to the first of
 * the client's granted categories that lists it.
 */
export function planRelease(input: {
  use: 'id_token' | 'userinfo';
  clientCategories: readonly string[];
  grantedScope: string;
  requestedClaims: readonly string[];
  rejectedClaims: readonly string[];
}): ReleasePlan {
  const scopes = input.grantedScope.split(' ').filter(Boolean);
  const granted = scopes.map(categoryOfScope).filter((c): c is SharingCategory => !!c && input.clientCategories.includes(c.id));
  const clientCats = input.clientCategories.map(categoryById).filter((c): c is SharingCategory => !!c);
  const rejected = new Set(input.rejectedClaims);
  const wanted = new Set<string>();
  if (input.use === 'userinfo') for (const c of granted) for (const claim of claimsOfCategory(c)) wanted.add(claim);
  for (const claim of input.requestedClaims) if (CLAIM_ELEMENT.has(claim)) wanted.add(claim);
  const byCategory = new Map<string, string[]>();
  for (const claim of wanted) {
    if (rejected.has(claim)) continue;
    const element = CLAIM_ELEMENT.get(claim)!;
    // a claim asked for by the claims parameter must still be in a granted scope's category, else nothing
    const cat = granted.find((c) => c.fields.includes(element));
    if (!cat || !clientCats.includes(cat)) continue;
    byCategory.set(cat.id, [...(byCategory.get(cat.id) ?? []), element]);
  }
  return { byCategory };
}

/** Chinese name and sensitivity of an element, for the consent screen (LAW-1, LAW-4). */
export function describeElement(id: string): { id: string; nameZh: string; sensitive: boolean; claim: string } {
  // an element the collection list does not describe counts as sensitive: asking separately is the safe side (LAW-1)
  const e = ELEMENT_INFO.get(id);
  return { id, nameZh: e?.nameZh ?? id, sensitive: e?.sensitive ?? true, claim: ELEMENT_CLAIMS[id]?.claim ?? id };
}

export const claimToElement = (claim: string) => CLAIM_ELEMENT.get(claim);
