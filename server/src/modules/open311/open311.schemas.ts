// Input of the GeoReport v2 methods: the query strings (declared with zod for the OpenAPI document) and the POST form
// (application/x-www-form-urlencoded, with `attribute[code]=value` and `attribute[code][]=value` pairs), checked here so
// that every refusal is the spec's error list with status 400 (never a 500).
import { z } from 'zod';
import { Open311Error } from './open311.presenter.ts';
import type { RequestQuery } from './open311.service.ts';

// a parameter "declared multiple times" arrives as an array; both forms are accepted and joined with commas
const opt = z.union([z.string(), z.array(z.string())]).optional();
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(',') : v);

export const commonQuery = z.object({ jurisdiction_id: opt, api_key: opt });
export const requestsQuery = z
  .object({ jurisdiction_id: opt, service_request_id: opt, service_code: opt, start_date: opt, end_date: opt, status: opt, extensions: opt, api_key: opt })
  ;
export const requestQuery = z.object({ jurisdiction_id: opt, extensions: opt, api_key: opt });
export const fileParams = z.object({ file: z.string() });

/** `application/x-www-form-urlencoded` → object; attribute[code] and attribute[code][] become `attribute: { code }`. */
export function parseForm(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const attribute: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(k);
    if (m) {
      const code = m[1]!;
      if (m[2]) attribute[code] = [...[attribute[code] ?? []].flat(), v];
      else attribute[code] = v;
    } else out[k] = v;
  }
  if (Object.keys(attribute).length) out.attribute = attribute;
  return out;
}

export interface SubmitForm {
  jurisdiction_id?: string;
  service_code?: string;
  lat?: number;
  long?: number;
  address_string?: string;
  address_id?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  attribute: Record<string, string | undefined>;
}

const str = (v: unknown): string | undefined => {
  if (Array.isArray(v)) v = v[v.length - 1];
  if (v === null || v === undefined) return undefined;
  const s = String(v).trim();
  return s === '' ? undefined : s; // "Optional" arguments: empty equals absent
};

/** Checks the POST form; device_id, account_id and media_url are not taken (see docs/open311.md). */
export function parseSubmitForm(body: unknown): SubmitForm {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const errors: string[] = [];
  const num = (name: 'lat' | 'long', min: number, max: number) => {
    const s = str(b[name]);
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!Number.isFinite(n) || n < min || n > max) errors.push(`${name} is not a WGS84 ${name === 'lat' ? 'latitude' : 'longitude'}`);
    return n;
  };
  const lat = num('lat', -90, 90);
  const long = num('long', -180, 180);
  const description = str(b.description);
  if (description && description.length > 4000) errors.push('description is limited to 4,000 characters');
  let phone = str(b.phone)?.replace(/[\s-]/g, '').replace(/^(\+?86)/, '');
  if (phone !== undefined && !/^1[3-9]\d{9}$/.test(phone)) {
    errors.push('phone is not a mainland China mobile number');
    phone = undefined;
  }
  const email = str(b.email);
  if (email !== undefined && (email.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))) errors.push('email is not an email address');
  for (const f of ['first_name', 'last_name'] as const) if ((str(b[f])?.length ?? 0) > 50) errors.push(`${f} is limited to 50 characters`);
  if ((str(b.address_string)?.length ?? 0) > 200) errors.push('address_string is limited to 200 characters');
  const rawAttr = (b.attribute && typeof b.attribute === 'object' ? b.attribute : {}) as Record<string, unknown>;
  const attribute: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(rawAttr)) attribute[k] = str(v);
  if ((attribute.title?.length ?? 0) > 50) errors.push('attribute[title] is limited to 50 characters');
  if (attribute.confidential !== undefined && !['true', 'false'].includes(attribute.confidential)) errors.push('attribute[confidential] must be true or false');
  if (attribute.gender !== undefined && !['male', 'female'].includes(attribute.gender)) errors.push('attribute[gender] must be male or female');
  if (errors.length) throw new Open311Error(400, errors);
  return {
    jurisdiction_id: str(b.jurisdiction_id),
    service_code: str(b.service_code),
    lat,
    long,
    address_string: str(b.address_string),
    address_id: str(b.address_id),
    email,
    first_name: str(b.first_name),
    last_name: str(b.last_name),
    phone,
    description,
    attribute,
  };
}

const W3 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

function w3Date(name: string, v: string | undefined, endOfDate = false): Date | undefined {
  if (v === undefined || v === '') return undefined;
  // an unencoded '+' of the offset arrives as a space (form encoding): read it as the offset it was meant to be
  v = v.replace(/ (\d{2}:\d{2})$/, '+$1');
  if (!W3.test(v)) throw new Open311Error(400, `${name} must use w3 format with a time zone, eg 2026-11-01T00:00:00+08:00`);
  // a bare date is a calendar day in Asia/Shanghai
  const t = v.length === 10 ? Date.parse(`${v}T00:00:00+08:00`) + (endOfDate ? 86_400_000 - 1 : 0) : Date.parse(v);
  if (Number.isNaN(t)) throw new Open311Error(400, `${name} is not a valid date`);
  return new Date(t);
}

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export function parseRequestsQuery(q: z.infer<typeof requestsQuery>): RequestQuery {
  const statuses = list(one(q.status));
  for (const s of statuses ?? []) if (s !== 'open' && s !== 'closed') throw new Open311Error(400, `status ${s} is not open or closed`);
  return {
    ids: list(one(q.service_request_id)),
    codes: list(one(q.service_code)),
    statuses: statuses as RequestQuery['statuses'],
    start: w3Date('start_date', one(q.start_date)),
    end: w3Date('end_date', one(q.end_date), true),
    extensions: one(q.extensions) === 'true',
  };
}

/** `123.json` → { id: '123', format: 'json' }; no or another extension → null (the route answers 404). */
/** The single value of a query parameter (the last, when repeated). */
export function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export function splitFile(file: string): { id: string; format: 'json' | 'xml' } | null {
  const m = /^(.+)\.(json|xml)$/i.exec(file);
  return m ? { id: m[1]!, format: m[2]!.toLowerCase() as 'json' | 'xml' } : null;
}
