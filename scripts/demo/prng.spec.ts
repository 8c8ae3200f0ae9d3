import { hash32, Prng } from './prng';

describe('Prng', () => {
  it('is a pure function of its named stream', () => {
    const a = Prng.of('seed', 'x', 1);
    const b = Prng.of('seed', 'x', 1);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
    expect(hash32('seed', 'x', 1)).not.toBe(hash32('seed', 'x', 2));
    expect(hash32('1')).not.toBe(hash32(1));
  });

  it('draws integers inside the bounds and shuffles without losing anything', () => {
    const r = Prng.of('bounds');
    for (let i = 0; i < 1000; i++) {
      const n = r.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
    }
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = r.shuffle(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(() => r.pick([])).toThrow(RangeError);
  });
});
