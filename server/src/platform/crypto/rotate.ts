// KEK rotation: re-wraps every live data key under the current KEK version. Field ciphertexts are untouched (they are
// encrypted with the data keys, which do not change). Run with the new KEK as KEK/KEK_VERSION and the old one in
// KEK_PREVIOUS; when it reports 0 remaining, the old KEK can be retired.
import type { Kysely } from 'kysely';
import type { Tables } from '../db/tables.ts';
import { KeyWrapper, type KekSecrets } from './envelope.ts';
import './envelope.ts';

export interface RotationResult {
  rewrapped: number;
  /** keys still under an old version (changed concurrently); rerun to finish */
  remaining: number;
}

export async function rotateSubjectKeys(db: Kysely<Tables>, secrets: KekSecrets, batchSize = 500): Promise<RotationResult> {
  const wrapper = new KeyWrapper(secrets);
  const current = secrets.kekVersion;
  let rewrapped = 0;
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('subject_keys')
      .select(['subject_id', 'wrapped_key', 'kek_version'])
      .where('wrapped_key', 'is not', null)
      .where('kek_version', '<>', current)
      .where('subject_id', '>', after)
      .orderBy('subject_id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    await db.transaction().execute(async (tx) => {
      for (const row of rows) {
        const dataKey = wrapper.unwrap(row.subject_id, Buffer.from(row.wrapped_key!), row.kek_version);
        const { wrapped, version } = wrapper.wrap(row.subject_id, dataKey);
        const r = await tx
          .updateTable('subject_keys')
          .set({ wrapped_key: wrapped, kek_version: version })
          .where('subject_id', '=', row.subject_id)
          .where('kek_version', '=', row.kek_version)
          .where('wrapped_key', 'is not', null) // a key destroyed meanwhile stays destroyed
          .executeTakeFirst();
        rewrapped += Number(r.numUpdatedRows ?? 0);
      }
    });
    after = rows.at(-1)!.subject_id;
  }
  const left = await db
    .selectFrom('subject_keys')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('wrapped_key', 'is not', null)
    .where('kek_version', '<>', current)
    .executeTakeFirstOrThrow();
  return { rewrapped, remaining: Number(left.n) };
}
