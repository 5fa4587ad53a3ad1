// Open311 GeoReport v2 over 12345 through HTTP: every JSON answer is validated against the GeoReport v2 JSON Schemas
// (copied into ./schemas from open311/schema-validation; the error list, POST and token answers against schemas written
// here from the spec text), every XML answer is parsed with fast-xml-parser and its root element checked. Personal data
// passed by a partner or a citizen never appears in any GET body (PP-3.4).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { asCitizen, asStaff, testAuthenticator } from '../support/auth.ts';
import { chainAuthenticators } from '../../src/platform/http/access.ts';
import { partnerAuthenticator, SUBMIT_SCOPE } from '../../src/modules/open311/index.ts';
import { hashKey, open311Repository } from '../../src/modules/open311/open311.repository.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema = (name: string) => JSON.parse(readFileSync(new URL(`./schemas/${name}.schema.json`, import.meta.url), 'utf8'));
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(schema('request'), 'request.json');
ajv.addSchema(schema('service'), 'service.json');
const V = {
  services: ajv.compile(schema('services')),
  definition: ajv.compile(schema('service-definition')),
  requests: ajv.compile(schema('requests')),
  // GeoReport v2 §Errors: an array of { code, description }
  errors: ajv.compile({ type: 'array', minItems: 1, items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } } } }),
  // §POST Service Request response: token (batch services) instead of service_request_id, service_notice, account_id
  posted: ajv.compile({
    type: 'array', minItems: 1,
    items: { type: 'object', required: ['token'], not: { required: ['service_request_id'] }, properties: { token: { type: 'string', minLength: 8 }, service_notice: { type: ['string', 'null'] }, account_id: { type: ['string', 'null'] } } },
  }),
  // §GET service_request_id from a token
  token: ajv.compile({ type: 'array', minItems: 1, items: { type: 'object', required: ['service_request_id', 'token'], properties: { service_request_id: { type: 'string' }, token: { type: 'string' } } } }),
  // Service Discovery §Fields for All Versions (all required)
  discovery: ajv.compile({
    type: 'object', required: ['changeset', 'contact', 'key_service', 'endpoints'],
    properties: {
      endpoints: {
        type: 'array', minItems: 1,
        items: { type: 'object', required: ['specification', 'url', 'changeset', 'type', 'formats'], properties: { type: { enum: ['production', 'test'] }, formats: { type: 'array', items: { type: 'string' } } } },
      },
    },
  }),
};
const xmlParser = new XMLParser({ ignoreDeclaration: true, parseTagValue: false, isArray: (name) => ['service', 'request', 'error', 'attribute', 'value', 'endpoint', 'format', 'note'].includes(name) });

const KEY = 'test-partner-key-0123456789abcdef';
const READ_ONLY_KEY = 'test-readonly-key-0123456789abcdef';
// what a partner and a citizen pass on; none of it may appear in a GET (PP-3.4)
const PI = { last_name: '欧阳', first_name: '小红', phone: '13912345678', email: 'xiaohong@example.cn', address_string: '崇川区工农路111号3幢201室' };
const CITIZEN_PI = { name: '钱多多', mobile: '13700001111', description: '我家楼下的路灯坏了一个月，我叫钱多多，住在北大街5号' };

describeEachDatabase('Open311 GeoReport v2', (ctx) => {
  let p: TestPlatform;
  const getBodies: string[] = [];
  before(async () => {
    p = await testPlatform(ctx.database, { authenticator: chainAuthenticators([testAuthenticator, partnerAuthenticator(ctx.database)]) });
    p.clock.set('2026-11-23T10:00:00+08:00'); // a Monday
    const now = p.clock.now();
    for (const [clientId, key, scopes] of [['partner-a', KEY, [SUBMIT_SCOPE]], ['partner-ro', READ_ONLY_KEY, []]] as const) {
      await open311Repository.upsertClient(ctx.database.db, { client_id: clientId, name: clientId, organisation: '测试合作方', key_hash: hashKey(key), key_prefix: key.slice(0, 8), scopes: [...scopes], created_at: now, revoked_at: null });
    }
  });
  after(async () => p.close());

  async function get(url: string) {
    const r = await p.app.inject({ url });
    getBodies.push(r.body);
    return r;
  }
  function form(fields: Record<string, string>) {
    return { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', payload: new URLSearchParams(fields).toString() };
  }
  async function post(format: 'json' | 'xml', fields: Record<string, string>) {
    const f = form(fields);
    return p.app.inject({ method: 'POST', url: `/open311/v2/requests.${format}`, headers: { 'content-type': f['content-type'] }, payload: f.payload });
  }
  function valid(v: ValidateFunction, body: unknown) {
    assert.ok(v(body), JSON.stringify(v.errors) + '\n' + JSON.stringify(body).slice(0, 400));
  }
  function json(r: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, v: ValidateFunction) {
    assert.equal(r.statusCode, status, r.body);
    assert.match(String(r.headers['content-type']), /^application\/json; charset=utf-8/);
    const body = JSON.parse(r.body);
    valid(v, body);
    return body;
  }
  function xml(r: { statusCode: number; headers: Record<string, unknown>; body: string }, status: number, root: string) {
    assert.equal(r.statusCode, status, r.body);
    assert.match(String(r.headers['content-type']), /^text\/xml; charset=utf-8/);
    assert.match(r.body, /^<\?xml version="1.0" encoding="UTF-8"\?>/);
    assert.equal(XMLValidator.validate(r.body), true);
    const doc = xmlParser.parse(r.body);
    assert.deepEqual(Object.keys(doc), [root]);
    return doc[root];
  }

  it('serves Service Discovery in JSON and XML, pointing at /open311/v2 with both formats', async () => {
    for (const url of ['/open311/discovery.json', '/open311/v2/discovery.json']) {
      const d = json(await get(url), 200, V.discovery);
      assert.match(d.endpoints[0].url, /\/open311\/v2$/);
      assert.equal(d.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
      assert.deepEqual(d.endpoints[0].formats.sort(), ['application/json', 'text/xml']);
      assert.equal(d.endpoints[0].type, 'test', 'not production');
    }
    assert.equal((await get('/open311/v2/services.json')).headers['access-control-allow-origin'], '*', 'PI-free reads are open to browser clients');
    const x = xml(await get('/open311/v2/discovery.xml'), 200, 'discovery');
    assert.deepEqual(x.endpoints.endpoint[0].formats.format.sort(), ['application/json', 'text/xml']);
  });

  it('lists the six 12345 request types as services; each has a definition with attributes', async () => {
    const list = json(await get('/open311/v2/services.json'), 200, V.services);
    assert.deepEqual(list.map((s: any) => s.service_code).sort(), ['complaint', 'consultation', 'help', 'other', 'report', 'suggestion']);
    const complaint = list.find((s: any) => s.service_code === 'complaint');
    assert.equal(complaint.service_name, '投诉');
    assert.match(complaint.description, /15个工作日/);
    const x = xml(await get('/open311/v2/services.xml'), 200, 'services');
    assert.equal(x.service.length, 6);
    assert.equal(x.service[0].metadata, 'true');
    const def = json(await get('/open311/v2/services/complaint.json'), 200, V.definition);
    assert.deepEqual(def.attributes.map((a: any) => a.code), ['title', 'confidential', 'gender']);
    const xd = xml(await get('/open311/v2/services/complaint.xml'), 200, 'service_definition');
    assert.equal(xd.service_code, 'complaint');
    assert.equal(xd.attributes.attribute[1].values.value.length, 2);
    assert.equal(json(await get('/open311/v2/services.json?jurisdiction_id=nantong.gov.cn'), 200, V.services).length, 6);
  });

  it('answers an unknown service_code, jurisdiction or resource with 404 and the error list', async () => {
    const e = json(await get('/open311/v2/services/pothole.json'), 404, V.errors);
    assert.equal(e[0].code, 404);
    assert.match(e[0].description, /service_code pothole not found/);
    const xe = xml(await get('/open311/v2/services/pothole.xml'), 404, 'errors');
    assert.equal(xe.error[0].code, '404');
    json(await get('/open311/v2/services.json?jurisdiction_id=sfgov.org'), 404, V.errors);
    json(await get('/open311/v2/requests/not-a-uuid.json'), 404, V.errors);
    json(await get(`/open311/v2/requests/${randomUUID()}.json`), 404, V.errors);
    xml(await get(`/open311/v2/requests/${randomUUID()}.xml`), 404, 'errors');
    json(await get('/open311/v2/nothing.json'), 404, V.errors);
    xml(await get('/open311/v2/nothing.xml'), 404, 'errors');
  });

  it('refuses a POST with a wrong, missing or read-only api_key: 403 and the error list', async () => {
    const fields = { service_code: 'complaint', address_id: '320613', description: '路灯不亮' };
    const badResponse = await post('json', { ...fields, api_key: 'wrong-key-wrong-key-wrong' });
    assert.equal(badResponse.headers['access-control-allow-origin'], undefined, 'POSTs are not opened to other origins');
    const bad = json(badResponse, 403, V.errors);
    assert.match(bad[0].description, /Invalid api_key/);
    const missing = json(await post('json', fields), 403, V.errors);
    assert.match(missing[0].description, /api_key was not provided/);
    assert.equal(xml(await post('xml', { ...fields, api_key: 'wrong-key-wrong-key-wrong' }), 403, 'errors').error[0].code, '403');
    json(await post('json', { ...fields, api_key: READ_ONLY_KEY }), 403, V.errors);
    const filed = await ctx.database.db.selectFrom('hotline_requests').select('id').execute();
    assert.equal(filed.length, 0, 'nothing was filed');
  });

  it('answers bad POST input with 400 (404 for an unknown service_code) and files nothing', async () => {
    const base = { api_key: KEY, service_code: 'complaint', address_id: '320613', description: '路灯不亮' };
    assert.match(json(await post('json', { ...base, service_code: 'pothole' }), 404, V.errors)[0].description, /pothole/);
    assert.match(json(await post('json', { ...base, service_code: '' }), 400, V.errors)[0].description, /service_code was not provided/);
    const { address_id: _a, ...noLocation } = base;
    assert.match(json(await post('json', noLocation), 400, V.errors)[0].description, /location/);
    json(await post('json', { ...base, address_id: '999999' }), 400, V.errors);
    json(await post('json', { ...noLocation, lat: '32.0' }), 400, V.errors);
    json(await post('json', { ...base, phone: '12345' }), 400, V.errors);
    json(await post('json', { ...base, description: 'x'.repeat(4001) }), 400, V.errors);
    json(await post('json', { ...base, 'attribute[confidential]': 'maybe' }), 400, V.errors);
    const emergency = json(await post('json', { ...base, description: '楼下着火了，有人被困' }), 400, V.errors);
    assert.match(emergency[0].description, /hotline-emergency/);
    assert.match(emergency[0].description, /119/, 'the number to call instead');
    assert.equal((await ctx.database.db.selectFrom('hotline_requests').select('id').execute()).length, 0);
  });

  let partnerRequestId = '';
  let token = '';

  it('PP-1.8 LAW-4 a partner files a 投诉 through the hotline intake: contact data encrypted, recorded as collected from that partner', async () => {
    const r = await post('json', {
      api_key: KEY, jurisdiction_id: 'nantong.gov.cn', service_code: 'complaint', lat: '32.0101', long: '120.8642', address_string: PI.address_string, address_id: '320613',
      description: '小区门口占道经营，油烟很大', first_name: PI.first_name, last_name: PI.last_name, phone: PI.phone, email: PI.email,
      device_id: 'device-123', account_id: 'acct-9', media_url: 'http://example.cn/a.jpg', 'attribute[gender]': 'female', 'attribute[title]': '占道经营',
    });
    const posted = json(r, 200, V.posted);
    token = posted[0].token;
    assert.match(posted[0].service_notice, /15个工作日/);
    const t = json(await get(`/open311/v2/tokens/${token}.json`), 200, V.token);
    partnerRequestId = t[0].service_request_id;
    assert.equal(t[0].token, token);
    assert.equal(xml(await get(`/open311/v2/tokens/${token}.xml`), 200, 'service_requests').request[0].service_request_id, partnerRequestId);

    const row = await ctx.database.db.selectFrom('hotline_requests').selectAll().where('id', '=', partnerRequestId).executeTakeFirstOrThrow();
    assert.equal(row.channel, 'partner');
    assert.equal(row.partner_client_id, 'partner-a');
    assert.equal(row.account_id, null);
    assert.equal(row.division_code, '320613');
    for (const [col, plain] of [['contact_mobile_enc', PI.phone], ['contact_email_enc', PI.email], ['contact_name_enc', PI.first_name], ['location_enc', '工农路']] as const) {
      assert.ok(row[col], `${col} stored`);
      assert.equal(Buffer.from(row[col]!).includes(Buffer.from(plain)), false, `${col} is encrypted`);
    }
    const audit = await ctx.database.db.selectFrom('audit_records').selectAll().where('action', '=', 'hotline.submit-request').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_kind, 'partner');
    assert.equal(audit[0]!.actor_ref, 'partner-a');
    assert.equal(audit[0]!.purpose_id, 'hotline-12345');
    assert.deepEqual([...audit[0]!.elements].sort(), ['email', 'gender', 'mobile', 'precise-location', 'real-name']);
    assert.equal(JSON.stringify(audit[0]!.details).includes(PI.phone), false);
    const sub = await ctx.database.db.selectFrom('open311_submissions').selectAll().where('token', '=', token).executeTakeFirstOrThrow();
    assert.equal(sub.client_id, 'partner-a');
    assert.deepEqual([...sub.contact_elements].sort(), ['email', 'gender', 'mobile', 'real-name']);
  });

  it('takes a POST answered in XML too, and an unknown token is 404', async () => {
    const x = xml(await post('xml', { api_key: KEY, service_code: 'consultation', address_id: '320612', description: '公积金提取需要什么材料' }), 200, 'service_requests');
    assert.ok(x.request[0].token);
    assert.equal(x.request[0].service_request_id, undefined, 'a token, not an id (batch)');
    json(await get('/open311/v2/tokens/nope-nope-nope.json'), 404, V.errors);
    xml(await get('/open311/v2/tokens/nope-nope-nope.xml'), 404, 'errors');
  });

  let citizenRequestId = '';
  let rejectedId = '';

  it('lists requests with their 12345 status mapped onto open/closed, validated against the schemas', async () => {
    const citizen = randomUUID();
    const c = await p.app.inject({
      method: 'POST', url: '/api/v1/hotline/requests', headers: asCitizen(citizen),
      payload: { type: 'help', title: '路灯', description: CITIZEN_PI.description, divisionCode: '320612', contact: { name: CITIZEN_PI.name, mobile: CITIZEN_PI.mobile } },
    });
    assert.equal(c.statusCode, 201, c.body);
    citizenRequestId = c.json().id;
    const rej = await post('json', { api_key: KEY, service_code: 'suggestion', address_id: '320614', description: '建议多种树' });
    rejectedId = json(await get(`/open311/v2/tokens/${json(rej, 200, V.posted)[0].token}.json`), 200, V.token)[0].service_request_id;
    const dispatcher = asStaff('dispatcher-1', ['hotline.dispatch']);
    const step = await p.app.inject({ method: 'POST', url: `/api/v1/console/hotline/dispatch/requests/${rejectedId}/reject`, headers: dispatcher, payload: { text: '不属于受理范围', basis: '《12345热线工作规范》' } });
    assert.equal(step.statusCode, 200, step.body);

    const all = json(await get('/open311/v2/requests.json'), 200, V.requests);
    assert.equal(all.length, 4);
    const byId = new Map(all.map((r: any) => [r.service_request_id, r]));
    assert.equal((byId.get(rejectedId) as any).status, 'closed', '不予受理 is closed');
    assert.equal((byId.get(partnerRequestId) as any).status, 'open');
    assert.equal((byId.get(partnerRequestId) as any).requested_datetime, '2026-11-23T10:00:00+08:00');
    assert.equal((byId.get(partnerRequestId) as any).address, '崇川区');
    const x = xml(await get('/open311/v2/requests.xml'), 200, 'service_requests');
    assert.equal(x.request.length, 4);
    assert.ok(x.request.every((r: any) => r.status === 'open' || r.status === 'closed'));

    const closed = json(await get('/open311/v2/requests.json?status=closed'), 200, V.requests);
    assert.deepEqual(closed.map((r: any) => r.service_request_id), [rejectedId]);
    assert.equal(json(await get('/open311/v2/requests.json?status=open'), 200, V.requests).length, 3);
    assert.equal(json(await get('/open311/v2/requests.json?status=open,closed'), 200, V.requests).length, 4);
    json(await get('/open311/v2/requests.json?status=pending'), 400, V.errors);
    const helps = json(await get('/open311/v2/requests.json?service_code=help,suggestion'), 200, V.requests);
    assert.deepEqual(helps.map((r: any) => r.service_request_id).sort(), [citizenRequestId, rejectedId].sort());
    xml(await get('/open311/v2/requests.xml?service_code=pothole'), 400, 'errors');
    const repeated = json(await get('/open311/v2/requests.json?service_code=help&service_code=suggestion'), 200, V.requests);
    assert.equal(repeated.length, 2, 'a parameter declared twice counts like a comma list');
    // service_request_id overrides every other argument
    const picked = json(await get(`/open311/v2/requests.json?status=closed&service_code=report&service_request_id=${partnerRequestId},${citizenRequestId},not-an-id`), 200, V.requests);
    assert.deepEqual(picked.map((r: any) => r.service_request_id).sort(), [partnerRequestId, citizenRequestId].sort());
    const one = json(await get(`/open311/v2/requests/${partnerRequestId}.json`), 200, V.requests);
    assert.equal(one.length, 1);
    assert.equal(xml(await get(`/open311/v2/requests/${partnerRequestId}.xml`), 200, 'service_requests').request[0].service_code, 'complaint');
  });

  it('adds the 12345 detail with extensions=true: status notes, department, working-day deadline, visible steps', async () => {
    const [r] = json(await get(`/open311/v2/requests/${rejectedId}.json?extensions=true`), 200, V.requests);
    assert.equal(r.status_notes, '不予受理');
    assert.equal(r.extended_attributes.hotline_status, 'rejected');
    assert.deepEqual(r.notes.map((n: any) => n.type), ['citizen-request.submitted', 'citizen-request.rejected']);
    assert.equal(JSON.stringify(r.notes).includes('不属于受理范围'), false, 'the step notes stay inside');
    const [c] = json(await get(`/open311/v2/requests/${partnerRequestId}.json?extensions=true`), 200, V.requests);
    // LAW-11: 15 working days counted from Tuesday 11-24 end on Monday 12-14
    assert.equal(c.expected_datetime, '2026-12-14T23:59:59+08:00');
    assert.equal(c.extended_attributes.due_date, '2026-12-14');
    assert.equal(c.agency_responsible, null, 'not yet dispatched');
    const dispatcher = asStaff('dispatcher-1', ['hotline.dispatch']);
    for (const [action, body] of [['accept', {}], ['dispatch', { organisationId: 'urban-management' }]] as const) {
      const s = await p.app.inject({ method: 'POST', url: `/api/v1/console/hotline/dispatch/requests/${partnerRequestId}/${action}`, headers: dispatcher, payload: body });
      assert.equal(s.statusCode, 200, s.body);
    }
    const after = json(await get(`/open311/v2/requests.json?extensions=true&service_request_id=${partnerRequestId}`), 200, V.requests)[0];
    assert.match(after.agency_responsible, /城市管理/);
    assert.equal(after.status, 'open');
    const x = xml(await get(`/open311/v2/requests/${partnerRequestId}.xml?extensions=true`), 200, 'service_requests');
    assert.equal(x.request[0].notes.note.length, 3);
  });

  it('limits GET requests to 90 days by default and refuses a window longer than 90 days or a malformed date', async () => {
    p.clock.set('2027-03-01T10:00:00+08:00'); // 98 days later
    assert.equal(json(await get('/open311/v2/requests.json'), 200, V.requests).length, 0, 'outside the default 90-day window');
    // an unencoded '+' arrives as a space: read as the offset it was meant to be
    assert.equal(json(await get('/open311/v2/requests.json?start_date=2026-11-01T00:00:00+08:00'), 200, V.requests).length, 4, 'start_date alone: 90 days from it');
    assert.equal(json(await get('/open311/v2/requests.json?start_date=2026-11-23T10:00:01%2B08:00&end_date=2026-12-01T00:00:00Z'), 200, V.requests).length, 0);
    assert.equal(json(await get('/open311/v2/requests.json?end_date=2026-11-30'), 200, V.requests).length, 4, 'end_date alone: the 90 days before it');
    assert.match(json(await get('/open311/v2/requests.json?start_date=2026-08-01T00:00:00Z&end_date=2026-11-30T00:00:00Z'), 400, V.errors)[0].description, /90 days/);
    json(await get('/open311/v2/requests.json?start_date=yesterday'), 400, V.errors);
    xml(await get('/open311/v2/requests.xml?start_date=2026-11-30T00:00:00Z&end_date=2026-11-01T00:00:00Z'), 400, 'errors');
    p.clock.set('2026-11-23T12:00:00+08:00');
  });

  it('returns at most 1000 requests, newest first', async () => {
    // 1,001 more requests received on one morning (copies of the partner request's row: only public columns are read)
    await ctx.database.db.executeQuery({
      sql: `insert into hotline_requests (id, tracking_no, channel, partner_client_id, type, title_enc, description_enc, division_code, status, received_at, due_date, policy_version, created_at)
            select (md5(random()::text || g::text))::uuid, 'NTX' || g, channel, partner_client_id, type, title_enc, description_enc, division_code, 'submitted',
                   received_at - make_interval(secs => g), due_date, policy_version, created_at
            from hotline_requests, generate_series(1, 1001) g where id = '${partnerRequestId}'`,
      parameters: [],
    } as never);
    const list = json(await get('/open311/v2/requests.json?service_code=complaint'), 200, V.requests);
    assert.equal(list.length, 1000);
    assert.equal(list[0].service_request_id, partnerRequestId, 'newest first');
  });

  it('lets staff with oidc.clients issue a partner key shown once, list it by prefix, and revoke it (audited)', async () => {
    const admin = asStaff('admin-1', ['oidc.clients']);
    const denied = await p.app.inject({ method: 'POST', url: '/api/v1/console/open311/clients', headers: asStaff('h-1', ['hotline.handle']), payload: { clientId: 'city-app', name: '城市应用', organisation: '某单位' } });
    assert.equal(denied.statusCode, 403);
    assert.match(String(denied.headers['content-type']), /problem\+json/, 'the console API keeps problem+json');
    const issued = await p.app.inject({ method: 'POST', url: '/api/v1/console/open311/clients', headers: admin, payload: { clientId: 'city-app', name: '城市应用', organisation: '某单位' } });
    assert.equal(issued.statusCode, 201, issued.body);
    const apiKey = issued.json().apiKey as string;
    const listed = await p.app.inject({ url: '/api/v1/console/open311/clients', headers: admin });
    assert.equal(listed.body.includes(apiKey), false, 'the key is never shown again');
    assert.equal(listed.json().items.find((c: any) => c.clientId === 'city-app').keyPrefix, apiKey.slice(0, 8));
    const fields = { api_key: apiKey, service_code: 'consultation', address_id: '320613', description: '办理居住证需要什么材料' };
    json(await post('json', fields), 200, V.posted);
    const revoked = await p.app.inject({ method: 'POST', url: '/api/v1/console/open311/clients/city-app/revoke', headers: admin });
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.equal((await p.app.inject({ method: 'POST', url: '/api/v1/console/open311/clients/city-app/revoke', headers: admin })).statusCode, 404, 'already revoked');
    json(await post('json', fields), 403, V.errors);
    const audit = await ctx.database.db.selectFrom('audit_records').select(['action', 'actor_kind', 'actor_ref']).where('action', 'like', 'open311.%').orderBy('txid').execute();
    assert.deepEqual(audit.map((a) => [a.action, a.actor_kind, a.actor_ref]), [['open311.issue-key', 'staff', 'admin-1'], ['open311.revoke-key', 'staff', 'admin-1']]);
  });

  it('PP-2.6 PP-3.4 no GET answer carries a name, phone, email, address, description text or media of a request', async () => {
    // every request, in both formats, with and without the extensions
    for (const id of [partnerRequestId, citizenRequestId, rejectedId]) {
      for (const q of ['', '?extensions=true']) {
        json(await get(`/open311/v2/requests/${id}.json${q}`), 200, V.requests);
        assert.equal(xml(await get(`/open311/v2/requests/${id}.xml${q}`), 200, 'service_requests').request.length, 1);
      }
    }
    xml(await get(`/open311/v2/requests.xml?extensions=true&service_request_id=${partnerRequestId},${citizenRequestId},${rejectedId}`), 200, 'service_requests');
    assert.ok(getBodies.length > 40);
    const secrets = [PI.first_name, PI.last_name, PI.phone, PI.email, PI.address_string, '工农路', '32.0101', '120.8642', '占道', 'example.cn', CITIZEN_PI.name, CITIZEN_PI.mobile, '北大街', '路灯', '多种树'];
    for (const body of getBodies) for (const s of secrets) assert.equal(body.includes(s), false, `"${s}" leaked in ${body.slice(0, 200)}`);
  });
});
