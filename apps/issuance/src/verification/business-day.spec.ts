import { beijingDayOf } from './business-day';

describe('beijingDayOf', () => {
  it('is the Beijing date, eight hours ahead of UTC', () => {
    expect(beijingDayOf(new Date('2026-03-31T15:59:59Z'))).toEqual({ day: '2026-03-31', secondsLeft: 1 });
    expect(beijingDayOf(new Date('2026-03-31T16:00:00Z'))).toEqual({
      day: '2026-04-01',
      secondsLeft: 86_400,
    });
  });

  it('counts the seconds to Beijing midnight, rounding up', () => {
    expect(beijingDayOf(new Date('2026-12-31T04:00:00.500Z'))).toEqual({
      day: '2026-12-31',
      secondsLeft: 12 * 3600,
    });
  });
});
