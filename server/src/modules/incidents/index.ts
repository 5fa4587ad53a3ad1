// Personal-information security incidents (PP-3.5, LAW-8 / PIPL art. 57): the register, the response plan as a
// transition table, the notice to affected users (fanned out through the notifications outbox), public notices when
// people cannot be told one by one, and regulator reports against the platform's 72-hour rule. Other modules import
// from here only:
//   const incidents = createIncidentsModule({ database, clock, logger, jobs, audit, notifications, contactOf });
//   modules.push(incidents.module); for (const j of incidents.jobs) registry.define(j);
import type { AppModule } from '../../app.ts';
import type { JobDefinition } from '../../platform/jobs.ts';
import { incidentJobs } from './incidents.jobs.ts';
import { defineIncidentTemplates } from './incidents.notice.ts';
import { incidentRoutes } from './incidents.routes.ts';
import { IncidentsService, type IncidentsDeps } from './incidents.service.ts';

export { IncidentsService, NOTIFY_BATCH_JOB, BATCH_SIZE, type IncidentsDeps } from './incidents.service.ts';
export { INCIDENT_PROBLEMS, NOTICE_PARTS, missingParts, renderNotice, TEMPLATE_NOTICE, TEMPLATE_NOTICE_SMS, DEFAULT_CONTACT, type NoticeDraft } from './incidents.notice.ts';
export { TRANSITIONS, STEPS, STATUSES, decide, allowedSteps, reportClock, REPORT_WITHIN_HOURS } from './incidents.workflow.ts';
export { REGULATORS, reportText } from './incidents.report.ts';

export interface IncidentsModule {
  module: AppModule;
  service: IncidentsService;
  jobs: JobDefinition<any>[];
}

export function createIncidentsModule(deps: IncidentsDeps): IncidentsModule {
  defineIncidentTemplates();
  const service = new IncidentsService({ ...deps, logger: deps.logger.child({ module: 'incidents' }) });
  return {
    module: { name: 'incidents', tag: { name: 'incidents', description: '个人信息安全事件：登记、应急处置步骤、告知受影响用户、公告与向监管部门报告' }, routes: incidentRoutes(service) },
    service,
    jobs: incidentJobs(service),
  };
}
