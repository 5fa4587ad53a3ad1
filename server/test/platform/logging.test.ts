import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../support/db.ts';
import { testPlatform, type TestPlatform } from '../support/platform.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { LogCapture } from '../support/platform.ts';

// LAW-10 ID numbers (the standard's own examples), a mobile, a bank card, a password, an OTP, a token and a cookie.
const SECRETS = ['11010519491231002X', '440524188001010014', '13812345678', '6222021234567890123', 'S3cret-Passw0rd', '493817', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abcdefghij', 'sid=abcdef0123456789'];

it('PP-3.4 LAW-10 redacts ID numbers, mobiles, bank cards, passwords, OTPs, tokens and cookies whatever field they are in', () => {
  const out = new LogCapture();
  const log = createLogger({ destination: out });
  log.info({ user: { idNumber: SECRETS[0], note: `call ${SECRETS[2]} about card ${SECRETS[3]}` }, password: SECRETS[4], otp: SECRETS[5] }, `login for ${SECRETS[1]}`);
  log.info({ headers: { authorization: `Bearer ${SECRETS[6]}`, cookie: SECRETS[7] }, list: [SECRETS[2]] }, 'request');
  log.error(new Error(`failed for ${SECRETS[0]}`));
  for (const s of SECRETS) assert.ok(!out.text.includes(s), `${s} leaked into the log`);
  assert.match(out.text, /\[ID-NUMBER\]/);
  assert.match(out.text, /\[MOBILE\]/);
});

it('PP-3.4 hashes and pseudonyms in hex stay whole (a digit run inside one is not a card number), while the PI beside them is still masked', () => {
  const out = new LogCapture();
  const log = createLogger({ destination: out });
  // the caller pseudonym CI once saw mangled into '…9da[CARD-NUMBER]ad3…'
  const pseudonym = '1fb8a8232dcd7921bf9da4821736412970ad3a7866a9fdeef802f4b3b2254f1a';
  log.info({ callerRef: pseudonym, note: `card ${SECRETS[3]}, mobile ${SECRETS[2]} (${pseudonym})` }, `ref ${pseudonym} for ${SECRETS[0]}`);
  assert.equal(out.text.split(pseudonym).length - 1, 3, 'the pseudonym is logged whole, three times');
  for (const s of [SECRETS[0]!, SECRETS[2]!, SECRETS[3]!]) assert.ok(!out.text.includes(s), `${s} leaked into the log`);
});

describeEachDatabase('request logging', (ctx) => {
  let p: TestPlatform;
  before(async () => {
    p = await testPlatform(ctx.database);
  });
  after(async () => p.close());

  it('PP-3.4 request logs carry the request id and none of the personal information in URLs, headers or bodies', async () => {
    await p.app.inject({
      method: 'POST',
      url: `/api/v1/nothing?mobile=${SECRETS[2]}&id=${SECRETS[0]}&code=${SECRETS[5]}`,
      headers: { cookie: SECRETS[7], authorization: `Bearer ${SECRETS[6]}`, 'content-type': 'application/json', 'x-request-id': 'trace-abcdef12' },
      payload: JSON.stringify({ password: SECRETS[4], card: SECRETS[3] }),
    });
    const text = p.logs.text;
    assert.match(text, /"requestId":"trace-abcdef12"/);
    // one line per request, with the URL kept and its personal information masked
    assert.match(text, /"url":"\/api\/v1\/nothing\?mobile=\[MOBILE\]&id=\[ID-NUMBER\]&code=\[REDACTED\]".*"statusCode":404.*"request completed"/);
    for (const s of SECRETS) assert.ok(!text.includes(s), `${s} leaked into the request log`);
  });
});
