// Email over real SMTP (nodemailer). Without SMTP_URL there is no transport: the service then records
// permanent-failure "email not configured" instead of pretending a message went out.
import nodemailer from 'nodemailer';
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
  const transport = nodemailer.createTransport(config.SMTP_URL);
  return {
    name: 'Email (SMTP)',
    async send(to, subject, text) {
      if (!isEmailAddress(to)) throw new EmailError('permanent', 'invalid email address');
      try {
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
      await transport.verify();
    },
    close() {
      transport.close();
    },
  };
}
