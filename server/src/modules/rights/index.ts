// The rights centre (issue #6): 用户资料, export, correction pointers, deletion (single items at once, categories and
// everything through the privacy office within 15 working days), account cancellation in two modes, feedback,
// 谁使用了我的数据, guardians, and the privacy office's queue. Export and erasure are generic over the inventory's
// subject-table declarations (ModuleInventory.subjectTables). Other modules import from here only:
//   const rights = createRightsModule({ database, clock, logger, jobs, cipher, blindIndex, audit, sharing, notifications,
//     stepUp, contactOf, describeStaff, revokeOidc, ageBand });
//   modules.push(rights.module); for (const j of rights.jobs) registry.define(j);
import type { AppModule } from '../../app.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import type { RightsContext, RightsDeps } from './context.ts';
import { ExportService } from './rights.export.ts';
import { FeedbackService } from './rights.feedback.ts';
import { rightsJobs } from './rights.jobs.ts';
import { OfficeService } from './rights.office.ts';
import { rightsRoutes } from './rights.routes.ts';
import { RightsService } from './rights.service.ts';
import { inventoryDeclarations } from './subject-data.ts';
import './templates.ts';

export { RIGHTS_PROBLEMS, type RightsDeps } from './context.ts';
export { requestDueDate, feedbackDueDate, requestClock, feedbackClock, REQUEST_WORKING_DAYS, FEEDBACK_DAYS } from './deadlines.ts';
export { REFUSAL_GROUNDS, type RefusalGround } from './rights.office.ts';
export { BUILD_EXPORT_JOB, EXPORT_FORMAT } from './rights.export.ts';
export { PURGE_STORAGE_JOB, MINORS_SWEEP_JOB, sweepMinors } from './rights.jobs.ts';
export { collectSubjectData, eraseSubject, eraseItem, inventoryDeclarations, APP_KEY, type StoreReceipt, type ExportedTable } from './subject-data.ts';

export interface RightsModule {
  module: AppModule;
  jobs: JobDefinition<any>[];
  rights: RightsService;
  exports: ExportService;
  office: OfficeService;
  feedback: FeedbackService;
  context: RightsContext;
}

export function createRightsModule(deps: RightsDeps): RightsModule {
  const context: RightsContext = {
    ...deps,
    logger: deps.logger.child({ module: 'rights' }),
    decls: inventoryDeclarations(deps.declarations ?? []),
    engine: { cipher: deps.cipher, blindIndex: deps.blindIndex, pseudonym: (s) => deps.audit.subjectPseudonym(s) },
  };
  const rights = new RightsService(context);
  const exports = new ExportService(context);
  const office = new OfficeService(context);
  const feedback = new FeedbackService(context);
  return {
    module: { name: 'rights', tag: { name: 'rights', description: '个人信息权利：用户资料、导出、删除、注销、反馈、谁使用了我的数据；隐私办公室工作台' }, routes: rightsRoutes({ rights, exports, office, feedback }) },
    jobs: rightsJobs(context, exports),
    rights, exports, office, feedback, context,
  };
}
