import {
  assertIssueDate,
  comparePeriods,
  isPeriodOpenForIssuance,
  isSameCalendarMonth,
  nextPeriod,
  parseDate,
  parsePeriod,
  periodEnd,
  periodOf,
  periodStart,
  previousPeriod,
  todayIn,
} from './tax-period';

const invalid = (code: string, reason: string, field: string) =>
  expect.objectContaining({ name: 'ValidationError', code, details: { field, reason } });
const rule = (code: string) => expect.objectContaining({ name: 'BusinessRuleError', kind: 'rule', code });

describe('parseDate', () => {
  it.each(['2026-01-01', '2026-12-31', '2024-02-29', '2000-02-29', '2026-04-30', '0001-01-01'])(
    'accepts %s',
    (d) => {
      expect(parseDate(d, 'issueDate')).toBe(d);
    },
  );

  it.each([
    '2026-02-30',
    '2025-02-29',
    '1900-02-29',
    '2100-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-01-32',
    '0000-01-01',
  ])('rejects the non-date %s', (d) => {
    expect(() => parseDate(d, 'issueDate')).toThrow(invalid('DATE_INVALID', 'CALENDAR', 'issueDate'));
  });

  it.each([
    '2026-1-01',
    '20260101',
    '2026/01/01',
    '2026-01-01T00:00:00Z',
    ' 2026-01-01',
    '２０２６-01-01',
    '',
    '26-01-01',
  ])('rejects the malformed %p', (d) => {
    expect(() => parseDate(d, 'issueDate')).toThrow(invalid('DATE_INVALID', 'FORMAT', 'issueDate'));
  });

  it.each([20260101, null, undefined, new Date('2026-01-01')])('rejects the non-string %p', (d) => {
    expect(() => parseDate(d, 'issueDate')).toThrow(invalid('DATE_INVALID', 'NOT_A_STRING', 'issueDate'));
  });
});

describe('parsePeriod', () => {
  it.each(['2026-01', '2026-12', '2016-05'])('accepts %s', (p) => expect(parsePeriod(p, 'period')).toBe(p));
  it.each(['2026-13', '2026-00', '0000-01'])('rejects the non-month %s', (p) => {
    expect(() => parsePeriod(p, 'period')).toThrow(invalid('PERIOD_INVALID', 'CALENDAR', 'period'));
  });
  it.each(['2026-1', '2026-01-01', '202601', '2026-01 '])('rejects the malformed %s', (p) => {
    expect(() => parsePeriod(p, 'period')).toThrow(invalid('PERIOD_INVALID', 'FORMAT', 'period'));
  });
  it('rejects a number', () => {
    expect(() => parsePeriod(202601, 'period')).toThrow(invalid('PERIOD_INVALID', 'NOT_A_STRING', 'period'));
  });
});

describe('period arithmetic', () => {
  it('finds the period of a date', () => expect(periodOf('2026-03-14')).toBe('2026-03'));

  it('steps across year ends', () => {
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(previousPeriod('2026-03')).toBe('2026-02');
    expect(nextPeriod('2025-12')).toBe('2026-01');
    expect(nextPeriod('2026-09')).toBe('2026-10');
  });

  it.each([
    ['2024-02', '2024-02-29'],
    ['2026-02', '2026-02-28'],
    ['2000-02', '2000-02-29'],
    ['2100-02', '2100-02-28'],
    ['2026-04', '2026-04-30'],
    ['2026-12', '2026-12-31'],
  ])('%s runs from the 1st to %s', (period, end) => {
    expect(periodStart(period)).toBe(`${period}-01`);
    expect(periodEnd(period)).toBe(end);
  });

  it('compares periods', () => {
    expect(comparePeriods('2025-12', '2026-01')).toBe(-1);
    expect(comparePeriods('2026-01', '2026-01')).toBe(0);
    expect(comparePeriods('2026-10', '2026-09')).toBe(1);
  });

  it('tells whether two dates share a calendar month', () => {
    expect(isSameCalendarMonth('2026-03-01', '2026-03-31')).toBe(true);
    expect(isSameCalendarMonth('2026-03-31', '2026-04-01')).toBe(false);
    expect(isSameCalendarMonth('2025-03-10', '2026-03-10')).toBe(false);
  });

  it('refuses malformed input instead of computing nonsense', () => {
    expect(() => previousPeriod('2026-13')).toThrow(invalid('PERIOD_INVALID', 'CALENDAR', 'period'));
    expect(() => periodOf('2026-02-30')).toThrow(invalid('DATE_INVALID', 'CALENDAR', 'date'));
  });
});

describe('todayIn', () => {
  it('uses the calendar date of the zone, not of UTC', () => {
    const beijingMidnight = new Date('2026-01-31T16:00:00Z');
    expect(todayIn('Asia/Shanghai', beijingMidnight)).toBe('2026-02-01');
    expect(todayIn('Asia/Shanghai', new Date('2026-01-31T15:59:59.999Z'))).toBe('2026-01-31');
    expect(todayIn('UTC', beijingMidnight)).toBe('2026-01-31');
    expect(todayIn('America/Los_Angeles', new Date('2026-01-01T07:59:00Z'))).toBe('2025-12-31');
  });

  it('answers each zone and second by itself, also when asked again within a second', () => {
    // The last answer is reused within its UTC second: the day must still turn at midnight.
    expect(todayIn('Asia/Shanghai', new Date('2026-01-31T15:59:59.000Z'))).toBe('2026-01-31');
    expect(todayIn('UTC', new Date('2026-01-31T15:59:59.500Z'))).toBe('2026-01-31');
    expect(todayIn('Asia/Shanghai', new Date('2026-01-31T15:59:59.999Z'))).toBe('2026-01-31');
    expect(todayIn('Asia/Shanghai', new Date('2026-01-31T16:00:00.000Z'))).toBe('2026-02-01');
    expect(todayIn('UTC', new Date('2026-01-31T16:00:00.000Z'))).toBe('2026-01-31');
    expect(todayIn('Asia/Shanghai', new Date('2026-01-31T15:59:59.999Z'))).toBe('2026-01-31');
  });

  it('answers interleaved instants and more seconds than it keeps', () => {
    // An invoice asks for today and for its certificate's first and last day in turn.
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000 + 12 * 3_600_000);
    for (let i = 0; i < 1500; i++) {
      expect(todayIn('Asia/Shanghai', day(i % 700))).toBe(
        day(i % 700)
          .toISOString()
          .slice(0, 10),
      );
      expect(todayIn('UTC', day(i % 700))).toBe(
        day(i % 700)
          .toISOString()
          .slice(0, 10),
      );
    }
    expect(todayIn('Asia/Shanghai', new Date('2026-01-31T16:00:00.000Z'))).toBe('2026-02-01');
  });

  it('defaults to Asia/Shanghai', () => {
    expect(todayIn(undefined, new Date('2026-06-30T16:00:00Z'))).toBe('2026-07-01');
    expect(todayIn()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('rejects an unknown zone', () => {
    expect(() => todayIn('Mars/Olympus_Mons', new Date())).toThrow(
      expect.objectContaining({ code: 'TIME_ZONE_INVALID', details: { timeZone: 'Mars/Olympus_Mons' } }),
    );
  });
});

describe('isPeriodOpenForIssuance', () => {
  it.each([
    ['2026-03', '2026-03-01', true],
    ['2026-03', '2026-03-31', true],
    ['2026-02', '2026-03-01', true],
    ['2026-02', '2026-03-15', true],
    ['2026-02', '2026-03-16', false],
    ['2026-01', '2026-03-01', false],
    ['2026-04', '2026-03-31', false],
    ['2025-12', '2026-01-15', true],
    ['2025-12', '2026-01-16', false],
    ['2025-01', '2026-01-10', false],
  ])('period %s on %s: %s', (period, today, open) => {
    expect(isPeriodOpenForIssuance(period, today)).toBe(open);
  });
});

describe('assertIssueDate', () => {
  it('accepts today and open earlier dates', () => {
    expect(() => assertIssueDate('2026-03-10', '2026-03-10')).not.toThrow();
    expect(() => assertIssueDate('2026-03-01', '2026-03-10')).not.toThrow();
    expect(() => assertIssueDate('2026-02-01', '2026-03-15')).not.toThrow();
    expect(() => assertIssueDate('2025-12-31', '2026-01-15')).not.toThrow();
  });

  it('refuses a date after today', () => {
    expect(() => assertIssueDate('2026-03-11', '2026-03-10')).toThrow(rule('ISSUE_DATE_IN_FUTURE'));
    expect(() => assertIssueDate('2026-03-11', '2026-03-10')).toThrow(
      expect.objectContaining({ details: { issueDate: '2026-03-11', today: '2026-03-10' } }),
    );
  });

  it('refuses a date in a closed period', () => {
    expect(() => assertIssueDate('2026-02-28', '2026-03-16')).toThrow(rule('PERIOD_CLOSED'));
    expect(() => assertIssueDate('2026-01-31', '2026-03-01')).toThrow(
      expect.objectContaining({
        code: 'PERIOD_CLOSED',
        details: { issueDate: '2026-01-31', period: '2026-01', today: '2026-03-01' },
      }),
    );
  });

  it('validates both dates', () => {
    expect(() => assertIssueDate('2026-02-30', '2026-03-10')).toThrow(
      invalid('DATE_INVALID', 'CALENDAR', 'issueDate'),
    );
  });
});
