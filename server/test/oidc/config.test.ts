import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testConfig } from '../support/platform.ts';

it('the issuer comes from configuration: OIDC_ISSUER, else PUBLIC_URL + /oidc', () => {
  assert.equal(testConfig({ PUBLIC_URL: 'https://baitong.nantong.gov.cn/' }).oidcIssuer, 'https://baitong.nantong.gov.cn/oidc');
  assert.equal(testConfig({ OIDC_ISSUER: 'https://id.nantong.gov.cn/oidc/' }).oidcIssuer, 'https://id.nantong.gov.cn/oidc');
  assert.throws(() => testConfig({ OIDC_ISSUER: 'not a url' }), /OIDC_ISSUER/);
});
