import { decodeCursor, encodeCursor } from '@app/platform';
import { cursorOf, isRiskCursor, toTrend } from './risk.mapper';

describe('the ranking cursor', () => {
  const row = {
    taxId: '91440106MA59XXXX0K',
    name: 'x',
    bureauCode: '14401060000',
    score: 45,
    categories: {},
    taxAtRisk: '2860.00',
  };

  it('carries the sort key of the last row and reads back', () => {
    const cursor = encodeCursor(cursorOf(row));
    expect(decodeCursor(cursor, isRiskCursor)).toEqual({ score: 45, taxAtRisk: '2860.00', taxId: row.taxId });
  });

  it.each([
    { score: 101, taxAtRisk: '1.00', taxId: row.taxId },
    { score: -1, taxAtRisk: '1.00', taxId: row.taxId },
    { score: 4.5, taxAtRisk: '1.00', taxId: row.taxId },
    { score: '45', taxAtRisk: '1.00', taxId: row.taxId },
    { score: 45, taxAtRisk: '1', taxId: row.taxId },
    { score: 45, taxAtRisk: '-1.00', taxId: row.taxId },
    { score: 45, taxAtRisk: '1e9', taxId: row.taxId },
    { score: 45, taxAtRisk: '1.00', taxId: "x' OR 1=1" },
    { score: 45, taxAtRisk: '1.00' },
    null,
    [45, '1.00', row.taxId],
  ])('refuses %j', (key) => {
    expect(isRiskCursor(key)).toBe(false);
  });
});

describe('toTrend', () => {
  it('lists every period, zeros where nothing was issued or claimed', () => {
    const trend = toTrend(
      ['2026-01', '2026-02', '2026-03'],
      [
        {
          period: '2026-02',
          issuedAmount: '100.00',
          issuedTax: '13.00',
          claimedAmount: null,
          claimedTax: null,
        },
        {
          period: '2026-03',
          issuedAmount: null,
          issuedTax: null,
          claimedAmount: '50.00',
          claimedTax: '6.50',
        },
      ],
    );
    expect(trend).toEqual([
      {
        period: '2026-01',
        issuedAmount: '0.00',
        issuedTax: '0.00',
        claimedAmount: '0.00',
        claimedTax: '0.00',
      },
      {
        period: '2026-02',
        issuedAmount: '100.00',
        issuedTax: '13.00',
        claimedAmount: '0.00',
        claimedTax: '0.00',
      },
      {
        period: '2026-03',
        issuedAmount: '0.00',
        issuedTax: '0.00',
        claimedAmount: '50.00',
        claimedTax: '6.50',
      },
    ]);
  });
});
