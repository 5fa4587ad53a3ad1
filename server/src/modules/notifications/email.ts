// Email over real SMTP (nodemailer). Without SMTP_URL there is no transport: the service then records
// permanent-failure "email not configured" instead of pretending a message went out.
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Config } from '../../platform/config.ts';

export interface EmailSender {
  readonly name: string;
  send(to: string, subject: string, text: string): Promise<{ providerMessageId: string }>;
  check(): Promise<void>;
  close(): void;
}

export class EmailError extends Error {
  readonly kind: 'temporary' | 'permanent';
  constructor(kind: 'temporary' | 'permanent', message: string) {
    super(message);
    this.name = 'EmailError';
    this.kind = kind;
  }
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;
export const isEmailAddress = (s: string) => s.length <= 254 && EMAIL.test(s);

export function createEmailSender(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM'>): EmailSender | null {
  if (!config.SMTP_URL) return null;
  const url = config.SMTP_URL;
  // nodemailer is imported on the first message or readiness check, not at boot (issue #2 idle RSS): with it come
  // Node's fetch (undici), http2 and worker_threads, ~5 MB of heap an idle server does not use — and none at all
  // without SMTP_URL. The first message pays the import once (~30 ms).
  let transportPromise: Promise<Transporter<SMTPTransport.SentMessageInfo, SMTPTransport.Options>> | undefined;
  const transporter = () =>
    (transportPromise ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(url)));
  return {
    name: 'Email (SMTP)',
    async send(to, subject, text) {
      if (!isEmailAddress(to)) throw new EmailError('permanent', 'invalid email address');
      try {
        const transport = await transporter();
        const info = await transport.sendMail({ from: config.MAIL_FROM, to, subject, text });
        if (info.rejected.length > 0) throw new EmailError('permanent', 'recipient rejected');
        return { providerMessageId: info.messageId };
      } catch (err) {
        if (err instanceof EmailError) throw err;
        const code = (err as { responseCode?: number }).responseCode;
        // 5xx: the server refused for good (unknown mailbox, policy); anything else (4xx, network) may pass later.
        if (typeof code === 'number' && code >= 500) throw new EmailError('permanent', `SMTP ${code}`);
        throw new EmailError('temporary', typeof code === 'number' ? `SMTP ${code}` : `SMTP unavailable (${(err as { code?: string }).code ?? 'error'})`);
      }
    },
    async check() {
      await (await transporter()).verify();
    },
    close() {
      // a transport not created yet has no connection to close; one being created is closed once it exists
      transportPromise?.then((t) => t.close(), () => undefined);
    },
  };
}
