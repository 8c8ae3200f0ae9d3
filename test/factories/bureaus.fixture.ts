/**
 * Real bureaus of the GB/T 2260 tree, chosen so that every relation a jurisdiction test
 * needs exists: own, child, parent, sibling and cousin at each tier.
 */
export const BUREAUS = {
  national: '10000000000',
  guangdong: '14400000000', // province
  guangzhou: '14401000000', // city in Guangdong
  tianhe: '14401060000', // district of Guangzhou (440106 天河区)
  yuexiu: '14401040000', // sibling district of Tianhe (440104 越秀区)
  shenzhen: '14403000000', // sibling city of Guangzhou
  futian: '14403040000', // cousin district of Tianhe (440304 福田区)
  dongguan: '14419000000', // a city without districts: registers taxpayers itself
  beijing: '11100000000', // another province
  beijingCity: '11101000000',
  dongcheng: '11101010000', // district in Beijing (110101 东城区)
} as const;
