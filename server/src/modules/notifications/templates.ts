// Message templates in zh-CN and en, rendered with named parameters. A template marked `sensitive` carries a secret
// (an OTP) or personal information: its rendered body is nulled in the outbox once the message reaches a final state.
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export interface TemplateText {
  /** email subject and in-app title; SMS ignores it */
  subject: string;
  body: string;
}

export interface Template {
  name: string;
  sensitive: boolean;
  params: readonly string[];
  text: Record<Locale, TemplateText>;
}

const templates = new Map<string, Template>();

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** Registers a template; every locale must use exactly the declared parameters. Modules may add their own. */
export function defineTemplate(t: Template): Template {
  if (!/^[a-z][a-z0-9-]*$/.test(t.name)) throw new Error(`Template name "${t.name}" must be kebab-case`);
  if (templates.has(t.name)) throw new Error(`Template "${t.name}" is defined twice`);
  for (const locale of LOCALES) {
    const text = t.text[locale];
    if (!text) throw new Error(`Template "${t.name}" has no ${locale} text`);
    const used = new Set([...`${text.subject}\n${text.body}`.matchAll(PLACEHOLDER)].map((m) => m[1]!));
    const declared = new Set(t.params);
    for (const u of used) if (!declared.has(u)) throw new Error(`Template "${t.name}" (${locale}) uses undeclared {{${u}}}`);
  }
  templates.set(t.name, t);
  return t;
}

export function getTemplate(name: string): Template | undefined {
  return templates.get(name);
}

export function listTemplates(): Template[] {
  return [...templates.values()];
}

export type TemplateParams = Record<string, string | number>;

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Renders a template; a missing or unknown parameter is a programming error and throws. */
export function render(name: string, locale: Locale, params: TemplateParams = {}): TemplateText & { sensitive: boolean } {
  const t = templates.get(name);
  if (!t) throw new TemplateError(`Unknown template "${name}"`);
  for (const p of t.params) {
    if (params[p] === undefined || params[p] === null || params[p] === '') throw new TemplateError(`Template "${name}" needs parameter "${p}"`);
  }
  for (const k of Object.keys(params)) if (!t.params.includes(k)) throw new TemplateError(`Template "${name}" has no parameter "${k}"`);
  const text = t.text[locale];
  const fill = (s: string) => s.replace(PLACEHOLDER, (_m, k: string) => String(params[k]));
  return { subject: fill(text.subject), body: fill(text.body), sensitive: t.sensitive };
}

defineTemplate({
  name: 'otp',
  sensitive: true,
  params: ['code', 'minutes'],
  text: {
    'zh-CN': {
      subject: '南通百通验证码',
      body: '【南通百通】您的验证码是{{code}}，{{minutes}}分钟内有效。工作人员不会向您索要验证码，请勿告诉他人。',
    },
    en: {
      subject: 'Your Nantong Baitong verification code',
      body: '[Nantong Baitong] Your verification code is {{code}}. It is valid for {{minutes}} minutes. Staff will never ask for it; do not share it.',
    },
  },
});

defineTemplate({
  name: 'abnormal-login',
  sensitive: true,
  params: ['time', 'place'],
  text: {
    'zh-CN': {
      subject: '南通百通账号异常登录提醒',
      body: '【南通百通】您的账号于{{time}}在{{place}}登录。如非本人操作，请立即修改密码，或拨打12345热线。',
    },
    en: {
      subject: 'Unusual sign-in to your Nantong Baitong account',
      body: '[Nantong Baitong] Your account was signed in at {{time}} from {{place}}. If this was not you, change your password now or call 12345.',
    },
  },
});

defineTemplate({
  name: 'welcome',
  sensitive: false,
  params: [],
  text: {
    'zh-CN': {
      subject: '欢迎使用南通百通',
      body: '欢迎使用南通百通！您可以在线办理社保、公积金、户籍等业务，随时查看办件进度。',
    },
    en: {
      subject: 'Welcome to Nantong Baitong',
      body: 'Welcome to Nantong Baitong! You can apply for public services online and follow your applications at any time.',
    },
  },
});
