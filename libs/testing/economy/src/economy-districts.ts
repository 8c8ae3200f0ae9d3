/**
 * Where the economy's taxpayers are registered: real bureaus of the GB/T 2260 tree in
 * four provinces, so that findings route to several districts, cities and provinces and
 * cross-province findings open assist requests. Each accepts taxpayers (a district, or
 * Dongguan: a city without districts that registers taxpayers itself, and so has no
 * district-tier roll-up). The loader checks every code against registry.bureaus.
 */
export interface EconomyDistrict {
  /** 11-digit bureau code: 1 + GB/T 2260 division code + 0000. */
  bureauCode: string;
  name: string;
}

export const ECONOMY_DISTRICTS: readonly EconomyDistrict[] = [
  { bureauCode: '14401060000', name: '天河' }, // Guangzhou, Guangdong
  { bureauCode: '14401040000', name: '越秀' }, // Guangzhou, Guangdong
  { bureauCode: '14403040000', name: '福田' }, // Shenzhen, Guangdong
  { bureauCode: '14419000000', name: '东莞' }, // Dongguan (city level), Guangdong
  { bureauCode: '11101010000', name: '东城' }, // Beijing
  { bureauCode: '11101050000', name: '朝阳' }, // Beijing
  { bureauCode: '13101010000', name: '黄浦' }, // Shanghai
  { bureauCode: '15101040000', name: '锦江' }, // Chengdu, Sichuan
];

/** The 6-digit division code of a bureau (characters 2–7), which taxpayer IDs carry. */
export function divisionOf(bureauCode: string): string {
  return bureauCode.slice(1, 7);
}

/** The 2-digit province of a bureau: characters 2–3, as the audit compares them for 协查. */
export function provinceOf(bureauCode: string): string {
  return bureauCode.slice(1, 3);
}

/** The 4-digit region (province + city) that leads the invoice codes a bureau hands out. */
export function regionOf(bureauCode: string): string {
  return bureauCode.slice(1, 5);
}
