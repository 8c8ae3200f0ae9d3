import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Division {
  code: string;
  name: string;
  provinceCode?: string;
  cityCode?: string;
}

export interface BureauRow {
  code: string;
  divisionCode: string | null;
  name: string;
  level: 'national' | 'province' | 'city' | 'district';
  parentCode: string | null;
  scopePrefix: string;
  acceptsTaxpayers: boolean;
}

export const NATIONAL_BUREAU_CODE = '10000000000';

/** City rows of GB/T 2260 that are groupings, not cities: districts are named after the province. */
const GROUPING_CITY_NAMES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

function read(file: string): Division[] {
  return JSON.parse(readFileSync(join(__dirname, 'gbt2260', file), 'utf8')) as Division[];
}

/**
 * The bureau tree from the GB/T 2260 snapshot, parents before children. Bureau code =
 * `1` + 6-digit division code + `0000`; the subtree prefix is `1` + the significant part
 * of the division code (2 digits for a province, 4 for a city, 6 for a district), so the
 * code of every bureau in a subtree starts with its root's prefix. A county-level row
 * whose code ends in `00` (东莞市 441900, 中山市, 儋州市) is the city itself: such a city
 * has no districts and registers taxpayers directly.
 */
export function loadBureauHierarchy(): BureauRow[] {
  const provinces = read('provinces.json');
  const cities = read('cities.json');
  const areas = read('areas.json');
  const rows: BureauRow[] = [
    {
      code: NATIONAL_BUREAU_CODE,
      divisionCode: null,
      name: '国家税务总局',
      level: 'national',
      parentCode: null,
      scopePrefix: '1',
      acceptsTaxpayers: false,
    },
  ];
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  const cityName = new Map(cities.map((c) => [c.code, c.name]));
  const citiesWithDistricts = new Set(areas.filter((a) => !a.code.endsWith('00')).map((a) => a.cityCode));

  for (const p of provinces) {
    rows.push({
      code: `1${p.code}00000000`,
      divisionCode: `${p.code}0000`,
      name: `国家税务总局${p.name}税务局`,
      level: 'province',
      parentCode: NATIONAL_BUREAU_CODE,
      scopePrefix: `1${p.code}`,
      acceptsTaxpayers: false,
    });
  }
  for (const c of cities) {
    const pName = provinceName.get(c.provinceCode!)!;
    rows.push({
      code: `1${c.code}000000`,
      divisionCode: `${c.code}00`,
      name: GROUPING_CITY_NAMES.has(c.name)
        ? `国家税务总局${pName}${c.name}税务局`
        : `国家税务总局${c.name}税务局`,
      level: 'city',
      parentCode: `1${c.provinceCode}00000000`,
      scopePrefix: `1${c.code}`,
      acceptsTaxpayers: !citiesWithDistricts.has(c.code),
    });
  }
  for (const a of areas) {
    if (a.code.endsWith('00')) continue;
    const cName = cityName.get(a.cityCode!)!;
    const place = GROUPING_CITY_NAMES.has(cName)
      ? cName === '市辖区' || cName === '县'
        ? `${provinceName.get(a.provinceCode!)}${a.name}`
        : a.name
      : `${cName}${a.name}`;
    rows.push({
      code: `1${a.code}0000`,
      divisionCode: a.code,
      name: `国家税务总局${place}税务局`,
      level: 'district',
      parentCode: `1${a.cityCode}000000`,
      scopePrefix: `1${a.code}`,
      acceptsTaxpayers: true,
    });
  }
  return rows;
}
