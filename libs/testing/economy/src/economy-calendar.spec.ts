import { addDays, beijing, calendarOf, dateIn, daysIn } from './economy-calendar';

describe('economy calendar', () => {
  it('names the audited period and its neighbours', () => {
    expect(calendarOf('2018-01')).toEqual({
      period: '2018-01',
      previous: '2017-12',
      next: '2018-02',
      lookback: ['2017-12', '2017-11', '2017-10'],
    });
    expect(() => calendarOf('2018-13')).toThrow();
    // The rate table starts 2016-05: an economy needs the three periods before it covered.
    expect(calendarOf('2016-08').lookback[2]).toBe('2016-05');
    expect(() => calendarOf('2016-07')).toThrow(RangeError);
  });

  it('counts days, leap years included', () => {
    expect(daysIn('2016-02')).toBe(29);
    expect(dateIn('2017-09', 30)).toBe('2017-09-30');
    expect(() => dateIn('2017-09', 31)).toThrow(RangeError);
    expect(addDays('2017-12-31', 1)).toBe('2018-01-01');
    expect(addDays('2017-03-01', -1)).toBe('2017-02-28');
  });

  it('writes Beijing wall-clock instants', () => {
    expect(beijing('2017-09-05', 0, 30)).toBe('2017-09-05 00:30:00+08');
    expect(new Date(beijing('2017-09-05', 0, 30).replace(' ', 'T') + ':00').toISOString()).toBe(
      '2017-09-04T16:30:00.000Z',
    );
  });
});
