// The generic engine of the rights centre (issue #6 item 11): export, 用户资料, single-item deletion and erasure run
// over the subject-table declarations of the inventory (ModuleInventory.subjectTables) — there is no per-table rights
// code, so a table a module declares is exported and erased without touching this file.
//
// Keys (PP-4.5): modules encrypt both identity data (mobile, real name) and app data (search history, 12345 contact
// data) under the account's subject key. Mode (a) must leave the identity account usable, so it cannot shred that
// key: it DELETES the app rows (and shreds `app:<account>`, the key of the rights centre's own app data); mode (b)
// deletes the identity rows and then shreds the account key itself, so any copy left anywhere (backups, storage-only
// rows) is unreadable. Records another body keeps under a statutory duty are re-keyed first (see SubjectErasure).
import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { FieldCipher } from '../../platform/crypto/index.ts';
import { MODULE_INVENTORIES, type SubjectTable } from '../privacy/index.ts';

export type Scope = SubjectTable['scope'];
export const APP_KEY = (accountId: string) => `app:${accountId}`;

export interface EngineDeps {
  cipher: FieldCipher;
  blindIndex: (kind: string, value: string) => Buffer;
  pseudonym: (subjectId: string) => string;
}

/** All declarations, children before parents. Tests pass their own list. */
export function inventoryDeclarations(extra: readonly SubjectTable[] = []): SubjectTable[] {
  return [...MODULE_INVENTORIES.flatMap((m) => m.subjectTables ?? []), ...extra].sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}

export interface ExportedRow {
  key: string;
  /** element id → column → value (decrypted; binary as { base64 }) */
  elements: Record<string, Record<string, unknown>>;
}
export interface ExportedTable {
  table: string;
  purpose: string;
  scope: Scope;
  erasure: SubjectTable['erasure']['mode'];
  itemDeletable: boolean;
  rows: ExportedRow[];
}

export interface StoreReceipt {
  table: string;
  /** what was done: deleted, moved to storage only, kept as a statutory record (re-keyed in mode b), untouched */
  action: 'deleted' | 'storage-only' | 'statutory-record' | 'rekeyed';
  rows: number;
  reason?: string;
  law?: string;
  until?: string;
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not an identifier: ${name}`);
  return sql.ref(name);
};

function subjectValue(d: SubjectTable, accountId: string, deps: EngineDeps): string {
  return d.subjectValue ? deps.blindIndex(d.subjectValue.blindIndex, d.subjectValue.prefix + accountId).toString('hex') : accountId;
}

/** The WHERE clause selecting the subject's rows of a declared table (uses the subject column's index). */
function whereSubject(d: SubjectTable, accountId: string, deps: EngineDeps) {
  const filters = Object.entries(d.filter ?? {}).map(([c, v]) => sql`and ${ident(c)} = ${v}`);
  const subject = d.subjectVia
    ? sql`${ident(d.subjectColumn)} in (select ${ident(d.subjectVia.parentKey)} from ${ident(d.subjectVia.parentTable)} where ${ident(d.subjectVia.parentSubjectColumn)} = ${accountId})`
    : sql`${ident(d.subjectColumn)} = ${subjectValue(d, accountId, deps)}`;
  return sql`${subject} ${sql.join(filters, sql` `)}`;
}

function fill(template: string, row: Record<string, unknown>, accountId: string): string {
  return template.replace(/\{([a-z_]+)\}/g, (_, c: string) => (c === 'subject' ? accountId : String(row[c])));
}

function plain(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { base64: Buffer.from(v).toString('base64') };
  if (typeof v === 'bigint') return v.toString();
  return v;
}

function decoded(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  // binary (a photo, a voice note) is exported as base64; text as text
  return Buffer.from(text, 'utf8').equals(bytes) && !text.includes('\u0000') ? text : { base64: bytes.toString('base64') };
}

async function rowsOf(db: Db, d: SubjectTable, accountId: string, deps: EngineDeps): Promise<Record<string, unknown>[]> {
  const { rows } = await sql<Record<string, unknown>>`select * from ${ident(d.table)} where ${whereSubject(d, accountId, deps)}`.execute(db);
  return rows;
}

/** Everything the declarations say is held about the account, decrypted (LAW-5 export, PP-4.1 用户资料). */
export async function collectSubjectData(db: Db, accountId: string, decls: readonly SubjectTable[], deps: EngineDeps, scopes: readonly Scope[] = ['app', 'identity']): Promise<ExportedTable[]> {
  const out: ExportedTable[] = [];
  for (const d of decls) {
    if (!scopes.includes(d.scope)) continue;
    const rows: ExportedRow[] = [];
    for (const row of await rowsOf(db, d, accountId, deps)) {
      const elements: ExportedRow['elements'] = {};
      for (const [element, columns] of Object.entries(d.elements)) {
        const values: Record<string, unknown> = {};
        for (const c of columns) {
          const v = row[c];
          const aad = d.encrypted?.[c];
          if (aad && v != null) {
            const subject = fill(d.cipherSubject ?? '{subject}', row, accountId);
            try {
              values[c] = decoded(await deps.cipher.decryptFieldBytes(subject, v as Buffer, fill(aad, row, accountId), db));
            } catch {
              values[c] = null; // shredded key: the value no longer exists for anyone
            }
          } else values[c] = plain(v);
        }
        elements[element] = values;
      }
      rows.push({ key: String(row[d.key ?? 'id']), elements });
    }
    out.push({ table: d.table, purpose: d.purpose, scope: d.scope, erasure: d.erasure.mode, itemDeletable: !!d.itemDeletable, rows });
  }
  return out;
}

/** Deletes one row the citizen picked (PP-4.3: at once where nothing depends on it). Returns rows deleted (0 or 1). */
export async function eraseItem(tx: Db, accountId: string, decls: readonly SubjectTable[], table: string, key: string, deps: EngineDeps): Promise<{ deleted: number; declaration: SubjectTable | undefined }> {
  // a kept record (storage only, statutory) is deletable on its own only under its stated condition
  const d = decls.find((x) => x.table === table && x.itemDeletable && (x.erasure.mode === 'delete' || x.itemDeletableWhileNull?.length));
  if (!d) return { deleted: 0, declaration: undefined };
  const unless = (d.itemDeletableWhileNull ?? []).map((c) => sql`and ${ident(c)} is null`);
  const r = await sql`delete from ${ident(d.table)} where ${whereSubject(d, accountId, deps)} and ${ident(d.key ?? 'id')}::text = ${key} ${sql.join(unless, sql` `)}`.execute(tx);
  return { deleted: Number(r.numAffectedRows ?? 0n), declaration: d };
}

export interface EraseOptions {
  scopes: readonly Scope[];
  /** restrict to declarations holding one of these elements (a whole category, PP-4.3) */
  elements?: readonly string[];
  /** mode (b): statutory records are re-keyed and the account key is destroyed at the end */
  shredAccountKey: boolean;
  now: Date;
}

/** Erases the subject's data across every declared store in `tx`; one receipt per store (PP-4.3, PP-4.5). */
export async function eraseSubject(tx: Db, accountId: string, decls: readonly SubjectTable[], opts: EraseOptions, deps: EngineDeps): Promise<StoreReceipt[]> {
  const receipts: StoreReceipt[] = [];
  for (const d of decls) {
    if (!opts.scopes.includes(d.scope)) continue;
    if (opts.elements && !Object.keys(d.elements).some((e) => opts.elements!.includes(e))) continue;
    if (d.txSetting) await sql`select set_config(${d.txSetting}, 'on', true)`.execute(tx);
    const e = d.erasure;
    if (e.mode === 'delete') {
      const r = await sql`delete from ${ident(d.table)} where ${whereSubject(d, accountId, deps)}`.execute(tx);
      receipts.push({ table: d.table, action: 'deleted', rows: Number(r.numAffectedRows ?? 0n) });
    } else if (e.mode === 'storage-only') {
      // LAW-7: out of the live table (no feature can use it), kept with reason and end date, purged by a daily job
      const strip = [d.subjectColumn, ...Object.keys(d.filter ?? {})];
      const r = await sql`
        insert into rights_storage_only (source_table, subject_pseudonym, data, reason, law, purge_after, stored_at)
        select ${d.table}, ${deps.pseudonym(accountId)}, to_jsonb(t) - ${sql.val(strip)}::text[], ${e.reason}, ${e.law},
               greatest(t.${ident(e.timeColumn)} + make_interval(days => ${e.retainDays}), ${opts.now}::timestamptz), ${opts.now}::timestamptz
          from ${ident(d.table)} t where ${whereSubject(d, accountId, deps)}`.execute(tx);
      await sql`delete from ${ident(d.table)} where ${whereSubject(d, accountId, deps)}`.execute(tx);
      receipts.push({ table: d.table, action: 'storage-only', rows: Number(r.numAffectedRows ?? 0n), reason: e.reason, law: e.law, until: `${e.retainDays}天后` });
    } else if (!opts.shredAccountKey) {
      const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${ident(d.table)} where ${whereSubject(d, accountId, deps)}`.execute(tx);
      receipts.push({ table: d.table, action: 'statutory-record', rows: Number(rows[0]?.n ?? 0), reason: e.reason, law: e.law, until: e.retainedUntil });
    } else {
      // re-key before the account key is destroyed, so the holder can still read its record
      const rows = await rowsOf(tx, d, accountId, deps);
      const key = d.key ?? 'id';
      for (const row of rows) {
        const sets = [];
        for (const [c, aad] of Object.entries(d.encrypted ?? {})) {
          if (row[c] == null) continue;
          const oldSubject = fill(d.cipherSubject ?? '{subject}', row, accountId);
          const bytes = await deps.cipher.decryptFieldBytes(oldSubject, row[c] as Buffer, fill(aad, row, accountId), tx);
          sets.push(sql`${ident(c)} = ${await deps.cipher.encryptField(fill(e.rekeySubject, row, accountId), bytes, fill(aad, row, accountId), tx)}`);
        }
        if (!d.subjectVia) sets.push(sql`${ident(d.subjectColumn)} = ${e.subjectBecomes === null ? null : fill(e.subjectBecomes, row, accountId)}`);
        if (sets.length) await sql`update ${ident(d.table)} set ${sql.join(sets)} where ${ident(key)} = ${row[key]}`.execute(tx);
      }
      receipts.push({ table: d.table, action: 'rekeyed', rows: rows.length, reason: e.reason, law: e.law, until: e.retainedUntil });
    }
  }
  // crypto-shredding: the rights centre's own app key when all app data goes (not for one category); the account key
  // only with the identity account (mode b)
  if (!opts.elements && opts.scopes.includes('app')) await deps.cipher.destroySubjectKey(APP_KEY(accountId), tx);
  if (opts.shredAccountKey) await deps.cipher.destroySubjectKey(accountId, tx);
  return receipts;
}

/** The storage-only rows kept about the subject, for the list shown to the user (reason and the date each goes). */
export async function storageOnlyOf(db: Db, accountId: string, deps: EngineDeps) {
  const { rows } = await sql<{ source_table: string; reason: string; law: string; n: string; until: Date }>`
    select source_table, reason, law, count(*)::text as n, max(purge_after) as until
      from rights_storage_only where subject_pseudonym = ${deps.pseudonym(accountId)} group by source_table, reason, law`.execute(db);
  return rows.map((r) => ({ table: r.source_table, reason: r.reason, law: r.law, rows: Number(r.n), until: new Date(r.until).toISOString() }));
}

/** Daily purge (LAW-7: kept at least as long as required, not longer). */
export async function purgeStorageOnly(db: Db, now: Date): Promise<number> {
  const r = await sql`delete from rights_storage_only where purge_after <= ${now}`.execute(db);
  return Number(r.numAffectedRows ?? 0n);
}
