// The reference rows themselves: county-level divisions with their CURRENT codes (GB/T 2260 after the 2020 changes:
// 崇川区 absorbed 港闸区 → 320613, 海门市 became 海门区 → 320614, 海安县 → 海安市 320685), the 136 township-level
// units from the NBS 统计用区划代码 2022 release (data/nantong-townships-nbs2022.csv, shipped with the code — never
// read from outside the product), and the organisations later features route work to. Seeding is an idempotent upsert.
import { readFileSync } from 'node:fs';
import type { Db } from '../../platform/db/database.ts';
import type { DivisionRow, OrganisationRow } from './reference.repository.ts';

export const TOWNSHIPS_CSV = new URL('./data/nantong-townships-nbs2022.csv', import.meta.url);

/** County-level divisions of 南通市. 320671 is a statistics-only functional zone, not a GB/T 2260 division. */
export const COUNTIES: readonly DivisionRow[] = [
  { code: '320613', name: '崇川区', level: 'county', parent_code: null, kind: 'district' },
  { code: '320612', name: '通州区', level: 'county', parent_code: null, kind: 'district' },
  { code: '320614', name: '海门区', level: 'county', parent_code: null, kind: 'district' },
  { code: '320623', name: '如东县', level: 'county', parent_code: null, kind: 'county' },
  { code: '320681', name: '启东市', level: 'county', parent_code: null, kind: 'county-city' },
  { code: '320682', name: '如皋市', level: 'county', parent_code: null, kind: 'county-city' },
  { code: '320685', name: '海安市', level: 'county', parent_code: null, kind: 'county-city' },
  { code: '320671', name: '南通经济技术开发区', level: 'county', parent_code: null, kind: 'functional-zone' },
];

/** Pre-2020 codes (320602 崇川区, 320611 港闸区, 320684 海门市, 320621 海安县) that must never appear. */
export const OUTDATED_CODES = ['320602', '320611', '320684', '320621'] as const;

// NBS township codes: 0xx 街道, 1xx 镇, 2xx 乡, 4xx 类似乡级单位 (开发区, 农场, 园区 …).
const TOWNSHIP_KIND: Record<string, string> = { '0': 'subdistrict', '1': 'town', '2': 'township', '4': 'township-like' };

export function parseTownships(csv: string): DivisionRow[] {
  const counties = new Set(COUNTIES.map((c) => c.code));
  return csv
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .map((line, i) => {
      const m = /^(\d{9}),"([^"]+)",(\d{6}),32,3206$/.exec(line.trim());
      if (!m) throw new Error(`townships csv line ${i + 1} is malformed: ${line}`);
      const [, code, name, county] = m as unknown as [string, string, string, string];
      if (!counties.has(county) || !code.startsWith(county)) throw new Error(`township ${code} has unknown county ${county}`);
      const kind = TOWNSHIP_KIND[code[6]!];
      if (!kind) throw new Error(`township ${code} has an unknown NBS type digit`);
      return { code, name, level: 'township' as const, parent_code: county, kind };
    });
}

export function loadTownships(): DivisionRow[] {
  return parseTownships(readFileSync(TOWNSHIPS_CSV, 'utf8'));
}

const dept = (id: string, name: string, short_name: string): OrganisationRow => ({ id, name, short_name, kind: 'department', division_code: null });
const county = (id: string, name: string, short_name: string, division_code: string): OrganisationRow => ({ id, name, short_name, kind: 'county', division_code });

/**
 * Organisations work is routed to. Names are the official ones; no phone numbers here (none invented). The controller
 * is named as the privacy policy names it (南通市大数据管理局); if the 2024 reform renames it 南通市数据局, change `name`.
 */
export const ORGANISATIONS: readonly OrganisationRow[] = [
  dept('data', '南通市大数据管理局', '市大数据管理局'),
  dept('gov-services', '南通市政务服务管理办公室', '市政务办'),
  { id: 'hotline-12345', name: '南通市12345政务服务便民热线', short_name: '12345热线', kind: 'hotline', division_code: null },
  dept('hrss', '南通市人力资源和社会保障局', '市人社局'),
  dept('police', '南通市公安局', '市公安局'),
  dept('housing-fund', '南通市住房公积金管理中心', '市公积金中心'),
  dept('health', '南通市卫生健康委员会', '市卫健委'),
  dept('housing', '南通市住房和城乡建设局', '市住建局'),
  dept('natural-resources', '南通市自然资源和规划局', '市自然资源和规划局'),
  dept('market', '南通市市场监督管理局', '市市场监管局'),
  dept('ecology', '南通市生态环境局', '市生态环境局'),
  dept('transport', '南通市交通运输局', '市交通运输局'),
  dept('urban-management', '南通市城市管理局', '市城管局'),
  dept('civil-affairs', '南通市民政局', '市民政局'),
  dept('education', '南通市教育局', '市教育局'),
  dept('medical-security', '南通市医疗保障局', '市医保局'),
  dept('tax', '国家税务总局南通市税务局', '市税务局'),
  dept('finance', '南通市财政局', '市财政局'),
  dept('justice', '南通市司法局', '市司法局'),
  dept('veterans', '南通市退役军人事务局', '市退役军人事务局'),
  dept('culture-tourism', '南通市文化广电和旅游局', '市文广旅局'),
  dept('emergency', '南通市应急管理局', '市应急管理局'),
  dept('water', '南通市水利局', '市水利局'),
  dept('agriculture', '南通市农业农村局', '市农业农村局'),
  county('chongchuan', '南通市崇川区人民政府', '崇川区政府', '320613'),
  county('tongzhou', '南通市通州区人民政府', '通州区政府', '320612'),
  county('haimen', '南通市海门区人民政府', '海门区政府', '320614'),
  county('rudong', '如东县人民政府', '如东县政府', '320623'),
  county('qidong', '启东市人民政府', '启东市政府', '320681'),
  county('rugao', '如皋市人民政府', '如皋市政府', '320682'),
  county('haian', '海安市人民政府', '海安市政府', '320685'),
  county('etdz', '南通经济技术开发区管理委员会', '开发区管委会', '320671'),
];

/** Upserts every reference row; safe to run at every boot. */
export async function seedReference(db: Db): Promise<{ divisions: number; organisations: number }> {
  const divisions = [...COUNTIES, ...loadTownships()];
  await db.transaction().execute(async (tx) => {
    // counties first (townships reference them)
    for (const rows of [COUNTIES, divisions.filter((d) => d.level === 'township')]) {
      await tx
        .insertInto('divisions')
        .values([...rows])
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            level: eb.ref('excluded.level'),
            parent_code: eb.ref('excluded.parent_code'),
            kind: eb.ref('excluded.kind'),
          })),
        )
        .execute();
    }
    await tx
      .insertInto('organisations')
      .values([...ORGANISATIONS])
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          short_name: eb.ref('excluded.short_name'),
          kind: eb.ref('excluded.kind'),
          division_code: eb.ref('excluded.division_code'),
        })),
      )
      .execute();
  });
  return { divisions: divisions.length, organisations: ORGANISATIONS.length };
}
