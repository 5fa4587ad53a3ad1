// What may leave the hotline without personal information: the service-type list, public request summaries (type,
// status, department, district, dates — never the text, contact data, location or media), and the dashboard KPIs that
// 南通's weekly 12345 bulletins publish (volume by type/department/district, 按时办结率, 回访满意率, overdue list).
// The Open311 GeoReport v2 layer builds on these.
import { shanghaiDate } from '../../platform/calendar.ts';
import { REQUEST_TYPES, TYPE_LABELS, type RequestType } from './catalogue.ts';
import type { HotlineContext } from './context.ts';
import { hotlineRepository as repo, type HotlineRequestRow } from './hotline.repository.ts';
import { deadlineOf } from './views.ts';
import { FINAL_STATUSES, STATUS_LABELS, type Status } from './workflow.ts';

export interface ServiceType {
  code: RequestType;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
  workingDays: number;
}

export async function serviceTypes(ctx: HotlineContext): Promise<ServiceType[]> {
  const settings = await ctx.typeSettings();
  return REQUEST_TYPES.map((t) => ({ code: t, nameZh: TYPE_LABELS[t].zh, nameEn: TYPE_LABELS[t].en, descriptionZh: TYPE_LABELS[t].descriptionZh, workingDays: settings.get(t)!.working_days }));
}

export interface PublicSummary {
  id: string;
  trackingNo: string;
  type: RequestType;
  status: Status;
  statusLabel: string;
  /** Open311 status: open until 办结 (or not accepted / merged) */
  open: boolean;
  organisationId: string | null;
  organisation: string | null;
  divisionCode: string | null;
  receivedAt: Date;
  updatedAt: Date;
  dueDate: string;
  closedAt: Date | null;
  mergedInto: string | null;
}

export interface PublicFilter {
  ids?: string[];
  types?: RequestType[];
  open?: boolean;
  start?: Date;
  end?: Date;
  limit?: number;
}

const CLOSED: ReadonlySet<Status> = new Set(['closed', 'visited', 'rated', 'rejected', 'merged']);

async function toPublic(ctx: HotlineContext, r: HotlineRequestRow, updatedAt: Date): Promise<PublicSummary> {
  const orgs = await ctx.organisations();
  return {
    id: r.id,
    trackingNo: r.tracking_no,
    type: r.type,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status].zh,
    open: !CLOSED.has(r.status),
    organisationId: r.lead_org,
    organisation: r.lead_org ? (orgs.get(r.lead_org)?.name ?? null) : null,
    divisionCode: r.division_code,
    receivedAt: r.received_at,
    updatedAt,
    dueDate: r.due_date,
    closedAt: r.closed_at,
    mergedInto: r.merged_into,
  };
}

async function lastEventAt(ctx: HotlineContext, id: string): Promise<Date | null> {
  const e = await ctx.db.selectFrom('hotline_events').select('occurred_at').where('request_id', '=', id).orderBy('id', 'desc').limit(1).executeTakeFirst();
  return e ? new Date(e.occurred_at) : null;
}

/** Public summaries, newest first (default limit 50, at most 1000). No personal information. */
export async function listPublic(ctx: HotlineContext, f: PublicFilter = {}): Promise<PublicSummary[]> {
  let q = ctx.db.selectFrom('hotline_requests').selectAll();
  if (f.ids?.length) q = q.where('id', 'in', f.ids);
  if (f.types?.length) q = q.where('type', 'in', f.types);
  if (f.open !== undefined) q = f.open ? q.where('status', 'not in', [...CLOSED]) : q.where('status', 'in', [...CLOSED]);
  if (f.start) q = q.where('received_at', '>=', f.start);
  if (f.end) q = q.where('received_at', '<=', f.end);
  const rows = await q.orderBy('received_at', 'desc').limit(Math.min(Math.max(f.limit ?? 50, 1), 1000)).execute();
  return Promise.all(rows.map(async (r) => toPublic(ctx, { ...r }, (await lastEventAt(ctx, r.id)) ?? r.received_at)));
}

export async function getPublic(ctx: HotlineContext, id: string): Promise<PublicSummary | null> {
  const r = await repo.getRequest(ctx.db, id);
  return r ? toPublic(ctx, r, (await lastEventAt(ctx, r.id)) ?? r.received_at) : null;
}

export interface Dashboard {
  total: number;
  byType: { type: RequestType; label: string; count: number }[];
  byDepartment: { organisationId: string; name: string; count: number }[];
  byDistrict: { divisionCode: string; name: string; count: number }[];
  byStatus: { status: Status; label: string; count: number }[];
  /** 按时办结率: closed on or before the due date / all closed */
  onTimeRate: number | null;
  /** 回访满意率: (满意 + 基本满意) / rated */
  satisfactionRate: number | null;
  overdue: { id: string; trackingNo: string; type: RequestType; status: Status; organisation: string | null; dueDate: string; workingDaysOverdue: number }[];
}

/** KPIs over requests received in [from, to] (Asia/Shanghai dates; default: all). Merged duplicates are not counted twice. */
export async function dashboard(ctx: HotlineContext, range: { from?: string; to?: string } = {}): Promise<Dashboard> {
  let q = ctx.db
    .selectFrom('hotline_requests')
    .select(['id', 'tracking_no', 'type', 'status', 'lead_org', 'division_code', 'due_date', 'closed_at', 'rating', 'received_at'])
    .where('status', '!=', 'merged');
  const rows = (await q.execute()).filter((r) => {
    const d = shanghaiDate(new Date(r.received_at));
    return (!range.from || d >= range.from) && (!range.to || d <= range.to);
  });
  void q;
  const orgs = await ctx.organisations();
  const divisions = new Map((await ctx.deps.reference.divisions()).map((d) => [d.code, d.name]));
  const count = <K extends string>(key: (r: (typeof rows)[number]) => K | null) => {
    const m = new Map<K, number>();
    for (const r of rows) {
      const k = key(r);
      if (k !== null) m.set(k, (m.get(k) ?? 0) + 1);
    }
    return [...m.entries()].sort((a, b) => b[1] - a[1]);
  };
  const closed = rows.filter((r) => r.closed_at);
  const onTime = closed.filter((r) => shanghaiDate(new Date(r.closed_at!)) <= r.due_date).length;
  const rated = rows.filter((r) => r.rating && r.status === 'rated');
  const satisfied = rated.filter((r) => r.rating === 'satisfied' || r.rating === 'basically-satisfied').length;
  const now = ctx.now();
  const overdue = [];
  for (const r of rows) {
    if (FINAL_STATUSES.has(r.status) || r.closed_at) continue;
    const d = deadlineOf({ due_date: r.due_date, status: r.status, closed_at: null }, now);
    if (d.overdue) overdue.push({ id: r.id, trackingNo: r.tracking_no, type: r.type, status: r.status, organisation: r.lead_org ? (orgs.get(r.lead_org)?.short_name ?? r.lead_org) : null, dueDate: r.due_date, workingDaysOverdue: -d.workingDaysLeft });
  }
  return {
    total: rows.length,
    byType: count((r) => r.type).map(([type, n]) => ({ type, label: TYPE_LABELS[type].zh, count: n })),
    byDepartment: count((r) => r.lead_org).map(([id, n]) => ({ organisationId: id, name: orgs.get(id)?.short_name ?? id, count: n })),
    byDistrict: count((r) => (r.division_code ? r.division_code.slice(0, 6) : null)).map(([code, n]) => ({ divisionCode: code, name: divisions.get(code) ?? code, count: n })),
    byStatus: count((r) => r.status).map(([status, n]) => ({ status, label: STATUS_LABELS[status].zh, count: n })),
    onTimeRate: closed.length ? onTime / closed.length : null,
    satisfactionRate: rated.length ? satisfied / rated.length : null,
    overdue: overdue.sort((a, b) => a.dueDate.localeCompare(b.dueDate)),
  };
}
