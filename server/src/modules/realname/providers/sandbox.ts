// Sandbox adapters for the three verification services. They behave like the real ones — validate their input,
// answer from a deterministic register (sandbox-registry.ts), refuse the way the real services refuse, rate-limit per
// caller, take time (0 ms in tests, 200–800 ms otherwise) — but nothing leaves the machine. They are refused in
// production: a sandbox answering "verified" there would make real-name verification meaningless.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Clock } from '../../../platform/clock.ts';
import type { Logger } from '../../../platform/logger.ts';
import { parseCardNumber, parseIdNumber, parseMobile } from '../validation.ts';
import { findIdentity, SANDBOX_TIMEOUT_CARD } from './sandbox-registry.ts';
import {
  ProviderError,
  type BankCardProvider,
  type CallContext,
  type FaceProvider,
  type IdCheckProvider,
  type LivenessAction,
  type LivenessChallenge,
  type RealnameProviders,
  LIVENESS_ACTIONS,
} from './types.ts';

/** How long an action challenge may be used, and how many may be open at once (the oldest are dropped). */
export const CHALLENGE_TTL_MS = 2 * 60_000;
const MAX_OPEN_CHALLENGES = 10_000;

export interface SandboxOptions {
  nodeEnv: 'development' | 'test' | 'production';
  clock: Clock;
  logger: Logger;
  /** simulated latency per call; default 0 in test, 200–800 ms otherwise */
  latencyMs?: () => number;
  /** calls per caller per minute and per day, per service (real services limit per account) */
  perMinute?: number;
  perDay?: number;
}

/** Sliding-window limits per caller reference, as the real services apply them. */
class CallerLimits {
  readonly #calls = new Map<string, number[]>();
  readonly clock: Clock;
  readonly perMinute: number;
  readonly perDay: number;
  constructor(clock: Clock, perMinute: number, perDay: number) {
    this.clock = clock;
    this.perMinute = perMinute;
    this.perDay = perDay;
  }
  take(callerRef: string) {
    const now = this.clock.now().getTime();
    const recent = (this.#calls.get(callerRef) ?? []).filter((t) => t > now - 86_400_000);
    if (recent.filter((t) => t > now - 60_000).length >= this.perMinute || recent.length >= this.perDay) {
      this.#calls.set(callerRef, recent);
      throw new ProviderError('rate-limited', 'sandbox: too many calls for this caller');
    }
    recent.push(now);
    this.#calls.set(callerRef, recent);
  }
}

abstract class SandboxBase {
  readonly sandbox = true;
  protected readonly log: Logger;
  readonly #latency: () => number;
  readonly #limits: CallerLimits;
  protected readonly clock: Clock;
  constructor(opts: SandboxOptions, component: string) {
    if (opts.nodeEnv === 'production') {
      throw new Error(`The ${component} sandbox must not run in production: configure a real provider (REALNAME_PROVIDER)`);
    }
    this.clock = opts.clock;
    this.log = opts.logger.child({ provider: component, sandbox: true });
    this.#latency = opts.latencyMs ?? (opts.nodeEnv === 'test' ? () => 0 : () => 200 + Math.floor(Math.random() * 600));
    this.#limits = new CallerLimits(opts.clock, opts.perMinute ?? 5, opts.perDay ?? 50);
  }
  protected async begin(ctx: CallContext) {
    if (!ctx.callerRef) throw new Error('callerRef is required');
    const ms = this.#latency();
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
    this.#limits.take(ctx.callerRef);
  }
  protected ref(prefix: string) {
    return `sandbox-${prefix}-${randomUUID()}`;
  }
  async health(): Promise<void> {}
}

/** 公安身份核验 (sandbox): name + ID number against the register. */
export class SandboxIdCheck extends SandboxBase implements IdCheckProvider {
  readonly name = 'Public-security ID check (sandbox)';
  constructor(opts: SandboxOptions) {
    super(opts, 'id-check');
  }
  async check(input: { realName: string; idNumber: string }, ctx: CallContext) {
    await this.begin(ctx);
    // The real service validates its input too; the platform has done so already, so this never fires in practice.
    if (!parseIdNumber(input.idNumber, this.clock.now()).ok) throw new ProviderError('id-not-found', 'sandbox: malformed ID number');
    checkRegister(input.realName, input.idNumber);
    const providerRef = this.ref('id');
    this.log.info({ providerRef, callerRef: ctx.callerRef }, 'ID check passed (sandbox)');
    return { providerRef };
  }
}

function checkRegister(realName: string, idNumber: string) {
  const person = findIdentity(idNumber);
  if (!person) throw new ProviderError('id-not-found', 'sandbox: no such ID number in the register');
  if (person.idStatus === 'timeout') throw new ProviderError('timeout', 'sandbox: register timed out');
  if (person.realName !== realName) throw new ProviderError('name-mismatch', 'sandbox: name does not match the ID number');
  if (person.idStatus === 'expired') throw new ProviderError('id-expired', 'sandbox: ID card expired');
  if (person.idStatus === 'cancelled') throw new ProviderError('id-cancelled', 'sandbox: ID card cancelled');
  return person;
}

/** 人脸核验 (sandbox): an action challenge, liveness over one frame per prompted action, then comparison with the
 * register photo. Challenges live in this process only, as the real service keeps them on its side. */
export class SandboxFace extends SandboxBase implements FaceProvider {
  readonly name = 'Face liveness and comparison (sandbox)';
  readonly #open = new Map<string, { actions: LivenessAction[]; expiresAt: number }>();
  constructor(opts: SandboxOptions) {
    super(opts, 'face');
  }
  async challenge(): Promise<LivenessChallenge> {
    const now = this.clock.now().getTime();
    for (const [id, c] of this.#open) if (c.expiresAt <= now || this.#open.size >= MAX_OPEN_CHALLENGES) this.#open.delete(id);
    const actions = [...LIVENESS_ACTIONS];
    for (let i = actions.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [actions[i], actions[j]] = [actions[j]!, actions[i]!];
    }
    const challengeId = this.ref('live');
    this.#open.set(challengeId, { actions, expiresAt: now + CHALLENGE_TTL_MS });
    return { challengeId, actions, expiresAt: new Date(now + CHALLENGE_TTL_MS) };
  }
  async verify(input: { realName: string; idNumber: string; frames: Buffer[]; challengeId: string }, ctx: CallContext) {
    await this.begin(ctx);
    // The challenge is spent by this call whatever happens next: a second try needs a new one (no replay).
    const challenge = this.#open.get(input.challengeId);
    this.#open.delete(input.challengeId);
    if (!challenge) throw new ProviderError('challenge-invalid', 'sandbox: unknown or already used action challenge');
    if (challenge.expiresAt <= this.clock.now().getTime()) throw new ProviderError('challenge-invalid', 'sandbox: action challenge expired');
    const person = checkRegister(input.realName, input.idNumber);
    if (input.frames.length < 1 || input.frames.length > 3) throw new ProviderError('image-invalid', 'sandbox: 1 to 3 frames expected');
    // One frame per prompted action: fewer means the capture stopped before every action was done.
    if (input.frames.length !== challenge.actions.length) throw new ProviderError('liveness-failed', 'sandbox: not every prompted action was captured');
    for (const frame of input.frames) {
      // libvips is loaded on the first face frame, not at boot (issue #2 idle memory: ~20 MB)
      const sharp = (await import('sharp')).default;
      const meta = await sharp(frame).metadata().catch(() => null);
      if (!meta || meta.format !== 'jpeg') throw new ProviderError('image-invalid', 'sandbox: frame is not a decodable JPEG');
      if ((meta.width ?? 0) < 64 || (meta.height ?? 0) < 64) throw new ProviderError('image-invalid', 'sandbox: frame smaller than 64×64');
    }
    // A replayed still photo shows no movement between the prompted actions: identical frames fail liveness.
    const digests = new Set(input.frames.map((f) => createHash('sha256').update(f).digest('hex')));
    if (digests.size !== input.frames.length) throw new ProviderError('liveness-failed', 'sandbox: no movement between frames');
    if (person.face === 'timeout') throw new ProviderError('timeout', 'sandbox: face service timed out');
    if (person.face === 'liveness-failed') throw new ProviderError('liveness-failed', 'sandbox: liveness check failed');
    if (person.face === 'mismatch') throw new ProviderError('face-mismatch', 'sandbox: face does not match the register photo');
    const providerRef = this.ref('face');
    this.log.info({ providerRef, callerRef: ctx.callerRef, frames: input.frames.length }, 'face verification passed (sandbox)');
    return { providerRef, score: 92 };
  }
}

/** 银行卡四要素核验 (sandbox). */
export class SandboxBankCard extends SandboxBase implements BankCardProvider {
  readonly name = 'Bank-card four-element check (sandbox)';
  constructor(opts: SandboxOptions) {
    super(opts, 'bank-card');
  }
  async verify(input: { realName: string; idNumber: string; cardNumber: string; mobile: string }, ctx: CallContext) {
    await this.begin(ctx);
    if (!parseCardNumber(input.cardNumber).ok || !parseMobile(input.mobile)) throw new ProviderError('card-not-matched', 'sandbox: malformed card or mobile');
    if (input.cardNumber === SANDBOX_TIMEOUT_CARD) throw new ProviderError('timeout', 'sandbox: bank timed out');
    const person = findIdentity(input.idNumber);
    const card = person?.realName === input.realName ? person.cards.find((c) => c.cardNumber === input.cardNumber) : undefined;
    if (!card || card.mobile !== parseMobile(input.mobile)) throw new ProviderError('card-not-matched', 'sandbox: four elements do not match');
    const providerRef = this.ref('card');
    this.log.info({ providerRef, callerRef: ctx.callerRef }, 'bank-card check passed (sandbox)');
    return { providerRef };
  }
}

export function createSandboxProviders(opts: SandboxOptions): RealnameProviders {
  return { idCheck: new SandboxIdCheck(opts), face: new SandboxFace(opts), bankCard: new SandboxBankCard(opts) };
}
