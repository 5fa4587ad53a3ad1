import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ELEMENTS } from '../../src/modules/privacy/inventory/elements.ts';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';

describeEachDatabase('published privacy lists', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database);
  });
  after(async () => p.close());

  it('PP-1.4 the collection list, public, names each element with its purpose, scenario and legal basis', async () => {
    const res = await p.app.inject('/api/v1/privacy/collection-list');
    assert.equal(res.statusCode, 200);
    const items = res.json().items as any[];
    const face = items.find((i) => i.element === 'face' && i.purpose === 'real-name-face');
    assert.equal(face.elementZh, '面部信息');
    assert.equal(face.legalBasis, 'separate-consent');
    assert.equal(face.sensitive, true);
    assert.ok(face.devicePermissions.includes('camera'));
    assert.ok(face.scenarioZh.includes('实名认证'));
    assert.deepEqual(items.filter((i) => i.purpose === 'registration').map((i) => i.elementZh).sort(), ['密码', '帐号名称', '手机号码'].sort());
    const staffOnly = new Set(ELEMENTS.filter((e) => e.subjects === 'staff').map((e) => e.id));
    assert.ok(staffOnly.size > 0, 'the staff module inventories its staff data');
    assert.deepEqual(items.filter((i) => staffOnly.has(i.element)), [], 'staff data is not in the citizen collection list');
  });

  it('PP-2.3 LAW-4 the sharing list, public, gives recipients, purpose and the Chinese field names per category', async () => {
    const res = await p.app.inject('/api/v1/privacy/sharing-list');
    assert.equal(res.statusCode, 200);
    const items = res.json().items as any[];
    assert.equal(items.length, 11);
    const policing = items.find((i) => i.categoryZh === '警务类');
    assert.deepEqual(policing.fieldsZh, ['真实姓名', '身份证号', '手机号码', '个人住址']);
    assert.ok(policing.recipientsZh.includes('南通市公安局'));
    assert.deepEqual(policing.scenarioZh, ['三超证申请']);
    assert.ok(items.find((i) => i.categoryZh === '政务办事类').recipientsZh.includes('南通市住房公积金管理中心'));
  });

  it('PP-1.20 the SDK list, public, declares all 21 SDKs and the platform\u2019s own providers', async () => {
    const res = await p.app.inject('/api/v1/privacy/sdk-list');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.sdks.length, 21);
    assert.equal(body.sdks[5].nameZh, '平安人脸SDK');
    assert.ok(body.platformProviders.some((x: any) => x.id === 'bank-card-check' && x.fieldsZh.includes('银行卡号')));
  });
});
