// Errors are a named set. Each has a stable `type` (/problems/<name>), the HTTP status that fits, and a Chinese title a
// citizen understands; they leave the server as application/problem+json (RFC 9457). Modules add their own names with
// defineProblem() so the whole set can be listed at /problems.
export interface ProblemSpec {
  status: number;
  title: string; // zh-CN, shown to citizens
  titleEn: string;
}

const registry = new Map<string, ProblemSpec>();

export function defineProblem(name: string, spec: ProblemSpec): string {
  const prior = registry.get(name);
  if (prior && (prior.status !== spec.status || prior.title !== spec.title)) {
    throw new Error(`Problem "${name}" is defined twice with different meanings`);
  }
  registry.set(name, spec);
  return name;
}

export function listProblems(): [string, ProblemSpec][] {
  return [...registry.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function problemSpec(name: string): ProblemSpec | undefined {
  return registry.get(name);
}

// The platform's own set. Module-specific ones (consent-required, account-locked, …) are defined by their modules.
export const P = {
  badRequest: defineProblem('bad-request', { status: 400, title: '请求格式不正确，请检查后重试', titleEn: 'The request is malformed' }),
  validation: defineProblem('validation-failed', { status: 400, title: '填写的信息有误，请按提示修改', titleEn: 'Some fields are invalid' }),
  unauthenticated: defineProblem('unauthenticated', { status: 401, title: '请先登录', titleEn: 'Please sign in' }),
  forbidden: defineProblem('forbidden', { status: 403, title: '您没有权限进行此操作', titleEn: 'You are not allowed to do this' }),
  notFound: defineProblem('not-found', { status: 404, title: '您要找的内容不存在或已删除', titleEn: 'Not found' }),
  methodNotAllowed: defineProblem('method-not-allowed', { status: 405, title: '不支持此操作方式', titleEn: 'Method not allowed' }),
  conflict: defineProblem('conflict', { status: 409, title: '操作与当前状态冲突，请刷新后重试', titleEn: 'Conflict with the current state' }),
  payloadTooLarge: defineProblem('payload-too-large', { status: 413, title: '提交的内容太大', titleEn: 'Payload too large' }),
  unsupportedMediaType: defineProblem('unsupported-media-type', { status: 415, title: '不支持此文件或内容类型', titleEn: 'Unsupported media type' }),
  unprocessable: defineProblem('unprocessable', { status: 422, title: '信息无法处理，请核对后重试', titleEn: 'Unprocessable content' }),
  tooManyRequests: defineProblem('too-many-requests', { status: 429, title: '操作太频繁，请稍后再试', titleEn: 'Too many requests' }),
  internal: defineProblem('internal-error', { status: 500, title: '系统繁忙，请稍后再试', titleEn: 'Internal error' }),
  unavailable: defineProblem('service-unavailable', { status: 503, title: '服务暂时不可用，请稍后再试', titleEn: 'Service unavailable' }),
} as const;

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** Throw this from anywhere; the error handler turns it into problem+json with the right status. */
export class AppError extends Error {
  readonly problem: string;
  readonly status: number;
  readonly detail?: string;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;
  constructor(problem: string, opts: { detail?: string; extensions?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
    const spec = registry.get(problem);
    if (!spec) throw new Error(`Unknown problem "${problem}": define it with defineProblem()`);
    super(opts.detail ?? spec.title);
    this.name = 'AppError';
    this.problem = problem;
    this.status = spec.status;
    this.detail = opts.detail;
    this.extensions = opts.extensions ?? {};
    this.headers = opts.headers ?? {};
  }
  toBody(instance?: string): ProblemBody {
    const spec = registry.get(this.problem)!;
    return {
      type: `/problems/${this.problem}`,
      title: spec.title,
      status: spec.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
