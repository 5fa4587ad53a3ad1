// PP-3.3: 您的个人信息均储存于中华人民共和国境内. Every place PI is stored and every party it is sent to declares the
// jurisdiction it sits in; 'CN' is the PRC mainland as the policy defines 中国境内 (definition 10: not Hong Kong, Macao
// or Taiwan). The inventory test fails when a storage location is outside CN, and the sharing service refuses a
// provision to a recipient outside CN without the subject's separate cross-border consent (PIPL arts. 38–39).
//
// The operator DECLARES where the database and the mail relay run (DATA_REGION / SMTP_REGION); nothing here guesses a
// jurisdiction from a hostname — an address says nothing reliable about where the disks are.

/** 'CN' = 中华人民共和国大陆地区; anything else is 境外 for PP-3.3 (including 'HK', 'MO', 'TW'). ISO 3166-1 alpha-2. */
export type Jurisdiction = string;
export const PRC: Jurisdiction = 'CN';

export const isInsidePrc = (j: Jurisdiction) => j === PRC;

export interface StorageLocation {
  id: string;
  nameZh: string;
  /** what is kept there */
  holdsZh: string;
  jurisdiction: Jurisdiction;
  /** where the jurisdiction is declared (for the operator) */
  declaredBy: string;
}

/** Everywhere the platform itself keeps PI. A location added here outside CN fails server/test/privacy/jurisdiction.test.ts. */
export const STORAGE_LOCATIONS: readonly StorageLocation[] = [
  { id: 'database', nameZh: '业务数据库(PostgreSQL/PGlite)', holdsZh: '帐号、实名、12345诉求、电子卡证、同意记录、审计与共享记录等全部业务数据', jurisdiction: PRC, declaredBy: 'DATA_REGION (部署时声明)' },
  { id: 'data-dir', nameZh: '服务器数据目录(DATA_DIR)', holdsZh: '嵌入式数据库文件、媒体文件(12345图片、语音)、导出文件', jurisdiction: PRC, declaredBy: 'DATA_REGION (与数据库同一部署)' },
  { id: 'backups', nameZh: '数据库备份', holdsZh: '业务数据库的备份', jurisdiction: PRC, declaredBy: 'DATA_REGION (备份与数据库同地存放)' },
  { id: 'mail-relay', nameZh: '政务邮件系统(SMTP中继)', holdsZh: '发往您邮箱的邮件在投递前的暂存', jurisdiction: PRC, declaredBy: 'SMTP_REGION' },
];

/**
 * PP-3.3 at start-up: in production the operator must declare where the database (DATA_REGION) and, when mail is
 * configured, the SMTP relay (SMTP_REGION) run, and both must be CN. Returns what is wrong (empty = fine). The values are
 * declarations, checked as declarations: a deployment that lies about its region is an organisational failure this
 * code cannot detect.
 */
export function residencyProblems(env: Record<string, string | undefined>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const out: string[] = [];
  const region = (name: string) => env[name]?.trim().toUpperCase();
  const data = region('DATA_REGION');
  if (!data) out.push('DATA_REGION is not declared: declare where the database and DATA_DIR are stored (CN = 中华人民共和国境内; PP-3.3)');
  else if (!isInsidePrc(data)) out.push(`DATA_REGION=${data} is outside the PRC mainland: PI must be stored in China (PP-3.3)`);
  if (env.SMTP_URL) {
    const smtp = region('SMTP_REGION');
    if (!smtp) out.push('SMTP_REGION is not declared: declare where the SMTP relay in SMTP_URL runs (PP-3.3)');
    else if (!isInsidePrc(smtp)) out.push(`SMTP_REGION=${smtp} is outside the PRC mainland: mail holding PI would be stored abroad (PP-3.3)`);
  }
  return out;
}
