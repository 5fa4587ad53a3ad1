// pino JSON logs with personal information scrubbed wherever it appears: in any field (by name or by value) and in
// the message itself. PP-3.4 (monitoring must not become a PI leak), LAW-10 (ID numbers), LAW-7 (logs are kept ≥ 6
// months, so what goes into them must be safe to keep).
import pino, { type Logger, type LoggerOptions } from 'pino';

const SECRET_KEY = /pass(word|wd)?|pwd|otp|^code$|verification_?code|sms_?code|token|secret|cookie|authorization|session|signature|private_?key|kek/i;

// Order matters: ID numbers (18 chars) before bank cards (12–19 digits) before mobiles (11 digits).
const PATTERNS: [RegExp, string][] = [
  [/\bBearer\s+[\w.~+/=-]+/gi, 'Bearer [REDACTED]'],
  [/\beyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, '[JWT]'],
  [/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, '[ID-NUMBER]'],
  [/(?<![\dA-Za-z])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])\d{2}[\dXx]?(?![\dA-Za-z])/g, '[ID-NUMBER]'],
  [/(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)/g, '[CARD-NUMBER]'],
  [/(?<!\d)(?:\+?86[- ]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)/g, '[MOBILE]'],
  [/([?&](?:code|otp|token|password|ticket|state)=)[^&\s"]+/gi, '$1[REDACTED]'],
];

// Hashes, HMACs and keys written as hex (32+ characters with at least one letter) are not personal information, and a
// run of digits inside one is not a card or mobile number: CI once saw a caller pseudonym logged as
// '1fb8a8232dcd7921bf9da[CARD-NUMBER]ad3a…'. Such tokens are left whole; everything around them is scrubbed.
const HEX_TOKEN = /(?<![0-9A-Za-z])((?=[0-9]*[a-fA-F])[0-9a-fA-F]{32,})(?![0-9A-Za-z])/;

function scrubPlain(s: string): string {
  let out = s;
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}

export function scrubString(s: string): string {
  if (!HEX_TOKEN.test(s)) return scrubPlain(s);
  // split with a capturing group: odd indexes are the hex tokens
  return s
    .split(new RegExp(HEX_TOKEN.source, 'g'))
    .map((part, i) => (i % 2 === 1 ? part : scrubPlain(part)))
    .join('');
}

export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubString(value);
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) >= 1e10 ? scrubString(String(value)) : value;
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Error) {
    return { type: value.name, message: scrubString(value.message), stack: value.stack && scrubString(value.stack), code: (value as any).code };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && v !== undefined && v !== null && typeof v !== 'boolean' ? '[REDACTED]' : scrub(v, depth + 1);
  }
  return out;
}

function serializeReq(req: { method?: string; url?: string; ip?: string; socket?: { remoteAddress?: string } }) {
  return { method: req.method, url: req.url, remoteAddress: req.ip ?? req.socket?.remoteAddress };
}

export function createLogger(opts: { level?: string; destination?: pino.DestinationStream; base?: Record<string, unknown> } = {}): Logger {
  const options: LoggerOptions = {
    level: opts.level ?? 'info',
    base: { service: 'nantong-baitong', ...opts.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    // pino runs formatters before serializers, so the request/response/error shapes are made here, then scrubbed.
    formatters: {
      log: (obj) => {
        const o: Record<string, unknown> = { ...obj };
        if (o.req && typeof o.req === 'object') o.req = serializeReq(o.req as any);
        if (o.res && typeof o.res === 'object') o.res = { statusCode: (o.res as any).statusCode };
        return scrub(o) as Record<string, unknown>;
      },
    },
    hooks: {
      logMethod(args, method) {
        // pino would copy an Error's message into `msg` after this hook; make the message here, scrubbed.
        if (args[0] instanceof Error && typeof args[1] !== 'string') {
          const err = args[0];
          args = [{ err }, err.message, ...args.slice(1)] as unknown as typeof args;
        }
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrubString(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

export type { Logger };
