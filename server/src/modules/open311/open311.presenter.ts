// Open311 output: JSON (the Spark convention — a list is a JSON array) and XML (the list's plural element holding one
// singular element per item), UTF-8, datetimes in w3 format with the +08:00 offset of Asia/Shanghai, and the spec's
// error list (`errors/error{code,description}`). GeoReport v2 §Format Support, §Date/time format, §Errors.
import type { XMLBuilder } from 'fast-xml-parser';

export type Format = 'json' | 'xml';

/** Plural element → the element of each item in XML (GeoReport v2 uses these pairs). */
const SINGULAR: Record<string, string> = {
  services: 'service',
  attributes: 'attribute',
  values: 'value',
  notes: 'note',
  endpoints: 'endpoint',
  formats: 'format',
  service_requests: 'request',
  errors: 'error',
};

// fast-xml-parser is imported on the first XML answer, not at boot (issue #2 idle RSS: ~1.5 MB of heap for a format
// most partners never ask for); that answer pays the import once (a few ms).
let builder: Promise<XMLBuilder> | undefined;
const xmlBuilder = () =>
  (builder ??= import('fast-xml-parser').then(({ XMLBuilder }) => new XMLBuilder({ format: true, indentBy: '  ', suppressEmptyNode: false })));

function toXmlNode(key: string, value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const child = SINGULAR[key] ?? 'item';
    return value.length ? { [child]: value.map((v) => toXmlNode(child, v)) } : '';
  }
  if (value instanceof Date) return w3(value);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toXmlNode(k, v)]));
  }
  return value;
}

/** The XML document with its declaration (the spec requires encoding="UTF-8" before the root element). */
export async function xml(root: string, body: unknown): Promise<string> {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${(await xmlBuilder()).build({ [root]: toXmlNode(root, body) })}`;
}

export const CONTENT_TYPE: Record<Format, string> = { json: 'application/json; charset=utf-8', xml: 'text/xml; charset=utf-8' };

/** Body and content type of a response in the requested format; `root` is the XML root element. */
export async function render(format: Format, root: string, body: unknown): Promise<{ contentType: string; payload: string }> {
  return { contentType: CONTENT_TYPE[format], payload: format === 'xml' ? await xml(root, body) : JSON.stringify(body) };
}

const OFFSET_MS = 8 * 3600_000;

/** w3 datetime in Asia/Shanghai: 2026-11-27T18:30:00+08:00 (no DST in China, so the offset is fixed). */
export function w3(d: Date): string {
  return `${new Date(d.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The format a URL asks for by its extension (`services.xml`, `requests/123.json`); JSON when there is none. */
export function formatOf(url: string): Format {
  return /\.xml$/i.test(url.split('?')[0]!) ? 'xml' : 'json';
}

export interface Open311ErrorItem {
  code: number;
  description: string;
}

/** An error the routes answer as the spec's list, with its HTTP status (404 missing, 403 api_key, 400 otherwise). */
export class Open311Error extends Error {
  readonly status: number;
  readonly errors: Open311ErrorItem[];
  constructor(status: number, description: string | string[]) {
    const list = [description].flat();
    super(list.join('; '));
    this.name = 'Open311Error';
    this.status = status;
    this.errors = list.map((d) => ({ code: status, description: d }));
  }
}
