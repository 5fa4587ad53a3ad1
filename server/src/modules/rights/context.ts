// What every use case of the rights centre needs, wired once in index.ts.
import type { Transaction } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Tables } from '../../platform/db/tables.ts';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P, defineProblem } from '../../platform/http/problem.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import type { NotificationsService } from '../notifications/index.ts';
import type { SharingService } from '../sharing/index.ts';
import type { SubjectTable } from '../privacy/index.ts';
import type { EngineDeps } from './subject-data.ts';

export const RIGHTS_PROBLEMS = {
  exportNotReady: defineProblem('export-not-ready', { status: 409, title: '导出文件尚未生成，请稍后再试', titleEn: 'The export is not ready yet' }),
  exportExpired: defineProblem('export-expired', { status: 410, title: '下载链接已过期，请重新申请导出', titleEn: 'The download link has expired' }),
  notItemDeletable: defineProblem('item-not-deletable', { status: 422, title: '该项不能单独删除，请提交删除申请', titleEn: 'This item cannot be deleted on its own; file a deletion request' }),
  notGuardian: defineProblem('not-guardian', { status: 403, title: '您不是该未成年人的已验证监护人', titleEn: 'You are not a verified guardian of this minor' }),
  requestClosed: defineProblem('request-closed', { status: 409, title: '该申请已处理完毕', titleEn: 'The request has already been handled' }),
  identityNotVerified: defineProblem('identity-not-verified', { status: 409, title: '请先核验申请人身份(PP-4.7)', titleEn: 'Verify the requester\u2019s identity first (PP-4.7)' }),
  verifiedField: defineProblem('verified-field', { status: 422, title: '已核验的信息(姓名、身份证号)只能通过重新实名认证修改', titleEn: 'Verified fields change only by verifying again' }),
};

export interface RightsDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  jobs: Jobs;
  cipher: FieldCipher;
  blindIndex: (kind: string, value: string) => Buffer;
  audit: AuditService;
  sharing: SharingService;
  notifications: NotificationsService;
  /** identity's step-up (二次核身) */
  stepUp: { require(principal: Principal | null): Promise<void>; isFresh(principal: Principal | null): Promise<boolean> };
  /** identity: the bound mobile for SMS */
  contactOf(accountId: string): Promise<{ mobile: string } | null>;
  /** staff.directory.describe: department and role, never the name */
  describeStaff(staffId: string): Promise<{ roleNames: string[]; organisationName: string | null } | null>;
  /** oidc.revokeAccount (PP-4.5 b): tokens, grants, back-channel logout */
  revokeOidc(accountId: string): Promise<unknown>;
  /** realname: age band of a verified account (PP-5.2 sweep) */
  ageBand(accountId: string): Promise<string>;
  /** extra declarations (tests) */
  declarations?: SubjectTable[];
}

export type Tx = Transaction<Tables>;

export interface RightsContext extends RightsDeps {
  decls: SubjectTable[];
  engine: EngineDeps;
}

export function citizenOf(principal: Principal | null | undefined): string {
  if (!principal || principal.kind !== 'citizen') throw new AppError(P.unauthenticated);
  return principal.accountId;
}

export function staffOf(principal: Principal | null | undefined): string {
  if (!principal || principal.kind !== 'staff') throw new AppError(P.forbidden);
  return principal.staffId;
}
