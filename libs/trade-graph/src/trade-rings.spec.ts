import { fen, findRings, ringId, ringOf, type RingShape, type TradeEdge } from './trade-rings';

const SHAPE: RingShape = { minMembers: 2, maxMembers: 6, minEdgeRatio: 0.5, maxValueAdded: 0.05 };
const e = (sellerTaxId: string, buyerTaxId: string, amount: string): TradeEdge => ({
  sellerTaxId,
  buyerTaxId,
  amount,
});
/** A cycle through `members` in order, every edge `amount` times `step` the one before. */
const cycle = (members: string[], amount: number, step = 1): TradeEdge[] =>
  members.map((m, i) => e(m, members[(i + 1) % members.length], (amount * step ** i).toFixed(2)));

describe('fen', () => {
  it.each([
    ['100000.00', 10000000n],
    ['1234.5', 123450n],
    ['7', 700n],
    ['0.01', 1n],
  ])('%s yuan is %s fen', (yuan, expected) => expect(fen(yuan)).toBe(expected));
});

describe('findRings', () => {
  it('finds a three-member ring once, from its smallest member, with a stable id', () => {
    const edges = cycle(['C', 'A', 'B'], 1_000_000);
    const search = findRings(edges, SHAPE);
    expect(search.rings).toEqual([{ ringId: ringId(['A', 'B', 'C']), members: ['A', 'B', 'C'] }]);
    expect(search.components).toBe(1);
    expect(findRings([...edges].reverse(), SHAPE).rings[0].ringId).toBe(search.rings[0].ringId);
    expect(ringId(['A', 'B', 'C'])).not.toBe(ringId(['A', 'C', 'B']));
    expect(ringOf(['C', 'A', 'B'])).toEqual(search.rings[0]);
  });

  it('finds a two-member ring', () => {
    expect(findRings([e('A', 'B', '500000.00'), e('B', 'A', '510000.00')], SHAPE).rings).toHaveLength(1);
  });

  it('takes a value added of exactly 5 % at every member, and not a fen more', () => {
    // A→B 1,000,000, B→A 1,050,000: B adds exactly 5 %, A loses 4.76 %
    expect(findRings([e('A', 'B', '1000000.00'), e('B', 'A', '1050000.00')], SHAPE).rings).toHaveLength(1);
    expect(findRings([e('A', 'B', '1000000.00'), e('B', 'A', '1050000.01')], SHAPE).rings).toHaveLength(0);
    // the start member's own band is checked when the ring closes: A buys 1,000,000 and sells 1,050,000.01
    expect(
      findRings([e('A', 'B', '1050000.01'), e('B', 'C', '1050000.01'), e('C', 'A', '1000000.00')], SHAPE)
        .rings,
    ).toHaveLength(0);
  });

  it('does not take a cycle with 10 % value added at each step (a supply chain that sells back)', () => {
    expect(findRings(cycle(['A', 'B', 'C'], 1_000_000, 1.1), SHAPE).rings).toHaveLength(0);
  });

  it('does not take an ordinary exchange at a real margin: steel one way, machines the other', () => {
    expect(findRings([e('A', 'B', '1000000.00'), e('B', 'A', '300000.00')], SHAPE).rings).toHaveLength(0);
  });

  it('bounds the ring at maxMembers: six members are a ring, seven are not', () => {
    const six = ['A', 'B', 'C', 'D', 'E', 'F'];
    expect(findRings(cycle(six, 200_000), SHAPE).rings).toHaveLength(1);
    expect(findRings(cycle([...six, 'G'], 200_000), SHAPE).rings).toHaveLength(0);
    expect(findRings(cycle(six, 200_000), { ...SHAPE, minMembers: 3, maxMembers: 5 }).rings).toHaveLength(0);
  });

  it('holds the smallest edge to minEdgeRatio of the largest', () => {
    const loose = { ...SHAPE, maxValueAdded: 1 };
    expect(findRings(cycle(['A', 'B', 'C'], 100_000, 1.4), loose).rings).toHaveLength(1); // 1.96 × at most
    expect(findRings(cycle(['A', 'B', 'C'], 100_000, 1.5), loose).rings).toHaveLength(0); // 2.25 ×
  });

  it('finds overlapping rings separately and ignores edges off every cycle', () => {
    const edges = [
      ...cycle(['A', 'B'], 300_000),
      ...cycle(['A', 'C', 'D'], 300_000),
      e('D', 'X', '300000.00'),
      e('Y', 'A', '300000.00'),
    ];
    const search = findRings(edges, SHAPE);
    expect(search.rings.map((r) => r.members)).toEqual([
      ['A', 'B'],
      ['A', 'C', 'D'],
    ]);
    expect(search.components).toBe(1);
    expect(search.largestComponent).toBe(4);
  });

  it('stops at its budget on a component of many equal amounts, and says so', () => {
    const members = Array.from({ length: 40 }, (_, i) => `T${String(i).padStart(2, '0')}`);
    const edges = members.flatMap((a) => members.filter((b) => b !== a).map((b) => e(a, b, '100000.00')));
    const search = findRings(edges, SHAPE, 10_000);
    expect(search.truncated).toBe(true);
    expect(search.steps).toBe(10_001);
  });

  it('searches a component too deep for a recursive components search, and bounds the ring', () => {
    const members = Array.from({ length: 20_000 }, (_, i) => `T${String(i).padStart(5, '0')}`);
    const search = findRings(cycle(members, 100_000), SHAPE);
    expect(search.rings).toHaveLength(0);
    expect(search.truncated).toBe(false);
  });
});
