import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import {
  CASE_STATUSES,
  FINDING_CATEGORIES,
  INDUSTRY_SECTIONS,
  nextCaseStatuses,
  TAXPAYER_STATUSES,
} from '@app/domain';
import { DASHBOARD_ROOT } from './dashboard.plugin';

/**
 * The dashboard is plain ES modules with no build step, so it cannot import libs/domain and
 * keeps its own copy of the categories, case statuses and case moves. These tests read the
 * served files as text and fail when that copy drifts from the domain, or when a language
 * lacks a label the other has.
 */
const source = (file: string): string => readFileSync(join(DASHBOARD_ROOT, 'js', file), 'utf8');

/** The value of `export const NAME = <literal>;` in a dashboard module, evaluated in a bare context. */
function exported(file: string, name: string): unknown {
  const text = source(file);
  const start = text.indexOf(`export const ${name} = `);
  if (start < 0) throw new Error(`${file} exports no ${name}`);
  const from = start + `export const ${name} = `.length;
  const end = text.indexOf(';\n', from);
  return runInNewContext(`(${text.slice(from, end)})`) as unknown;
}

/** The i18n TABLE literal: { zh: {...}, en: {...} }. */
function translations(): Record<string, Record<string, string>> {
  const text = source('i18n.js');
  const from = text.indexOf('const TABLE = ') + 'const TABLE = '.length;
  const end = text.indexOf('\n};\n', from) + 2;
  return runInNewContext(`(${text.slice(from, end)})`) as Record<string, Record<string, string>>;
}

describe('the dashboard speaks the domain’s vocabulary', () => {
  it('lists every finding category, in the domain’s order', () => {
    expect(exported('views/common.js', 'CATEGORIES')).toEqual([...FINDING_CATEGORIES]);
  });

  it('lists every case status and offers exactly the moves the API allows', () => {
    expect(exported('views/common.js', 'CASE_STATUSES')).toEqual([...CASE_STATUSES]);
    const moves = exported('views/common.js', 'TRANSITIONS') as Record<string, string[]>;
    for (const status of CASE_STATUSES) {
      expect(moves[status] ?? []).toEqual([...nextCaseStatuses(status)]);
    }
  });

  it('has the same keys in Chinese and English, with a label for every category and status', () => {
    const { zh, en } = translations();
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const table of [zh, en]) {
      for (const category of FINDING_CATEGORIES) expect(table[`cat.${category}`]).toEqual(expect.any(String));
      for (const status of CASE_STATUSES) expect(table[`status.${status}`]).toEqual(expect.any(String));
    }
  });

  it('names every taxpayer status and every GB/T 4754 section, and nothing else under those prefixes', () => {
    for (const table of Object.values(translations())) {
      const under = (prefix: string) =>
        Object.keys(table)
          .filter((k) => k.startsWith(prefix))
          .map((k) => k.slice(prefix.length))
          .sort();
      expect(under('tpStatus.')).toEqual([...TAXPAYER_STATUSES].sort());
      expect(under('industry.')).toEqual([...INDUSTRY_SECTIONS].sort());
    }
  });
});
