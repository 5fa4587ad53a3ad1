// A notifications module on its own job queue and app, with a fake authenticator whose principal tests set.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { buildApp, type App } from '../../src/app.ts';
import { FixedClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db/database.ts';
import type { Principal } from '../../src/platform/http/access.ts';
import { JobRegistry, Jobs } from '../../src/platform/jobs.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { createNotificationsModule, type NotificationsModule } from '../../src/modules/notifications/index.ts';
import { FieldCipher } from '../../src/platform/crypto/index.ts';
import { AuditService } from '../../src/modules/audit/index.ts';
import { LogCapture, testConfig } from '../support/platform.ts';

export interface Harness {
  n: NotificationsModule;
  jobs: Jobs;
  app: App;
  clock: FixedClock;
  logs: LogCapture;
  cipher: FieldCipher;
  audit: AuditService;
  as(principal: Principal | null): void;
  close(): Promise<void>;
}

export async function harness(database: Database, env: Record<string, string> = {}): Promise<Harness> {
  const config = testConfig(env);
  const logs = new LogCapture();
  const logger = createLogger({ level: 'info', destination: logs });
  const clock = new FixedClock();
  const registry = new JobRegistry();
  const jobs = new Jobs(database.executor, registry, logger);
  // the privacy kernel as compose() builds it
  const cipher = new FieldCipher(database.db, { secrets: config.secrets });
  const audit = new AuditService({ pseudonymKey: config.secrets.blindIndexKey, signingKey: config.secrets.auditSigningKey, clock });
  const n = createNotificationsModule({ database, jobs, logger, clock, config, cipher, audit });
  for (const def of n.jobs) registry.define(def);
  await jobs.start({ work: false });
  let principal: Principal | null = null;
  const app = await buildApp({
    config,
    database,
    logger,
    jobs,
    modules: [n.module],
    providers: n.providers,
    authenticator: { authenticate: async () => principal },
  });
  await app.ready();
  return {
    n,
    jobs,
    app,
    clock,
    logs,
    cipher,
    audit,
    as: (p) => void (principal = p),
    close: async () => {
      await app.close();
      await jobs.stop(1000);
      n.close();
    },
  };
}

export const citizen = (accountId: string): Principal => ({ kind: 'citizen', accountId, sessionId: 's-1' });
export const staff = (...permissions: string[]): Principal => ({ kind: 'staff', staffId: 'staff-1', sessionId: 's-2', permissions: new Set(permissions) });

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  text: string;
}

/** A real SMTP server on a free port that keeps what arrives. */
export async function localSmtp(): Promise<{ url: string; received: ReceivedMail[]; close(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          ...parseMail(raw),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// Just enough MIME to read a single-part text message as nodemailer writes it.
function parseMail(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const header = (name: string) => head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))?.slice(name.length + 1).trim() ?? '';
  const subject = header('Subject')
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : qp(data.replace(/_/g, ' ')),
    );
  const cte = header('Content-Transfer-Encoding').toLowerCase();
  const text = cte === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8') : cte === 'quoted-printable' ? qp(body) : body;
  return { subject, text: text.replace(/\r\n$/, '') };
}

function qp(s: string): string {
  const bytes: number[] = [];
  const src = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-F]{2}$/i.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(src[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}
