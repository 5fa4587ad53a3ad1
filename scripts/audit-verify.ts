// Verifies the audit trail (LAW-9): every hash chain and every signed checkpoint. Exit 0 when intact, 1 on a break,
// 2 when verification could not run. The public key is derived from AUDIT_SIGNING_KEY, or read from --public-key FILE
// (so an auditor can verify without holding the private key).
import { readFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/platform/config.ts';
import { openConfiguredDatabase } from '../server/src/platform/db/database.ts';
import { verify } from '../server/src/modules/audit/index.ts';

try {
  const { values } = parseArgs({ options: { 'public-key': { type: 'string' } } });
  const config = loadConfig();
  const publicKey = values['public-key']
    ? createPublicKey(readFileSync(values['public-key'], 'utf8'))
    : createPublicKey(createPrivateKey(config.secrets.auditSigningKey));
  const database = await openConfiguredDatabase(config, 'audit-verify', 2);
  try {
    const r = await verify(database, publicKey);
    if (r.ok) {
      console.log(`audit trail intact: ${r.records} record(s) in ${r.chains} chain(s), ${r.checkpoints} signed checkpoint(s)` + (r.pending ? `; ${r.pending} record(s) of the last minutes not linked yet (the audit.seal-chains job links them)` : ''));
      process.exitCode = 0;
    } else {
      const b = r.break;
      console.error(`audit trail BROKEN at chain ${b.chain} seq ${b.seq}${b.id ? ` (record ${b.id})` : ''}: ${b.reason} — ${b.detail}`);
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 2;
}
