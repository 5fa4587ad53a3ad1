// The named problems of real-name verification, with titles a citizen understands. Provider refusals are 422 (the
// data given does not verify: correcting it can help), provider outages 503 with `retryable: true` and Retry-After.
import { defineProblem } from '../../platform/http/problem.ts';
import type { ProviderErrorCode } from './providers/types.ts';

export const REALNAME_PROBLEMS = {
  idNumberInvalid: defineProblem('id-number-invalid', { status: 422, title: '身份证号码不正确', titleEn: 'The ID number is not valid' }),
  nameInvalid: defineProblem('real-name-invalid', { status: 422, title: '请填写身份证上的姓名(中文)', titleEn: 'Enter the name as on the ID card' }),
  cardInvalid: defineProblem('bank-card-invalid', { status: 422, title: '银行卡号不正确', titleEn: 'The bank card number is not valid' }),
  mobileInvalid: defineProblem('bank-mobile-invalid', { status: 422, title: '银行预留手机号格式不正确', titleEn: 'The mobile number is not valid' }),
  imageInvalid: defineProblem('face-image-invalid', { status: 422, title: '照片无法识别，请按提示重新拍摄', titleEn: 'The face capture is not usable; please retake it' }),
  imageTooLarge: defineProblem('face-image-too-large', { status: 413, title: '照片太大，请重新拍摄', titleEn: 'The face capture is too large' }),
  nameMismatch: defineProblem('real-name-mismatch', { status: 422, title: '姓名与身份证号码不一致，请核对', titleEn: 'The name does not match the ID number' }),
  idNotFound: defineProblem('id-number-not-found', { status: 422, title: '未查询到该身份证号码，请核对后重试', titleEn: 'No such ID number in the register' }),
  idExpired: defineProblem('id-card-expired', { status: 422, title: '身份证已过有效期，请换领新证后再认证', titleEn: 'The ID card has expired' }),
  idCancelled: defineProblem('id-card-cancelled', { status: 422, title: '该身份证已注销，无法认证', titleEn: 'The ID card has been cancelled' }),
  livenessFailed: defineProblem('liveness-failed', { status: 422, title: '活体检测未通过，请按提示完成眨眼、张嘴、摇头后重试', titleEn: 'Liveness check failed; follow the prompts and try again' }),
  livenessChallengeInvalid: defineProblem('liveness-challenge-invalid', { status: 422, title: '刷脸动作已失效，请重新开始刷脸', titleEn: 'The liveness challenge is used or expired; start the face capture again' }),
  faceMismatch: defineProblem('face-mismatch', { status: 422, title: '人脸与身份证照片不一致', titleEn: 'The face does not match the ID photo' }),
  cardNotMatched: defineProblem('bank-card-not-matched', { status: 422, title: '银行卡信息核验不一致，请核对姓名、身份证号、卡号和银行预留手机号', titleEn: 'The four bank-card elements do not match' }),
  providerUnavailable: defineProblem('real-name-provider-unavailable', { status: 503, title: '核验服务暂时不可用，请稍后重试', titleEn: 'The verification service is temporarily unavailable; try again shortly' }),
  providerBusy: defineProblem('real-name-provider-busy', { status: 429, title: '核验过于频繁，请稍后再试', titleEn: 'Too many verification calls; try again later' }),
  attemptsExceeded: defineProblem('real-name-attempts-exceeded', { status: 429, title: '今日认证失败次数过多，请明天再试', titleEn: 'Too many failed verifications today; try again tomorrow' }),
  idNumberBound: defineProblem('id-number-bound', { status: 409, title: '该身份证号已绑定其他帐号', titleEn: 'This ID number is bound to another account' }),
  alreadyVerified: defineProblem('real-name-already-verified', { status: 409, title: '您已用其他身份信息完成实名认证，不能更换', titleEn: 'This account is verified with another identity' }),
  required: defineProblem('real-name-required', { status: 403, title: '请先完成实名认证', titleEn: 'Real-name verification is required' }),
  faceNotVerified: defineProblem('face-not-verified', { status: 409, title: '请先完成扫脸认证', titleEn: 'Complete face verification first' }),
  stepUpUnavailable: defineProblem('real-name-step-up-unavailable', { status: 503, title: '暂时无法进行二次核身，请稍后再试', titleEn: 'Step-up verification is not available' }),
  guardianConsentRequired: defineProblem('guardian-consent-required', { status: 403, title: '未满14周岁的用户需由监护人关联帐号并同意后才能使用此功能', titleEn: 'Users under 14 need a linked guardian\u2019s consent' }),
  guardianNotEligible: defineProblem('guardian-not-eligible', { status: 403, title: '监护人须为已完成实名认证的成年人', titleEn: 'A guardian must be a real-name-verified adult' }),
  invitationInvalid: defineProblem('guardian-invitation-invalid', { status: 422, title: '邀请码无效或已过期，请让孩子重新生成', titleEn: 'The invitation code is invalid or expired' }),
  notAMinor: defineProblem('not-a-minor', { status: 422, title: '该帐号的实名信息显示已成年，无需监护人', titleEn: 'This account belongs to an adult' }),
  ownAccount: defineProblem('guardian-own-account', { status: 422, title: '不能成为自己的监护人', titleEn: 'You cannot be your own guardian' }),
} as const;

/** Provider refusal → the citizen's problem. */
export const PROBLEM_OF: Record<ProviderErrorCode, string> = {
  'name-mismatch': REALNAME_PROBLEMS.nameMismatch,
  'id-not-found': REALNAME_PROBLEMS.idNotFound,
  'id-expired': REALNAME_PROBLEMS.idExpired,
  'id-cancelled': REALNAME_PROBLEMS.idCancelled,
  'liveness-failed': REALNAME_PROBLEMS.livenessFailed,
  'challenge-invalid': REALNAME_PROBLEMS.livenessChallengeInvalid,
  'face-mismatch': REALNAME_PROBLEMS.faceMismatch,
  'image-invalid': REALNAME_PROBLEMS.imageInvalid,
  'card-not-matched': REALNAME_PROBLEMS.cardNotMatched,
  'rate-limited': REALNAME_PROBLEMS.providerBusy,
  timeout: REALNAME_PROBLEMS.providerUnavailable,
  unavailable: REALNAME_PROBLEMS.providerUnavailable,
};
