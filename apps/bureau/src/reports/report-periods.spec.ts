import { periodsEnding } from './report-periods';

describe('report periods', () => {
  it('counts back across a year end, oldest first', () => {
    expect(periodsEnding('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(periodsEnding('2012-12', 12)[0]).toBe('2012-01');
    expect(periodsEnding('2012-06', 1)).toEqual(['2012-06']);
  });

  it('stops where the calendar starts rather than making up year 0', () => {
    expect(periodsEnding('0001-02', 12)).toEqual(['0001-01', '0001-02']);
  });
});
