import { bureauCodeRange, centsOf, findingsQuery } from './findings-sql';

describe('findings SQL', () => {
  it('a subtree prefix is the range of codes that start with it', () => {
    const [from, below] = bureauCodeRange('14401');
    for (const code of ['14401000000', '14401060000', '14401999999']) {
      expect(code >= from && code < below).toBe(true);
    }
    for (const code of ['14400000000', '14402000000', '1440', '11101010000']) {
      expect(code >= from && code < below).toBe(false);
    }
  });

  it('turns a cursor amount into the cents of the sort key', () => {
    expect(centsOf('1234.56')).toBe('123456');
    expect(centsOf('0.00')).toBe('000');
    expect(BigInt(centsOf('9999999999999999.99'))).toBe(999999999999999999n);
  });

  it('always limits to the caller’s subtree, and adds only the filters given', () => {
    const { sql, params } = findingsQuery('1440106', { period: '2026-10' });
    expect(params).toEqual(['1440106', '1440106:', '2026-10']);
    expect(sql).toContain('f.seller_bureau_code >= $1 AND f.seller_bureau_code < $2');
    expect(sql).not.toContain('LIMIT');
    const paged = findingsQuery('1', { bureauCode: '14401000000' }, { taxAtRisk: '10.50', id: '7' }, 51);
    expect(paged.params).toEqual(['1', '1:', '14401', '14401:', '1050', '7', 51]);
    expect(paged.sql).toContain('(f.tax_at_risk_cents, f.id) < ($5::bigint, $6::bigint)');
  });
});
