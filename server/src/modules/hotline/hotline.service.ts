// The hotline's use cases in one place, for the routes, the job, the Open311 layer and tests.
import type { Principal } from '../../platform/http/access.ts';
import { HotlineContext, type HotlineDeps } from './context.ts';
import { submitRequest, uploadAttachment, type SubmitInput, type Submitted } from './intake.ts';
import { dashboard, getPublic, listPublic, serviceTypes, type PublicFilter } from './public.ts';
import { notifyForEvent, sweepDeadlines, takeStep, type StepInput, type StepResult } from './transitions.ts';
import { getMine, listMine, queue, readAttachment, revealIdNumber, staffDetail, type StaffView } from './views.ts';
import type { Status } from './workflow.ts';

export class HotlineService {
  readonly ctx: HotlineContext;
  constructor(deps: HotlineDeps) {
    this.ctx = new HotlineContext(deps);
  }
  // citizen
  upload(principal: Principal | null, accountId: string, kind: 'photo' | 'voice', body: Buffer, opts: { keepGps?: boolean } = {}) {
    return uploadAttachment(this.ctx, principal, accountId, kind, body, opts);
  }
  submit(principal: Principal | null, accountId: string, input: SubmitInput): Promise<Submitted> {
    return submitRequest(this.ctx, principal, { accountId }, input);
  }
  listMine(accountId: string) {
    return listMine(this.ctx, accountId);
  }
  getMine(accountId: string, id: string) {
    return getMine(this.ctx, accountId, id);
  }
  // workflow (citizen rating / 重办 and every staff step)
  step(principal: Principal | null, id: string, action: string, input: StepInput = {}): Promise<StepResult> {
    return takeStep(this.ctx, principal, id, action, input);
  }
  notifyForEvent(eventId: number) {
    return notifyForEvent(this.ctx, eventId);
  }
  sweepDeadlines() {
    return sweepDeadlines(this.ctx);
  }
  // staff
  queue(principal: Principal | null, view: StaffView, filter: { status?: Status; overdue?: boolean } = {}) {
    return queue(this.ctx, principal, view, filter);
  }
  detail(principal: Principal | null, view: StaffView, id: string) {
    return staffDetail(this.ctx, principal, view, id);
  }
  revealIdNumber(principal: Principal | null, id: string, reason: string) {
    return revealIdNumber(this.ctx, principal, id, reason);
  }
  attachment(principal: Principal | null, id: string) {
    return readAttachment(this.ctx, principal, id);
  }
  dashboard(range: { from?: string; to?: string } = {}) {
    return dashboard(this.ctx, range);
  }
  // public (Open311 builds on these)
  serviceTypes() {
    return serviceTypes(this.ctx);
  }
  listPublic(filter: PublicFilter = {}) {
    return listPublic(this.ctx, filter);
  }
  getPublic(id: string) {
    return getPublic(this.ctx, id);
  }
  /** A request from a partner client (Open311 POST). No account: contact data is what the partner passes on. */
  submitFromPartner(clientId: string, input: SubmitInput): Promise<Submitted> {
    return submitRequest(this.ctx, null, { partnerClientId: clientId }, { ...input, channel: 'partner', attachmentIds: [] });
  }
}
