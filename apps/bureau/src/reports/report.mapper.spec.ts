import { FINDING_CATEGORIES } from '@app/domain';
import { toFiguresDto, toReportRowDto, toTrend } from './report.mapper';

const figures = {
  counts: { FIELD_MISMATCH: 2, FORGED: 1 },
  taxAtRisk: { FIELD_MISMATCH: '260.5', FORGED: '0.10' },
  totalFindings: 3,
  totalTaxAtRisk: '260.60',
};

describe('report view', () => {
  it('lists every category, with zeros where there are no findings, and money to the cent', () => {
    const dto = toFiguresDto(figures);
    expect(Object.keys(dto.counts)).toEqual([...FINDING_CATEGORIES]);
    expect(Object.keys(dto.taxAtRisk)).toEqual([...FINDING_CATEGORIES]);
    expect(dto.counts).toMatchObject({ FIELD_MISMATCH: 2, FORGED: 1, OVERSTATED_CLAIM: 0 });
    expect(dto.taxAtRisk).toMatchObject({
      FIELD_MISMATCH: '260.50',
      FORGED: '0.10',
      OVERSTATED_CLAIM: '0.00',
    });
    expect(dto).toMatchObject({ totalFindings: 3, totalTaxAtRisk: '260.60' });
  });

  it('gives zeros for a bureau without roll-ups, whose sums Postgres prints as "0"', () => {
    const none = toFiguresDto({ counts: {}, taxAtRisk: {}, totalFindings: 0, totalTaxAtRisk: '0' });
    expect(none).toEqual(toFiguresDto(undefined));
    expect(none.totalTaxAtRisk).toBe('0.00');
    expect(Object.values(none.counts).every((n) => n === 0)).toBe(true);
  });

  it('keeps large amounts exact (no float on the way)', () => {
    const dto = toFiguresDto({ ...figures, totalTaxAtRisk: '9999999999999999.99' });
    expect(dto.totalTaxAtRisk).toBe('9999999999999999.99');
  });

  it('keeps a category it does not know rather than dropping its findings', () => {
    const dto = toFiguresDto({
      counts: { NEW_RULE: 1 },
      taxAtRisk: { NEW_RULE: '5.00' },
      totalFindings: 1,
      totalTaxAtRisk: '5.00',
    });
    expect(dto.counts.NEW_RULE).toBe(1);
    expect(dto.taxAtRisk.NEW_RULE).toBe('5.00');
  });

  it('shows a row with its code, name and level', () => {
    const row = toReportRowDto({ code: '14401060000', name: '天河', level: 'district', ...figures });
    expect(row).toMatchObject({ code: '14401060000', name: '天河', level: 'district', totalFindings: 3 });
  });

  it('gives one point per period asked for, in that order, zeros in the gaps', () => {
    const trend = toTrend(
      ['2011-12', '2012-01', '2012-02'],
      [
        { period: '2012-02', ...figures },
        { period: '2011-12', ...figures },
      ],
    );
    expect(trend.map((p) => [p.period, p.totalFindings, p.totalTaxAtRisk])).toEqual([
      ['2011-12', 3, '260.60'],
      ['2012-01', 0, '0.00'],
      ['2012-02', 3, '260.60'],
    ]);
  });
});
