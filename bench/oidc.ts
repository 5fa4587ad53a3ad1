// Issue #9 bench: the identity provider's token endpoint (authorization-code exchange with PKCE and client
// authentication) and userinfo (claims from the accounts port, one sharing-ledger provision per response) as
// throughput ratios to a bare Fastify route on the same machine in the same run, with the same HTTP client.
// Usage: node bench/oidc.ts [--n 300] [--c 8]     (embedded PGlite, and PostgreSQL when BENCH_DATABASE_URL is set)
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import * as oidc from 'openid-client';
import { openDatabase, type Database } from '../server/src/platform/db/database.ts';
import { migrate } from '../server/src/platform/db/migrate.ts';
import { Browser, fakeAccounts, login, registerRp, startProvider } from '../server/test/oidc/support.ts';
import { withScratchDatabase } from './scratch-database.ts';

const arg = (name: string, d: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : d);
const N = arg('--n', 300);
const C = arg('--c', 8);

async function pool<T>(items: T[], fn: (t: T) => Promise<void>): Promise<number> {
  let i = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: C }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
  return (items.length / (performance.now() - t0)) * 1000; // requests per second
}

const bare = Fastify();
bare.post('/token', async () => ({ access_token: 'x', token_type: 'Bearer', expires_in: 600 }));
bare.get('/userinfo', async () => ({ sub: 'x', phone_number: '13800138000' }));
await bare.listen({ port: 0, host: '127.0.0.1' });
const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;

async function run(label: string, database: Database) {
  await migrate(database);
  const person = { accountId: randomUUID(), login: 'bench', password: 'bench-pass', claims: { mobile: '13800138000', realName: '张三', idNumber: '320602199001011234', idType: '居民身份证', realNameStatus: 'L2' } };
  const p = await startProvider(database, fakeAccounts([person]));
  const rp = await registerRp(p, { categories: ['transport'] });
  const browser = new Browser();
  const first = await login(p, rp, { scope: 'openid nt:transport', login: 'bench', password: 'bench-pass', tick: ['id_number'], browser });

  // Codes for the exchange: the session and grant exist, so each authorization request answers with a code directly.
  async function codes(n: number) {
    const out: { code: string; verifier: string }[] = [];
    for (let k = 0; k < n; k++) {
      const verifier = oidc.randomPKCECodeVerifier();
      const url = oidc.buildAuthorizationUrl(rp.config, { redirect_uri: rp.redirectUri, scope: 'openid nt:transport', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
      const step = await browser.follow(url.href, p.base);
      const code = new URL(step.url).searchParams.get('code');
      if (!code) throw new Error(`no code: ${step.url}`);
      out.push({ code, verifier });
    }
    return out;
  }
  const tokenUrl = rp.config.serverMetadata().token_endpoint!;
  const basic = 'Basic ' + Buffer.from(`${encodeURIComponent(rp.clientId)}:${encodeURIComponent(rp.clientSecret)}`).toString('base64');
  const exchange = async (c: { code: string; verifier: string }) => {
    const res = await fetch(tokenUrl, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: c.code, code_verifier: c.verifier, redirect_uri: rp.redirectUri }),
    });
    if (res.status !== 200) throw new Error(`token ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
  const bareToken = async () => {
    const res = await fetch(`${bareUrl}/token`, { method: 'POST', headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=authorization_code&code=x' });
    await res.arrayBuffer();
  };
  const userinfoUrl = rp.config.serverMetadata().userinfo_endpoint!;
  const userinfo = async () => {
    const res = await fetch(userinfoUrl, { headers: { authorization: `Bearer ${first.tokens.access_token}` } });
    if (res.status !== 200) throw new Error(`userinfo ${res.status}`);
    await res.arrayBuffer();
  };
  const bareUserinfo = async () => void (await (await fetch(`${bareUrl}/userinfo`, { headers: { authorization: 'Bearer x' } })).arrayBuffer());

  const range = Array.from({ length: N }, (_, i) => i);
  await pool(range.slice(0, 30), bareToken); // warm-up
  await exchange((await codes(1))[0]!);
  const batch = await codes(N); // codes live 60 s: generated just before the exchange
  const tokenRps = await pool(batch, exchange);
  const bareTokenRps = await pool(range, bareToken);
  await pool(range.slice(0, 20), userinfo);
  const userinfoRps = await pool(range, userinfo);
  const bareUserinfoRps = await pool(range, bareUserinfo);
  const provisions = (await p.sharing.provisionsOf(database.db, person.accountId)).length;

  console.log(`oidc provider, ${N} requests, concurrency ${C}, ${label}`);
  console.log(`token (code + PKCE exchange)  ${tokenRps.toFixed(0)} req/s | bare Fastify ${bareTokenRps.toFixed(0)} req/s | ratio ${(tokenRps / bareTokenRps).toFixed(3)}`);
  console.log(`userinfo (+1 ledger provision) ${userinfoRps.toFixed(0)} req/s | bare Fastify ${bareUserinfoRps.toFixed(0)} req/s | ratio ${(userinfoRps / bareUserinfoRps).toFixed(3)}  (${provisions} provisions written)`);
  await p.close();
  await database.close();
}

await run('PGlite', await openDatabase({}));
if (process.env.BENCH_DATABASE_URL) await withScratchDatabase(process.env.BENCH_DATABASE_URL, 'oidc', async (url) => void (await run('PostgreSQL', await openDatabase({ url }))));
await bare.close();
