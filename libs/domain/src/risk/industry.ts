import { ValidationError } from '../errors/domain-error';

/**
 * GB/T 4754-2017 (国民经济行业分类): the 20 sections A–T and the two-digit divisions each
 * holds. A taxpayer's `industry` is a section letter, optionally followed by its 2- to
 * 4-digit class code (division, group, class), which must lie in the section: `F`, `F51`,
 * `F5174`.
 */
const SECTION_DIVISIONS: Readonly<Record<string, readonly [number, number]>> = {
  A: [1, 5], // 农、林、牧、渔业
  B: [6, 12], // 采矿业
  C: [13, 43], // 制造业
  D: [44, 46], // 电力、热力、燃气及水生产和供应业
  E: [47, 50], // 建筑业
  F: [51, 52], // 批发和零售业
  G: [53, 60], // 交通运输、仓储和邮政业
  H: [61, 62], // 住宿和餐饮业
  I: [63, 65], // 信息传输、软件和信息技术服务业
  J: [66, 69], // 金融业
  K: [70, 70], // 房地产业
  L: [71, 72], // 租赁和商务服务业
  M: [73, 75], // 科学研究和技术服务业
  N: [76, 79], // 水利、环境和公共设施管理业
  O: [80, 82], // 居民服务、修理和其他服务业
  P: [83, 83], // 教育
  Q: [84, 85], // 卫生和社会工作
  R: [86, 90], // 文化、体育和娱乐业
  S: [91, 97], // 公共管理、社会保障和社会组织
  T: [98, 98], // 国际组织
};

export const INDUSTRY_SECTIONS: readonly string[] = Object.keys(SECTION_DIVISIONS);

/** The section letter of a stored industry code (`F5174` → `F`). */
export function industrySection(industry: string): string {
  return industry[0];
}

/**
 * @throws ValidationError `INDUSTRY_INVALID` with details `{ field, reason }`, reason
 *   `NOT_A_STRING` | `FORMAT` (not a letter and 0, 2, 3 or 4 digits) | `SECTION` (no such
 *   section) | `DIVISION` (the digits' division is not in the section).
 */
export function parseIndustry(value: unknown, field = 'industry'): string {
  const fail = (reason: string, message: string): never => {
    throw new ValidationError('INDUSTRY_INVALID', `${field} ${message}`, { field, reason });
  };
  if (typeof value !== 'string') return fail('NOT_A_STRING', 'must be a string such as "F" or "F5174"');
  const m = /^([A-Z])(\d{2,4})?$/.exec(value);
  if (!m) return fail('FORMAT', 'must be a GB/T 4754 section letter, optionally followed by 2–4 digits');
  const range = Object.hasOwn(SECTION_DIVISIONS, m[1]) ? SECTION_DIVISIONS[m[1]] : undefined;
  if (!range) return fail('SECTION', `names no GB/T 4754-2017 section (A–T)`);
  if (m[2] !== undefined) {
    const division = Number(m[2].slice(0, 2));
    if (division < range[0] || division > range[1]) {
      const span = `${String(range[0]).padStart(2, '0')}–${String(range[1]).padStart(2, '0')}`;
      return fail('DIVISION', `"${value}": division ${m[2].slice(0, 2)} is not in section ${m[1]} (${span})`);
    }
  }
  return value;
}
