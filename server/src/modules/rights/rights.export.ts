// LAW-5 copy and portability: a background job (payload: the export id only) builds a ZIP with a machine-readable
// JSON (schema: docs/rights-export.md, format "ntbt-pi-export/1") and a human-readable HTML page; the app polls the
// progress; the file is encrypted under the app subject key and its link expires after 7 days; requesting, building
// and downloading are audited.
import { randomUUID } from 'node:crypto';
import type { Principal } from '../../platform/http/access.ts';
import { AppError, P } from '../../platform/http/problem.ts';
import { elementById, purposeById } from '../privacy/index.ts';
import { citizenOf, RIGHTS_PROBLEMS, type RightsContext } from './context.ts';
import type { RightsExportRow } from './rights.repository.ts';
import { APP_KEY, collectSubjectData, type ExportedTable } from './subject-data.ts';

export const BUILD_EXPORT_JOB = 'rights.build-export';
export const EXPORT_FORMAT = 'ntbt-pi-export/1';
export const EXPORT_TTL_MS = 7 * 86_400_000;
const ZIP_AAD = (id: string) => `rights_exports.zip/${id}`;

export function presentExport(r: RightsExportRow, now: Date) {
  const expired = r.status === 'expired' || (r.expires_at !== null && r.expires_at <= now);
  return {
    id: r.id, status: expired ? ('expired' as const) : r.status, progress: r.progress, requestedAt: r.requested_at.toISOString(),
    readyAt: r.ready_at?.toISOString() ?? null, expiresAt: r.expires_at?.toISOString() ?? null, byteSize: r.byte_size,
    downloadUrl: r.status === 'ready' && !expired ? `/api/v1/rights/exports/${r.id}/download` : null,
  };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(accountId: string, generatedAt: string, tables: ExportedTable[]): string {
  const parts = [`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>南通百通 · 我的个人信息副本</title>`,
    `<h1>我的个人信息副本</h1><p>帐号 ${esc(accountId)} · 生成时间 ${esc(generatedAt)} · 机器可读版本见 data.json</p>`];
  for (const t of tables) {
    if (!t.rows.length) continue;
    parts.push(`<h2>${esc(purposeById(t.purpose)?.nameZh ?? t.purpose)}</h2><table border="1" cellpadding="4"><tr><th>信息</th><th>内容</th></tr>`);
    for (const r of t.rows) {
      for (const [e, values] of Object.entries(r.elements)) {
        const text = Object.values(values).map((v) => (v && typeof v === 'object' ? '[文件]' : String(v ?? ''))).join(' · ');
        parts.push(`<tr><td>${esc(elementById(e)?.nameZh ?? e)}</td><td>${esc(text)}</td></tr>`);
      }
    }
    parts.push('</table>');
  }
  return parts.join('\n') + '</html>';
}

export class ExportService {
  readonly ctx: RightsContext;
  constructor(ctx: RightsContext) {
    this.ctx = ctx;
  }

  async request(principal: Principal | null) {
    const accountId = citizenOf(principal);
    const now = this.ctx.clock.now();
    const row: RightsExportRow = { id: randomUUID(), account_id: accountId, status: 'queued', progress: 0, requested_at: now, ready_at: null, expires_at: null, zip_enc: null, byte_size: null };
    await this.ctx.database.db.transaction().execute(async (tx) => {
      await tx.insertInto('rights_exports').values(row).execute();
      await this.ctx.audit.record(tx, { actor: { kind: 'citizen', ref: accountId }, action: 'rights.request-export', subjectId: accountId, purposeId: 'rights-handling', legalBasis: 'legal-obligation', details: { exportId: row.id } });
      await this.ctx.jobs.send(BUILD_EXPORT_JOB, { exportId: row.id }, { tx });
    });
    return presentExport(row, now);
  }

  async list(principal: Principal | null) {
    const accountId = citizenOf(principal);
    const rows = await this.ctx.database.db.selectFrom('rights_exports').select(['id', 'account_id', 'status', 'progress', 'requested_at', 'ready_at', 'expires_at', 'byte_size'])
      .where('account_id', '=', accountId).orderBy('requested_at', 'desc').limit(10).execute();
    const now = this.ctx.clock.now();
    return rows.map((r) => presentExport({ ...r, zip_enc: null }, now));
  }

  /** The job: collect over the declarations, write JSON + HTML, zip, encrypt, mark ready. */
  async build(exportId: string): Promise<void> {
    const db = this.ctx.database.db;
    const row = await db.selectFrom('rights_exports').select(['id', 'account_id', 'status']).where('id', '=', exportId).executeTakeFirst();
    if (!row || row.status === 'ready' || row.status === 'expired') return;
    await db.updateTable('rights_exports').set({ status: 'building', progress: 10 }).where('id', '=', exportId).execute();
    const tables = await collectSubjectData(db, row.account_id, this.ctx.decls, this.ctx.engine);
    await db.updateTable('rights_exports').set({ progress: 60 }).where('id', '=', exportId).execute();
    const generatedAt = this.ctx.clock.now().toISOString();
    const data = {
      format: EXPORT_FORMAT, generatedAt, accountId: row.account_id,
      purposes: Object.fromEntries([...new Set(tables.map((t) => t.purpose))].map((p) => [p, { name: purposeById(p)?.nameZh ?? p, nameEn: purposeById(p)?.nameEn ?? p }])),
      elements: Object.fromEntries([...new Set(tables.flatMap((t) => t.rows.flatMap((r) => Object.keys(r.elements))))].map((e) => [e, { name: elementById(e)?.nameZh ?? e, nameEn: elementById(e)?.nameEn ?? e }])),
      tables: tables.filter((t) => t.rows.length).map((t) => ({ table: t.table, purpose: t.purpose, scope: t.scope, rows: t.rows })),
    };
    // fflate is imported by the first export build (a background job), not at boot (issue #2 idle RSS)
    const { strToU8, zipSync } = await import('fflate');
    const zip = zipSync({ 'data.json': strToU8(JSON.stringify(data, null, 2)), 'index.html': strToU8(html(row.account_id, generatedAt, tables)), 'README.txt': strToU8(`${EXPORT_FORMAT}: see docs/rights-export.md\n`) });
    const now = this.ctx.clock.now();
    await db.transaction().execute(async (tx) => {
      const zipEnc = await this.ctx.cipher.encryptField(APP_KEY(row.account_id), zip, ZIP_AAD(exportId), tx);
      await tx.updateTable('rights_exports').set({ status: 'ready', progress: 100, ready_at: now, expires_at: new Date(now.getTime() + EXPORT_TTL_MS), zip_enc: zipEnc, byte_size: zip.byteLength }).where('id', '=', exportId).execute();
      await this.ctx.audit.record(tx, {
        actor: { kind: 'job', ref: BUILD_EXPORT_JOB }, action: 'rights.build-export', subjectId: row.account_id, elements: Object.keys(data.elements),
        purposeId: 'rights-handling', legalBasis: 'legal-obligation', details: { exportId, tables: data.tables.length, bytes: zip.byteLength },
      });
    });
  }

  async download(principal: Principal | null, exportId: string): Promise<Buffer> {
    const accountId = citizenOf(principal);
    const db = this.ctx.database.db;
    const row = await db.selectFrom('rights_exports').selectAll().where('id', '=', exportId).where('account_id', '=', accountId).executeTakeFirst();
    if (!row) throw new AppError(P.notFound);
    const now = this.ctx.clock.now();
    if (row.status === 'expired' || (row.expires_at && row.expires_at <= now)) throw new AppError(RIGHTS_PROBLEMS.exportExpired);
    if (row.status !== 'ready' || !row.zip_enc) throw new AppError(RIGHTS_PROBLEMS.exportNotReady);
    const zip = await this.ctx.cipher.decryptFieldBytes(APP_KEY(accountId), row.zip_enc, ZIP_AAD(exportId));
    await db.transaction().execute((tx) =>
      this.ctx.audit.record(tx, { actor: { kind: 'citizen', ref: accountId }, action: 'rights.download-export', subjectId: accountId, purposeId: 'rights-handling', legalBasis: 'legal-obligation', details: { exportId } }),
    );
    return zip;
  }

  /** Daily: expired files are deleted (the row stays to show "expired"). */
  async expire(): Promise<number> {
    const r = await this.ctx.database.db.updateTable('rights_exports').set({ status: 'expired', zip_enc: null }).where('expires_at', '<=', this.ctx.clock.now()).where('status', '=', 'ready').executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
