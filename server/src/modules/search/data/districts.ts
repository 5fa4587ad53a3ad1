// The words citizens use for 南通's county-level divisions (reference module COUNTIES) — "如皋 公积金" means the
// 如皋 item. Longest names first so 如皋市 wins over 如皋.
export const DISTRICT_WORDS: readonly { code: string; words: string[] }[] = [
  { code: '320613', words: ['崇川区', '崇川', '港闸区', '港闸'] },
  { code: '320612', words: ['通州区', '通州'] },
  { code: '320614', words: ['海门区', '海门市', '海门'] },
  { code: '320623', words: ['如东县', '如东'] },
  { code: '320681', words: ['启东市', '启东'] },
  { code: '320682', words: ['如皋市', '如皋'] },
  { code: '320685', words: ['海安市', '海安县', '海安'] },
  { code: '320671', words: ['南通经济技术开发区', '经济技术开发区', '经开区', '开发区'] },
];

/** 320600 — the city as a whole (市级 items), as the catalogue spells it. */
export const CITY_WIDE = '320600';
