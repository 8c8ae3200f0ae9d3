import { hash32, SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('draws the same stream for the same name, another for another', () => {
    const draw = (...name: (string | number)[]) => {
      const rng = SeededRandom.of(...name);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw('seed', 'trade', 7)).toEqual(draw('seed', 'trade', 7));
    expect(draw('seed', 'trade', 7)).not.toEqual(draw('seed', 'trade', 8));
    expect(draw('seed', 'trade', 7)).not.toEqual(draw('other', 'trade', 7));
  });

  it('keeps numbers and strings of the same text apart', () => {
    expect(hash32('a', 1)).not.toBe(hash32('a', '1'));
    expect(hash32('ab', 'c')).not.toBe(hash32('a', 'bc'));
  });

  it('stays within its bounds', () => {
    const rng = SeededRandom.of('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const n = rng.int(3, 7);
      expect(Number.isInteger(n) && n >= 3 && n <= 7).toBe(true);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
    expect(rng.hex(40)).toMatch(/^[0-9a-f]{40}$/);
    expect(() => rng.pick([])).toThrow(RangeError);
  });
});

describe('SeededRandom.shuffle', () => {
  it('keeps every item, moves them, and is a function of the stream', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = SeededRandom.of('shuffle').shuffle(items);
    expect([...shuffled].sort((x, y) => x - y)).toEqual(items);
    expect(shuffled).not.toEqual(items);
    expect(SeededRandom.of('shuffle').shuffle(items)).toEqual(shuffled);
  });
});
