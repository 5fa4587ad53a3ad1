// The seams to the three external verification services (PP-1.5, PP-1.6). Production adapters (the public-security
// citizen-identity service, a licensed face-comparison service, a bank-card verification service) implement these;
// development and test use the sandbox (sandbox.ts), which behaves like them but calls nothing outside the platform.

/** Why a provider refused or failed. `retryable` failures (timeouts, rate limits) may succeed later. */
export type ProviderErrorCode =
  | 'name-mismatch' // 姓名与身份证号码不一致
  | 'id-not-found' // 查无此人
  | 'id-expired' // 证件已过有效期
  | 'id-cancelled' // 证件已注销
  | 'liveness-failed' // 活体检测未通过
  | 'challenge-invalid' // 动作指令未知、已使用或已过期(重放)
  | 'face-mismatch' // 人脸与公安留存照片不一致
  | 'image-invalid' // 图像不可用
  | 'card-not-matched' // 银行卡四要素不一致
  | 'rate-limited'
  | 'timeout'
  | 'unavailable';

export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  constructor(code: ProviderErrorCode, message: string) {
    super(message);
    this.name = 'ProviderError';
    this.code = code;
    this.retryable = code === 'timeout' || code === 'unavailable' || code === 'rate-limited';
  }
}

/** What each call carries besides the data: a pseudonymous caller reference for the provider's per-account limits. */
export interface CallContext {
  /** pseudonym of the account (never the account id or any PI) */
  callerRef: string;
}

export interface IdCheckResult {
  /** the provider's transaction reference, kept as proof of the check */
  providerRef: string;
}

export interface IdCheckProvider {
  readonly name: string;
  readonly sandbox: boolean;
  /** name + ID number against the population register. Throws ProviderError on refusal. */
  check(input: { realName: string; idNumber: string }, ctx: CallContext): Promise<IdCheckResult>;
  health(): Promise<void>;
}

export interface FaceResult {
  providerRef: string;
  /** similarity to the register photo, 0–100 */
  score: number;
}

/** The actions a liveness check prompts for (眨眨眼 / 张张嘴 / 缓慢摇头). */
export type LivenessAction = 'blink' | 'mouth' | 'shake';
export const LIVENESS_ACTIONS: readonly LivenessAction[] = ['blink', 'mouth', 'shake'];

/** An action challenge the face service issues before a capture: the order of the prompted actions is random, the
 * challenge is good for one verification only and expires (a recording of an earlier capture cannot be replayed). */
export interface LivenessChallenge {
  challengeId: string;
  actions: LivenessAction[];
  expiresAt: Date;
}

export interface FaceProvider {
  readonly name: string;
  readonly sandbox: boolean;
  /** A fresh action challenge for the next capture (real services: 获取动作序列 / 活体检测令牌). */
  challenge(): Promise<LivenessChallenge>;
  /**
   * Liveness over one frame per prompted action of `challengeId` (consumed by this call, whatever its outcome), then
   * comparison with the register photo of the ID number. The frames are used for this call only and never kept
   * (PP-1.5). Throws ProviderError on refusal (challenge-invalid for an unknown, used or expired challenge).
   */
  verify(input: { realName: string; idNumber: string; frames: Buffer[]; challengeId: string }, ctx: CallContext): Promise<FaceResult>;
  health(): Promise<void>;
}

export interface BankCardResult {
  providerRef: string;
}

export interface BankCardProvider {
  readonly name: string;
  readonly sandbox: boolean;
  /** Four elements: name, ID number, card number, the card's reserved mobile. Throws ProviderError on refusal. */
  verify(input: { realName: string; idNumber: string; cardNumber: string; mobile: string }, ctx: CallContext): Promise<BankCardResult>;
  health(): Promise<void>;
}

export interface RealnameProviders {
  idCheck: IdCheckProvider;
  face: FaceProvider;
  bankCard: BankCardProvider;
}
