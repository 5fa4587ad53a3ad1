import type { PiElement } from '../elements.ts';
import type { Purpose } from '../purposes.ts';

/**
 * What one feature module adds to the inventory, kept in its own file so that modules built side by side never edit
 * the same lines: the columns where it stores elements the policy names, elements of its own (e.g. staff data, which
 * the citizen policy does not list), and the columns of its tables that hold no PI, each with the reason.
 */
export interface ModuleInventory {
  /** element id → 'table.column's this module stores it in */
  storage?: Record<string, string[]>;
  elements?: PiElement[];
  /** purposes the policy does not name (e.g. administering staff accounts) */
  purposes?: Purpose[];
  /** 'table.column' → why it holds no personal information */
  nonPersonal?: Record<string, string>;
  /** tables holding a person's data, for export and erasure (rights centre) */
  subjectTables?: SubjectTable[];
}

/**
 * Rights centre (issue #6, PP-4.1/4.3/4.5, LAW-5): one declaration per table that holds a person's data. Export,
 * 用户资料, deletion and account cancellation are generic over these declarations — no per-table rights code — so a
 * table a module adds is covered by declaring it here (server/test/rights/declarations.test.ts fails otherwise).
 */
export interface SubjectTable {
  table: string;
  /** the column holding the account id (or, with subjectVia, the column pointing at the parent row) */
  subjectColumn: string;
  /** rows found through a parent table: `column in (select key from parent where parentSubjectColumn = account)` */
  subjectVia?: { parentTable: string; parentKey: string; parentSubjectColumn: string };
  /** the subject column holds not the id but blindIndex(kind, prefix + id) in hex (e.g. pseudonymous usage logs) */
  subjectValue?: { blindIndex: string; prefix: string };
  /** equality filters that also select the subject's rows (e.g. subject_kind = 'account') */
  filter?: Record<string, string>;
  /** a transaction-local setting to switch on before erasing (append-only tables with an erasure path) */
  txSetting?: string;
  /** row key for single-item deletion and receipts (default 'id') */
  key?: string;
  /** PI element id → columns of this table holding it */
  elements: Record<string, string[]>;
  /**
   * encrypted column → AAD the owning module passes to cipher.encryptField; `{col}` is replaced by that column's
   * value in the row. The cipher subject is the account id unless `cipherSubject` says otherwise.
   */
  encrypted?: Record<string, string>;
  /** template for the cipher subject id (default '{subject}' = the account id) */
  cipherSubject?: string;
  /** the purpose under which 用户资料 groups it */
  purpose: string;
  /** 'app' = 南通百通 traces (cancellation mode a); 'identity' = the unified identity account (mode b only) */
  scope: 'app' | 'identity';
  /** a single row may be deleted at once by the citizen (nothing else depends on it, PP-4.3) */
  itemDeletable?: boolean;
  /** …only while these columns are null (e.g. a 12345 photo not yet part of a submitted case file) */
  itemDeletableWhileNull?: string[];
  /** what erasure does (PP-4.3, PP-4.5; LAW-6, LAW-7) */
  erasure: SubjectErasure;
  /** lower runs first (children before parents); default 100 */
  order?: number;
}

export type SubjectErasure =
  | { mode: 'delete' }
  /** LAW-7-style: moved out of the live table into storage only (unusable, not exported to apps) and purged later */
  | { mode: 'storage-only'; reason: string; law: string; retainDays: number; timeColumn: string }
  /**
   * A record another body keeps under its statutory duty (e.g. a 12345 case file with the departments): left in place,
   * listed to the user; when the account's key is shredded (mode b) the row is re-keyed first — decrypted under the
   * account key and re-encrypted under `rekeySubject`, and the subject column set to `subjectBecomes` (null = cleared).
   */
  | { mode: 'statutory-record'; reason: string; law: string; rekeySubject: string; subjectBecomes: string | null; retainedUntil: string };
