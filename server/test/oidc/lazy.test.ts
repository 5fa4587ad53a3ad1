import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { createOidcModule } from '../../src/modules/oidc/index.ts';
import { AuditService } from '../../src/modules/audit/index.ts';
import { SharingService } from '../../src/modules/sharing/index.ts';
import { sharingDeclarations } from '../../src/modules/privacy/index.ts';
import { FieldCipher } from '../../src/platform/crypto/index.ts';
import { createLogger } from '../../src/platform/logger.ts';
import { systemClock } from '../../src/platform/clock.ts';
import { describeEachDatabase } from '../support/db.ts';
import { LogCapture, testConfig } from '../support/platform.ts';
import { fakeAccounts, startProvider, type RunningProvider } from './support.ts';

// Issue #2: the provider is built on the first request that needs it, not at boot (oidc/index.ts).
describeEachDatabase('oidc provider built on first use', (ctx) => {
  let p: RunningProvider;
  const built = () => p.logs.lines.filter((l) => l.includes('identity provider built')).length;
  before(async () => {
    p = await startProvider(ctx.database, fakeAccounts([]));
  });
  after(() => p.close());

  it('is not built at boot, and the first requests after boot — several at once — are answered by one provider built for them', async () => {
    assert.equal(built(), 0, 'nothing built while the server only started');
    const responses = await Promise.all(
      [`${p.issuer}/.well-known/openid-configuration`, `${p.issuer}/jwks`, `${p.issuer}/.well-known/openid-configuration`].map((u) => fetch(u)),
    );
    assert.deepEqual(responses.map((r) => r.status), [200, 200, 200]);
    assert.equal(((await responses[0]!.json()) as { issuer: string }).issuer, p.issuer);
    assert.ok(((await responses[1]!.json()) as { keys: unknown[] }).keys.length >= 1, 'signs with the key ring loaded at boot');
    assert.equal(built(), 1, 'one build shared by the concurrent first requests');
    assert.equal(await p.oidcModule.provider(), await p.oidcModule.provider());
    assert.equal(built(), 1);
  });

  it('still refuses to start with an issuer the provider is not mounted at, before any request', async () => {
    const config = testConfig({ OIDC_ISSUER: 'https://id.nantong.gov.cn/auth' });
    const audit = new AuditService({ pseudonymKey: randomBytes(32), signingKey: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), clock: systemClock });
    await assert.rejects(
      createOidcModule({
        config,
        database: ctx.database,
        clock: systemClock,
        logger: createLogger({ level: 'warn', destination: new LogCapture() }),
        cipher: new FieldCipher(ctx.database.db, { secrets: config.secrets }),
        audit,
        sharing: new SharingService({ declared: sharingDeclarations(), audit, clock: systemClock }),
      }),
      /OIDC_ISSUER must end with \/oidc/,
    );
  });
});
