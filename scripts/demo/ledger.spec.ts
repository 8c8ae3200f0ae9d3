import { compareFindings, InjectionLedger, keyOf, type FindingKey } from './ledger';

const f = (category: string, n: string, buyer = 'B'): FindingKey => ({
  category,
  period: '2026-11',
  invoiceCode: '4401123453',
  invoiceNumber: n,
  sellerTaxId: 'S',
  buyerTaxId: buyer,
});

describe('injections ledger and comparison', () => {
  it('counts found, missed and false per category, in the given order', () => {
    const expected = [f('FORGED', '1'), f('FORGED', '2'), f('UNCLAIMED', '3')];
    const found = [f('FORGED', '1'), f('UNCLAIMED', '3'), f('DUPLICATE_CLAIM', '4'), f('MATCHED_EXTRA', '5')];
    const c = compareFindings(expected, found, ['UNCLAIMED', 'FORGED', 'DUPLICATE_CLAIM']);
    expect(c.rows).toEqual([
      { category: 'UNCLAIMED', expected: 1, found: 1, missed: 0, false: 0 },
      { category: 'FORGED', expected: 2, found: 1, missed: 1, false: 0 },
      { category: 'DUPLICATE_CLAIM', expected: 0, found: 0, missed: 0, false: 1 },
      { category: 'MATCHED_EXTRA', expected: 0, found: 0, missed: 0, false: 1 },
    ]);
    expect(c.missed).toEqual([f('FORGED', '2')]);
    expect(c.falseFindings.map((x) => x.invoiceNumber)).toEqual(['4', '5']);
    expect(c.perfect).toBe(false);
  });

  it('is perfect when both sides hold the same findings; the key separates buyers and periods', () => {
    expect(compareFindings([f('FORGED', '1')], [f('FORGED', '1')]).perfect).toBe(true);
    expect(keyOf(f('FORGED', '1', 'B1'))).not.toBe(keyOf(f('FORGED', '1', 'B2')));
    expect(keyOf({ ...f('FORGED', '1'), period: '2026-10' })).not.toBe(keyOf(f('FORGED', '1')));
  });

  it('records an expected finding once however often it is expected', () => {
    const ledger = new InjectionLedger();
    ledger.expect({ ...f('REVOKED_SEAL', '9'), how: 'a' });
    ledger.expect({ ...f('REVOKED_SEAL', '9'), how: 'b' });
    ledger.expect({ ...f('MISSING_SELLER_COPY', '9'), how: 'c' });
    expect(ledger.count()).toBe(2);
  });
});
