import { nightlyPeriods, nightlyTriggerKey, parseAuditScope } from './audit-scope';

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

describe('parseAuditScope', () => {
  const today = '2026-11-27';

  it('takes a period alone as the whole country', () => {
    expect(parseAuditScope({ period: '2026-10' }, today)).toEqual({ period: '2026-10' });
  });

  it('takes the current period but not a later one', () => {
    expect(parseAuditScope({ period: '2026-11' }, today).period).toBe('2026-11');
    expect(code(() => parseAuditScope({ period: '2026-12' }, today))).toBe('AUDIT_PERIOD_IN_FUTURE');
  });

  it('refuses a malformed period', () => {
    expect(code(() => parseAuditScope({ period: '2026-13' }, today))).toBe('PERIOD_INVALID');
    expect(code(() => parseAuditScope({ period: 202610 }, today))).toBe('PERIOD_INVALID');
  });

  it('takes a bureau scope', () => {
    expect(parseAuditScope({ period: '2026-10', bureauCode: '14401060000' }, today)).toEqual({
      period: '2026-10',
      bureauCode: '14401060000',
    });
    expect(code(() => parseAuditScope({ period: '2026-10', bureauCode: '4401' }, today))).toBe(
      'BUREAU_CODE_INVALID',
    );
  });

  it('refuses a bureau and taxpayers together', () => {
    expect(
      code(() => parseAuditScope({ period: '2026-10', bureauCode: '14401060000', taxIds: ['x'] }, today)),
    ).toBe('AUDIT_SCOPE_AMBIGUOUS');
  });

  it('deduplicates and sorts taxpayer IDs, so one set is one scope', () => {
    const a = '91440106MA59C8XK5T';
    const b = '91110101AAAAAAAAA1';
    expect(parseAuditScope({ period: '2026-10', taxIds: [a, b, a] }, today).taxIds).toEqual([b, a]);
  });

  it('refuses an empty, oversized or malformed taxpayer list', () => {
    expect(code(() => parseAuditScope({ period: '2026-10', taxIds: [] }, today))).toBe('AUDIT_SCOPE_INVALID');
    expect(code(() => parseAuditScope({ period: '2026-10', taxIds: 'x' }, today))).toBe(
      'AUDIT_SCOPE_INVALID',
    );
    const many = Array.from({ length: 1001 }, (_, i) => `91440106${String(i).padStart(9, '0')}X`);
    expect(code(() => parseAuditScope({ period: '2026-10', taxIds: many }, today))).toBe(
      'AUDIT_SCOPE_INVALID',
    );
    expect(code(() => parseAuditScope({ period: '2026-10', taxIds: ['91440106I0000000XX'] }, today))).toBe(
      'TAX_ID_INVALID',
    );
  });
});

describe('nightly periods', () => {
  it('are the current and the previous period in Beijing time', () => {
    // 02:00 in Beijing on 1 December is still 30 November in UTC.
    const at = new Date('2026-11-30T18:00:00Z');
    expect(nightlyPeriods(at)).toEqual(['2026-12', '2026-11']);
    expect(nightlyPeriods(new Date('2027-01-15T18:00:00Z'))).toEqual(['2027-01', '2026-12']);
  });

  it('key a trigger by Beijing date and period, so the same night is one key', () => {
    const first = new Date('2026-11-26T18:00:00Z');
    const again = new Date('2026-11-27T03:00:00Z');
    expect(nightlyTriggerKey(first, '2026-11')).toBe('nightly:2026-11-27:2026-11');
    expect(nightlyTriggerKey(again, '2026-11')).toBe(nightlyTriggerKey(first, '2026-11'));
    expect(nightlyTriggerKey(new Date('2026-11-27T18:00:00Z'), '2026-11')).not.toBe(
      nightlyTriggerKey(first, '2026-11'),
    );
  });
});
