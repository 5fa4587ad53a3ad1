// The identity module's named problems (problem+json). Titles are what a citizen reads.
import { AppError, defineProblem } from '../../platform/http/problem.ts';

export const IDENTITY_PROBLEMS = {
  invalidCredentials: defineProblem('invalid-credentials', { status: 401, title: '帐号或密码不正确', titleEn: 'Account or password is incorrect' }),
  accountLocked: defineProblem('account-locked', {
    status: 423,
    title: '密码错误次数过多，密码登录已锁定15分钟，可使用短信验证码登录',
    titleEn: 'Too many wrong passwords: password sign-in is locked for 15 minutes; sign in with an SMS code instead',
  }),
  sourceThrottled: defineProblem('sign-in-throttled', { status: 429, title: '登录尝试过于频繁，请稍后再试', titleEn: 'Too many sign-in attempts from this network; try later' }),
  passwordResetRequired: defineProblem('password-reset-required', {
    status: 403,
    title: '为了您的帐号安全，请先通过短信验证码重设密码',
    titleEn: 'For your security, reset your password with an SMS code first',
  }),
  weakPassword: defineProblem('weak-password', { status: 422, title: '密码太容易被猜到，请换一个', titleEn: 'This password is too easy to guess' }),
  accountNameTaken: defineProblem('account-name-taken', { status: 409, title: '该帐号名称已被使用', titleEn: 'This account name is taken' }),
  mobileTaken: defineProblem('mobile-taken', { status: 409, title: '该手机号码已注册，请直接登录', titleEn: 'This mobile number is already registered; sign in instead' }),
  invalidMobile: defineProblem('invalid-mobile', { status: 422, title: '请输入正确的11位手机号码', titleEn: 'Enter a valid 11-digit mainland mobile number' }),
  codeInvalid: defineProblem('code-invalid', { status: 422, title: '验证码不正确或已过期，请重新获取', titleEn: 'The code is wrong or has expired; request a new one' }),
  codeTooSoon: defineProblem('code-resend-too-soon', { status: 429, title: '验证码发送太频繁，请稍后再试', titleEn: 'Codes were requested too often; wait a moment' }),
  stepUpRequired: defineProblem('step-up-required', {
    status: 403,
    title: '为保障您的帐号安全，请先完成身份核验',
    titleEn: 'Confirm it is you before this sensitive operation',
  }),
  faceUnavailable: defineProblem('face-unavailable', { status: 409, title: '该帐号未开通刷脸登录或核验', titleEn: 'Face sign-in is not enabled for this account' }),
  faceLivenessFailed: defineProblem('face-liveness-failed', { status: 401, title: '活体检测未通过，请按提示完成眨眼、张嘴、摇头后重试', titleEn: 'Liveness check failed; follow the prompts and try again' }),
  faceChallengeInvalid: defineProblem('face-challenge-invalid', { status: 401, title: '刷脸动作已失效，请重新开始刷脸', titleEn: 'The face capture is used or expired; start again' }),
  faceRejected: defineProblem('face-rejected', { status: 401, title: '人脸核验未通过，请重试或使用其他方式', titleEn: 'Face verification failed; try again or use another method' }),
  linkInvalid: defineProblem('link-invalid', { status: 404, title: '链接无效或已过期', titleEn: 'This link is invalid or has expired' }),
  csrf: defineProblem('csrf-header-missing', {
    status: 403,
    title: '请求来源无法确认，请刷新页面后重试',
    titleEn: 'The request did not come from the app; reload and try again',
  }),
} as const;

/** A refused face proof (sign-in or step-up) as the citizen's problem. Liveness and a spent or expired action
 * challenge are named — the citizen can do something about them — while every other refusal (no match, attempts
 * exhausted, unusable image) stays the one generic face-rejected, so sign-in does not tell a stranger why. */
export function faceRefusal(reason: string | undefined): AppError {
  const extensions = reason ? { reason } : {};
  if (reason === 'liveness-failed') return new AppError(IDENTITY_PROBLEMS.faceLivenessFailed, { extensions });
  if (reason === 'challenge-invalid') return new AppError(IDENTITY_PROBLEMS.faceChallengeInvalid, { extensions });
  return new AppError(IDENTITY_PROBLEMS.faceRejected, { extensions });
}
