// For the Open311 layer (extensions=true `notes`): the visible steps of requests as event names, states and times —
// never the step's free-text note (it may mention people) nor who took it. Kept apart from public.ts so the Open311
// helper's addition does not touch the hotline's own files.
import type { HotlineService } from './hotline.service.ts';
import { STATUS_LABELS, type Status } from './workflow.ts';

export interface PublicStep {
  /** the past-tense event name, e.g. 'citizen-request.assigned' */
  event: string;
  status: Status;
  statusLabel: string;
  at: Date;
}

/** Visible steps of each request, oldest first (requests without steps are absent from the map). */
export async function publicTimeline(service: HotlineService, requestIds: readonly string[]): Promise<Map<string, PublicStep[]>> {
  const out = new Map<string, PublicStep[]>();
  if (requestIds.length === 0) return out;
  const rows = await service.ctx.db
    .selectFrom('hotline_events')
    .select(['request_id', 'event', 'to_status', 'occurred_at'])
    .where('request_id', 'in', [...requestIds])
    .where('visible', '=', true)
    .orderBy('id', 'asc')
    .execute();
  for (const r of rows) {
    const status = r.to_status as Status;
    const list = out.get(r.request_id) ?? [];
    list.push({ event: r.event, status, statusLabel: STATUS_LABELS[status]?.zh ?? status, at: new Date(r.occurred_at) });
    out.set(r.request_id, list);
  }
  return out;
}
