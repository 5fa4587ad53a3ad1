// Named problems of the staff module (application/problem+json with a Chinese title).
import { defineProblem } from '../../platform/http/problem.ts';

export const SP = {
  signInFailed: defineProblem('staff-sign-in-failed', { status: 401, title: '账号、密码或动态验证码不正确', titleEn: 'Account, password or one-time code is incorrect' }),
  locked: defineProblem('staff-account-locked', { status: 423, title: '连续输错次数过多，账号已临时锁定，请15分钟后再试或联系管理员', titleEn: 'Too many wrong attempts: the account is locked for 15 minutes' }),
  weakPassword: defineProblem('staff-password-rejected', { status: 422, title: '密码不符合要求：至少8位，不能是常见密码，不能包含账号', titleEn: 'Password rejected: at least 8 characters, not a common password, not containing the login name' }),
  loginTaken: defineProblem('staff-login-taken', { status: 409, title: '该账号名已被使用', titleEn: 'That login name is taken' }),
  organisationRequired: defineProblem('staff-organisation-required', { status: 422, title: '承办人和部门负责人必须指定所属部门', titleEn: 'Handlers and department heads need a department' }),
  lastAdministrator: defineProblem('staff-last-administrator', { status: 409, title: '至少需要保留一名可用的系统管理员', titleEn: 'At least one active administrator must remain' }),
  administratorExists: defineProblem('staff-administrator-exists', { status: 409, title: '已存在系统管理员，请由管理员在控制台中创建账号', titleEn: 'An administrator already exists' }),
  selfChange: defineProblem('staff-self-change', { status: 403, title: '不能修改自己的角色或停用自己的账号，请由另一名管理员操作', titleEn: 'You cannot change your own roles or disable your own account' }),
  csrf: defineProblem('staff-csrf-check-failed', { status: 403, title: '请求来源校验失败，请刷新页面后重试', titleEn: 'Request origin check failed; reload the page' }),
  passkeyFailed: defineProblem('staff-passkey-failed', { status: 401, title: '通行密钥验证失败', titleEn: 'Passkey verification failed' }),
  unknownPermission: defineProblem('staff-unknown-permission', { status: 422, title: '权限名称不存在', titleEn: 'Unknown permission' }),
  unknownRole: defineProblem('staff-unknown-role', { status: 422, title: '角色不存在', titleEn: 'Unknown role' }),
  currentSession: defineProblem('staff-session-current', { status: 409, title: '这是您当前使用的会话，请通过“退出登录”结束', titleEn: 'This is your current session; sign out to end it' }),
  sessionNotFound: defineProblem('staff-session-not-found', { status: 404, title: '会话不存在或已结束', titleEn: 'No such active session' }),
} as const;
