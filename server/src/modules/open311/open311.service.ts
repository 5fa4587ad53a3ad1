// GeoReport v2 over the 12345 hotline. The hotline owns the requests: this layer maps its request types to Open311
// services, its public summaries (no personal information) to service requests, and a partner's POST to the hotline's
// own intake (guard, encryption, audit, routing, notifications), with the partner as the actor.
//
// Status mapping (GeoReport v2 `status` is open|closed): open while the case runs (待受理 … 答复审核中, 重办);
// closed from 办结 on (已办结, 已回访, 已评价) and for 不予受理 and 已并单. extensions=true adds the 12345 detail.
import { randomBytes } from 'node:crypto';
import { endOfDay } from '../../platform/calendar.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Logger } from '../../platform/logger.ts';
import { isAppError } from '../../platform/http/problem.ts';
import { publicTimeline, REQUEST_TYPES, TYPE_LABELS, type HotlineService, type PublicSummary, type RequestType, type ServiceType, type ContactInput } from '../hotline/index.ts';
import type { ReferenceModule } from '../reference/index.ts';
import { open311Repository as repo } from './open311.repository.ts';
import { PartnerKeys, type PartnerInput } from './open311.keys.ts';
import type { AuditService } from '../audit/index.ts';
import { Open311Error, w3 } from './open311.presenter.ts';
import type { SubmitForm } from './open311.schemas.ts';
import { SUBMIT_SCOPE } from './open311.auth.ts';

export const JURISDICTION_ID = 'nantong.gov.cn';
export const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** Bumped when the service list or a service definition changes shape (Service Discovery `changeset`). */
export const CHANGESET = '2026-11-27T00:00:00+08:00';
/** GeoReport v2 GET requests: "a span of 90 days or first 1000 requests returned, whichever is smallest". */
export const MAX_SPAN_DAYS = 90;
export const MAX_RESULTS = 1000;
const DAY_MS = 86_400_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The fixed demo key seeded on non-production starts (docs/open311.md); never in production. */
export const DEMO_CLIENT = { clientId: 'demo-open311', name: 'Open311 演示客户端', organisation: '南通百通演示', key: 'ntbt-open311-demo-key-2026-not-for-production' };

export interface Open311Deps {
  database: Database;
  clock: Clock;
  logger: Logger;
  hotline: HotlineService;
  /** audits issuing and revoking partner keys (optional for tests of the reads) */
  audit?: AuditService;
  reference: ReferenceModule['repository'];
  /** where the API is reached from outside, e.g. https://bt.nantong.gov.cn */
  publicUrl: string;
  production: boolean;
}

export interface RequestQuery {
  ids?: string[];
  codes?: string[];
  statuses?: ('open' | 'closed')[];
  start?: Date;
  end?: Date;
  extensions: boolean;
}

export class Open311Service {
  readonly deps: Open311Deps;
  readonly keys: PartnerKeys;
  constructor(deps: Open311Deps) {
    this.deps = deps;
    this.keys = new PartnerKeys({ database: deps.database, clock: deps.clock, ...(deps.audit ? { audit: deps.audit } : {}) });
  }

  /** Optional everywhere (one jurisdiction); a different one is "not found" (GeoReport v2 §jurisdiction_id). */
  checkJurisdiction(id: string | undefined): void {
    if (id && id !== JURISDICTION_ID) throw new Open311Error(404, `jurisdiction_id ${id} not found (this endpoint serves ${JURISDICTION_ID})`);
  }

  discovery() {
    const base = this.deps.publicUrl.replace(/\/$/, '');
    return {
      changeset: CHANGESET,
      contact: '南通市12345政务服务便民热线 — 拨打12345，或访问 ' + base + ' ; API: open311@nantong.gov.cn',
      key_service: '合作方(第三方应用)向南通市大数据管理局申请api_key，签订数据处理协议后发放；查询无需api_key。Partners apply to 南通市大数据管理局 for an api_key; reads need none.',
      endpoints: [
        {
          specification: SPECIFICATION,
          url: `${base}/open311/v2`,
          changeset: CHANGESET,
          type: this.deps.production ? 'production' : 'test',
          formats: ['text/xml', 'application/json'],
        },
      ],
    };
  }

  async #types(): Promise<ServiceType[]> {
    return this.deps.hotline.serviceTypes();
  }

  async services() {
    return (await this.#types()).map((t) => ({
      service_code: t.code,
      service_name: t.nameZh,
      description: `${t.descriptionZh}(${t.nameEn})；按规定在${t.workingDays}个工作日内办结`,
      metadata: true,
      // batch: the POST answers with a token; the hotline registers the request (待受理) and tokens/{token} gives its id
      type: 'batch' as const,
      keywords: `${t.nameZh}, ${t.nameEn}, 12345`,
      group: '12345政务服务便民热线',
    }));
  }

  async #type(code: string): Promise<ServiceType> {
    const t = (await this.#types()).find((x) => x.code === code);
    if (!t) throw new Open311Error(404, `service_code ${code} not found`);
    return t;
  }

  /** GeoReport v2 GET Service Definition: the attributes a partner may pass as attribute[code]. */
  async definition(code: string) {
    await this.#type(code);
    return {
      service_code: code,
      attributes: [
        { variable: true, code: 'title', datatype: 'string', required: false, datatype_description: '不超过50字', order: 1, description: '诉求标题(不填时取描述的前30个字)' },
        {
          variable: true, code: 'confidential', datatype: 'singlevaluelist', required: false, datatype_description: null, order: 2,
          description: '是否对承办部门保密诉求人身份(热线仍保留联系方式用于回访)',
          values: [{ key: 'false', name: '不保密' }, { key: 'true', name: '保密' }],
        },
        {
          variable: true, code: 'gender', datatype: 'singlevaluelist', required: false, datatype_description: null, order: 3,
          description: '诉求人性别(仅在诉求人自愿提供时填写)',
          values: [{ key: 'male', name: '男' }, { key: 'female', name: '女' }],
        },
      ],
    };
  }

  /**
   * POST Service Request from a partner client. The hotline's intake does the rest; this records the token and which
   * contact elements the partner passed on (LAW-4: collected from that partner, under purpose hotline-12345).
   */
  async submit(clientId: string, scopes: ReadonlySet<string>, form: SubmitForm) {
    if (!scopes.has(SUBMIT_SCOPE)) throw new Open311Error(403, 'api_key does not allow create_request');
    this.checkJurisdiction(form.jurisdiction_id);
    if (!form.service_code) throw new Open311Error(400, 'service_code was not provided');
    const type = await this.#type(form.service_code);
    const hasLatLong = form.lat !== undefined && form.long !== undefined;
    if ((form.lat === undefined) !== (form.long === undefined)) throw new Open311Error(400, 'lat and long must both be sent');
    if (!hasLatLong && !form.address_string && !form.address_id) throw new Open311Error(400, 'A full location parameter must be submitted: lat & long, address_string or address_id');
    let divisionCode: string | undefined;
    if (form.address_id) {
      // our master address repository is the GB/T 2260 division list (county or township code)
      const division = (await this.deps.reference.divisions()).find((d) => d.code === form.address_id);
      if (!division) throw new Open311Error(400, `address_id ${form.address_id} is not a division code of 南通市`);
      divisionCode = division.code;
    }
    if (!form.description) throw new Open311Error(400, 'description was not provided (12345 needs the matter described)');
    const attr = form.attribute;
    const title = attr.title?.trim() || form.description.replace(/\s+/g, ' ').slice(0, 30);
    const name = [form.last_name, form.first_name].filter(Boolean).join('');
    const gender = attr.gender === 'male' || attr.gender === 'female' ? attr.gender : undefined;
    const contact: ContactInput = {
      ...(name ? { name } : {}),
      ...(form.phone ? { mobile: form.phone } : {}),
      ...(form.email ? { email: form.email } : {}),
      ...(gender ? { gender } : {}),
    };
    const contactElements = [
      ...(contact.name ? ['real-name'] : []),
      ...(contact.gender ? ['gender'] : []),
      ...(contact.mobile ? ['mobile'] : []),
      ...(contact.email ? ['email'] : []),
    ];
    let submitted;
    try {
      submitted = await this.deps.hotline.submitFromPartner(clientId, {
        type: type.code,
        title,
        description: form.description,
        ...(hasLatLong || form.address_string ? { location: { ...(hasLatLong ? { latitude: form.lat, longitude: form.long } : {}), ...(form.address_string ? { address: form.address_string } : {}) } } : {}),
        ...(divisionCode ? { divisionCode } : {}),
        contact,
        confidential: attr.confidential === 'true',
      });
    } catch (e) {
      if (isAppError(e) && e.status < 500) {
        // an emergency is not filed: the partner's user must call the numbers now (110/119/120/122)
        const numbers = (e.extensions.emergencyNumbers as { number: string; nameZh: string }[] | undefined)?.map((n) => `${n.number} ${n.nameZh}`);
        throw new Open311Error(e.status === 404 ? 404 : 400, `${e.problem}: ${e.message}${numbers?.length ? `(${numbers.join('；')})` : ''}`);
      }
      throw e;
    }
    const token = randomBytes(12).toString('base64url');
    await repo.insertSubmission(this.deps.database.db, { token, request_id: submitted.id, client_id: clientId, contact_elements: contactElements, created_at: this.deps.clock.now() });
    return [{ token, service_notice: `12345已收到，按规定在${type.workingDays}个工作日内办结(${submitted.dueDate}前)`, account_id: null }];
  }

  async token(token: string) {
    const s = token.length <= 64 ? await repo.submissionByToken(this.deps.database.db, token) : undefined;
    if (!s) throw new Open311Error(404, `token ${token} not found`);
    return [{ service_request_id: s.request_id, token: s.token }];
  }

  /** GET Service Requests with the spec's filters and volume limit (90 days, 1000 requests). */
  async list(q: RequestQuery) {
    const known = new Set<string>(REQUEST_TYPES);
    for (const c of q.codes ?? []) if (!known.has(c)) throw new Open311Error(400, `service_code ${c} not found`);
    let summaries: PublicSummary[];
    if (q.ids?.length) {
      // service_request_id "overrides all other arguments"; an id that is not a uuid cannot exist
      const ids = q.ids.filter((id) => UUID.test(id)).slice(0, MAX_RESULTS);
      summaries = ids.length ? await this.deps.hotline.listPublic({ ids, limit: MAX_RESULTS }) : [];
    } else {
      const now = this.deps.clock.now();
      let { start, end } = q;
      if (start && end && end.getTime() - start.getTime() > MAX_SPAN_DAYS * DAY_MS) throw new Open311Error(400, `start_date and end_date may not span more than ${MAX_SPAN_DAYS} days`);
      if (start && end && end < start) throw new Open311Error(400, 'end_date is before start_date');
      if (!start && !end) end = now;
      if (!start) start = new Date(end!.getTime() - MAX_SPAN_DAYS * DAY_MS);
      if (!end) end = new Date(start.getTime() + MAX_SPAN_DAYS * DAY_MS);
      const statuses = new Set(q.statuses ?? []);
      summaries = await this.deps.hotline.listPublic({
        ...(q.codes?.length ? { types: q.codes as RequestType[] } : {}),
        ...(statuses.size === 1 ? { open: statuses.has('open') } : {}),
        start,
        end,
        limit: MAX_RESULTS,
      });
    }
    return this.#present(summaries, q.extensions);
  }

  async one(id: string, extensions: boolean) {
    const s = UUID.test(id) ? await this.deps.hotline.getPublic(id) : null;
    if (!s) throw new Open311Error(404, `service_request_id ${id} not found`);
    return this.#present([s], extensions);
  }

  async #present(list: PublicSummary[], extensions: boolean) {
    const divisions = new Map((await this.deps.reference.divisions()).map((d) => [d.code, d.name]));
    const types = new Map((await this.#types()).map((t) => [t.code, t]));
    const steps = extensions ? await publicTimeline(this.deps.hotline, list.map((s) => s.id)) : new Map();
    return list.map((s) => {
      const closed = !s.open;
      // PP-3.4: what leaves here is the hotline's public summary only — no contact data, no text, no precise
      // location (the intake's location consent covers handling, not publication), no media.
      const base = {
        service_request_id: s.id,
        status: closed ? ('closed' as const) : ('open' as const),
        service_name: TYPE_LABELS[s.type].zh,
        service_code: s.type,
        description: null,
        requested_datetime: w3(s.receivedAt),
        // "For requests with status=closed, this will be the date the request was closed."
        updated_datetime: w3(closed && s.closedAt ? s.closedAt : s.updatedAt),
        address: s.divisionCode ? (divisions.get(s.divisionCode) ?? null) : null,
        address_id: s.divisionCode,
        zipcode: null,
        lat: null,
        long: null,
        media_url: null,
      };
      if (!extensions) return base;
      const type = types.get(s.type);
      return {
        ...base,
        status_notes: s.statusLabel,
        agency_responsible: s.organisation,
        service_notice: type ? `按规定在${type.workingDays}个工作日内办结` : null,
        // the working-day time limit ends with its Asia/Shanghai date (LAW-11)
        expected_datetime: w3(new Date(endOfDay(s.dueDate).getTime() - 1000)),
        extended_attributes: {
          tracking_no: s.trackingNo,
          hotline_status: s.status,
          due_date: s.dueDate,
          closed_datetime: s.closedAt ? w3(s.closedAt) : null,
          merged_into: s.mergedInto,
        },
        notes: (steps.get(s.id) ?? []).map((n: { event: string; statusLabel: string; at: Date }) => ({ datetime: w3(n.at), description: n.statusLabel, type: n.event })),
      };
    });
  }

  /** A new random key for a partner: shown once, stored hashed (see PartnerKeys). */
  issueKey(c: PartnerInput): Promise<string> {
    return this.keys.issue(c);
  }

  revokeClient(clientId: string): Promise<boolean> {
    return this.keys.revoke(clientId);
  }

  /** Non-production only: the documented demo partner (docs/open311.md). */
  async seedDemo(): Promise<void> {
    if (this.deps.production) return;
    await this.keys.register({ ...DEMO_CLIENT, scopes: [SUBMIT_SCOPE] });
    this.deps.logger.info({ clientId: DEMO_CLIENT.clientId, apiKey: DEMO_CLIENT.key }, 'Open311 demo partner key (non-production only, see docs/open311.md)');
  }
}
