// Configuration is read from the environment once, at boot, and validated as a whole: a malformed value stops the
// start with a message that names the variable and says what is expected (issue #2 §2).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const base64Key = (bytes: number) =>
  z.string().refine((v) => Buffer.from(v, 'base64').length === bytes, { message: `expected ${bytes} bytes, base64-encoded` });

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every variable the platform reads. `.env.example` and the README table document the same list (a test compares). */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('var'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  DATABASE_PREPARED_STATEMENTS: bool.default(true),
  PUBLIC_URL: z.url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
  SEED_DEMO_DATA: bool.optional(),
  JOBS_ENABLED: bool.default(true),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  // Secrets. Generated into DATA_DIR/secrets.json in development; required in production.
  KEK: base64Key(32).optional(),
  KEK_VERSION: z.coerce.number().int().min(1).default(1),
  KEK_PREVIOUS: z.string().optional(), // "version:base64,version:base64" — older key-encryption keys kept for unwrapping during rotation
  BLIND_INDEX_KEY: base64Key(32).optional(),
  SESSION_SECRET: base64Key(32).optional(),
  AUDIT_SIGNING_KEY: z.string().optional(), // Ed25519 private key, PKCS#8 PEM or base64 DER
  // Messaging
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  MAIL_FROM: z.string().default('南通百通 <noreply@baitong.nantong.gov.cn>'),
  SMS_PROVIDER: z.enum(['sandbox']).default('sandbox'),
  // Messages the SMS sandbox accepts per number per minute. 1, like a carrier gateway; the browser tests raise it so a
  // journey with several codes needs no minute-long waits. Sandbox only, so production refuses anything but 1.
  SMS_SANDBOX_PER_MINUTE: z.coerce.number().int().min(1).max(60).default(1),
  // OpenID Connect issuer of 南通市统一身份认证平台 (oidc module); must end with /oidc, where the provider is mounted
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  // Real-name verification providers (ID check, face, bank card). Only "sandbox" exists today; refused in production.
  REALNAME_PROVIDER: z.enum(['sandbox']).default('sandbox'),
  // Citizen sessions (identity module, ADR 0003)
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(30 * 24).default(12),
  SESSION_COOKIE_SECURE: bool.optional(), // default: true when PUBLIC_URL is https
  TRUST_PROXY: bool.default(false), // read the client address from X-Forwarded-For (only behind your own proxy)
  // Staff sessions (staff module): shorter than citizens' (issue #4 §9)
  STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(8 * 60).default(15),
  STAFF_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(24).default(8),
});

export type Env = z.infer<typeof envSchema>;

export interface Secrets {
  kek: Buffer;
  kekVersion: number;
  previousKeks: Map<number, Buffer>;
  blindIndexKey: Buffer;
  sessionSecret: Buffer;
  auditSigningKey: string;
}

export interface Config extends Omit<Env, 'KEK' | 'KEK_PREVIOUS' | 'BLIND_INDEX_KEY' | 'SESSION_SECRET' | 'AUDIT_SIGNING_KEY'> {
  dataDir: string;
  publicUrl: string;
  /** the OpenID Connect issuer: OIDC_ISSUER, or PUBLIC_URL + /oidc */
  oidcIssuer: string;
  seedDemoData: boolean;
  secrets: Secrets;
  /** Where each secret came from — never the value. */
  secretSources: Record<string, 'environment' | 'generated'>;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const expectations: Record<string, string> = {
  DATABASE_URL: 'a postgres:// or postgresql:// URL',
  PUBLIC_URL: 'an absolute http(s) URL',
  SMTP_URL: 'an smtp:// or smtps:// URL',
};

function parseEnv(raw: NodeJS.ProcessEnv): Env {
  // Empty strings count as unset, as in most .env tooling.
  const input = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((k) => (raw[k] === undefined || raw[k] === '' ? [] : [[k, raw[k]]])),
  );
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0]);
        return `${name}=${JSON.stringify(input[name])}: ${expectations[name] ?? i.message}`;
      }),
    );
  }
  return parsed.data;
}

function parsePrevious(v: string | undefined): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  if (!v) return out;
  for (const part of v.split(',')) {
    const [ver, key] = part.split(':');
    const buf = Buffer.from(key ?? '', 'base64');
    if (!ver || !/^\d+$/.test(ver) || buf.length !== 32) {
      throw new ConfigError([`KEK_PREVIOUS: expected "version:base64(32 bytes)" pairs separated by commas`]);
    }
    out.set(Number(ver), buf);
  }
  return out;
}

function generateEd25519Pem(): string {
  const { privateKey } = generateKeyPairSync('ed25519');
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Reads DATA_DIR/secrets.json, creating it with fresh keys when absent (development and test only). */
function loadOrCreateDevSecrets(dataDir: string): Record<string, string> {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    KEK: randomBytes(32).toString('base64'),
    BLIND_INDEX_KEY: randomBytes(32).toString('base64'),
    SESSION_SECRET: randomBytes(32).toString('base64'),
    AUDIT_SIGNING_KEY: generateEd25519Pem(),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  chmodSync(file, 0o600);
  return secrets;
}

export function loadConfig(raw: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const env = parseEnv(raw);
  const dataDir = path.resolve(cwd, env.DATA_DIR);
  const secretNames = ['KEK', 'BLIND_INDEX_KEY', 'SESSION_SECRET', 'AUDIT_SIGNING_KEY'] as const;
  const missing = secretNames.filter((n) => !env[n]);
  if (env.NODE_ENV === 'production' && missing.length > 0) {
    throw new ConfigError(missing.map((n) => `${n}: must be provided explicitly when NODE_ENV=production`));
  }
  if (env.NODE_ENV === 'production' && env.SMS_SANDBOX_PER_MINUTE !== 1) {
    throw new ConfigError(['SMS_SANDBOX_PER_MINUTE: only the SMS sandbox reads it, and production refuses the sandbox; unset it']);
  }
  const generated = missing.length > 0 ? loadOrCreateDevSecrets(dataDir) : {};
  const secretSources: Record<string, 'environment' | 'generated'> = {};
  const pick = (n: (typeof secretNames)[number]): string => {
    secretSources[n] = env[n] ? 'environment' : 'generated';
    return (env[n] ?? generated[n]) as string;
  };
  const auditKey = pick('AUDIT_SIGNING_KEY');
  const secrets: Secrets = {
    kek: Buffer.from(pick('KEK'), 'base64'),
    kekVersion: env.KEK_VERSION,
    previousKeks: parsePrevious(env.KEK_PREVIOUS),
    blindIndexKey: Buffer.from(pick('BLIND_INDEX_KEY'), 'base64'),
    sessionSecret: Buffer.from(pick('SESSION_SECRET'), 'base64'),
    auditSigningKey: auditKey.includes('BEGIN') ? auditKey : `-----BEGIN PRIVATE KEY-----\n${auditKey}\n-----END PRIVATE KEY-----\n`,
  };
  const { KEK: _k, KEK_PREVIOUS: _p, BLIND_INDEX_KEY: _b, SESSION_SECRET: _s, AUDIT_SIGNING_KEY: _a, ...rest } = env;
  return {
    ...rest,
    dataDir,
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    oidcIssuer: (env.OIDC_ISSUER ?? `${(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, '')}/oidc`).replace(/\/$/, ''),
    seedDemoData: env.SEED_DEMO_DATA ?? env.NODE_ENV !== 'test',
    secrets,
    secretSources,
  };
}
