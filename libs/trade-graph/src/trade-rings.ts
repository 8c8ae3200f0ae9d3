import { createHash } from 'node:crypto';
import { DirectedGraph } from 'graphology';
import { stronglyConnectedComponents } from 'graphology-components';
import { Money } from '@app/domain';

/** Who invoiced whom over a window: the sum of the seller's special invoices to the buyer. */
export interface TradeEdge {
  sellerTaxId: string;
  buyerTaxId: string;
  /** Yuan, a decimal string with at most two decimals (SQL numeric). */
  amount: string;
}

/** CIRCULAR_TRADING's shape of a ring (RuleSetParameters.circularTrading, less the SQL's own). */
export interface RingShape {
  minMembers: number;
  maxMembers: number;
  /** The smallest edge of a ring is at least this share of its largest. */
  minEdgeRatio: number;
  /** Each member's value added on the ring, (sales − purchases) / purchases, within ± this. */
  maxValueAdded: number;
}

/** A ring of circular trading: its members in trading order, starting at the smallest tax id. */
export interface Ring {
  ringId: string;
  members: string[];
}

export interface RingSearch {
  rings: Ring[];
  /** The graph searched, and its strongly connected components of two or more members. */
  nodes: number;
  edges: number;
  components: number;
  largestComponent: number;
  /** Edges followed by the search; it stops at the budget and says so. */
  steps: number;
  truncated: boolean;
}

/**
 * Edges followed (and halves joined) before a search stops and says so: a component of many
 * equal amounts. The bench economies' searches take far fewer (docs/benchmarks.md).
 */
export const RING_SEARCH_BUDGET = 10_000_000;

/** Parts per million: shares and money compared exactly, in integers. */
const PPM = 1_000_000n;
const ppm = (share: number): bigint => BigInt(Math.round(share * 1_000_000));

/** Yuan as integer fen, exactly ("1234.5" → 123450n). */
export function fen(amount: string): bigint {
  return BigInt(new Money(amount).times(100).toFixed(0));
}

/** The same ring gets the same id in every run and every period: a digest of its members in order. */
export function ringId(members: readonly string[]): string {
  return createHash('sha256').update(members.join('>')).digest('hex').slice(0, 16);
}

/** A ring given by its members in trading order, from any of them: as findRings reports it. */
export function ringOf(members: readonly string[]): Ring {
  const start = members.indexOf([...members].sort()[0]);
  const canonical = [...members.slice(start), ...members.slice(0, start)];
  return { ringId: ringId(canonical), members: canonical };
}

/**
 * The strongly connected components of `graph`. graphology-components finds them by a
 * recursive depth-first search, which overflows the stack on a component deeper than about
 * 10,000 members (measured: a 10,000-member cycle). The caller's SQL keeps only edges that
 * could be on a ring, so the graph searched is far smaller; should one still be that deep,
 * the whole graph is searched as one component: slower, but the ring search itself is
 * bounded by maxMembers and finds the same rings.
 */
function componentsOf(graph: DirectedGraph): string[][] {
  try {
    return stronglyConnectedComponents(graph);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return [graph.nodes()];
  }
}

/** An edge inside a component: the other end's rank and the amount. */
interface Arc {
  to: number;
  fen: bigint;
}

/**
 * Half a ring from or to its smallest member `s`: the members after s (forward: s → v1 → … →
 * m) or before it (backward: m → … → u1 → s), in trading order, with the edges' amounts in
 * the same order and their smallest and largest.
 */
interface Half {
  members: number[];
  amounts: bigint[];
  lo: bigint;
  hi: bigint;
}

/** Arcs sorted by amount, and the first index whose amount is at least `min`. */
const byAmount = (a: Arc, b: Arc): number => (a.fen < b.fen ? -1 : a.fen > b.fen ? 1 : 0);
function firstAtLeast(arcs: readonly Arc[], min: bigint): number {
  let lo = 0;
  let hi = arcs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (arcs[mid].fen < min) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/**
 * The rings of circular trading (虚开 rings, CIRCULAR_TRADING) among `edges`: every directed
 * cycle of minMembers to maxMembers taxpayers whose smallest edge is at least minEdgeRatio
 * of its largest, and at each member of which the edge out (its sales on the ring) is within
 * maxValueAdded of the edge in (its purchases on the ring). The edges' own floor (each
 * carries at least the rule's minimum) is the caller's, in SQL.
 *
 * Cycles live inside strongly connected components (graphology-components), so only the
 * components of two or more members are searched. Each cycle is found once, from its
 * smallest member s, meeting in the middle: the paths of up to ⌈maxMembers / 2⌉ edges out of
 * s and of up to ⌊maxMembers / 2⌋ edges into it, over members ranked after s, are joined at
 * their common end m. A path follows from an edge only the edges within the value-added band
 * of it (found by binary search among the member's edges sorted by amount), so a member's
 * many trading partners cost nothing unless their amounts match. A dense component — an
 * economy of many traders buying from one another alike — still holds many such paths: the
 * search counts every edge followed and every pair of halves tried, stops at `budget`, and
 * reports `truncated`.
 */
export function findRings(
  edges: Iterable<TradeEdge>,
  shape: RingShape,
  budget = RING_SEARCH_BUDGET,
): RingSearch {
  const graph = new DirectedGraph<Record<string, never>, { fen: bigint }>({ allowSelfLoops: false });
  for (const e of edges) {
    if (e.sellerTaxId === e.buyerTaxId) continue;
    graph.mergeNode(e.sellerTaxId);
    graph.mergeNode(e.buyerTaxId);
    graph.updateDirectedEdge(e.sellerTaxId, e.buyerTaxId, (a) => ({ fen: (a.fen ?? 0n) + fen(e.amount) }));
  }
  const components = componentsOf(graph).filter((c) => c.length >= Math.max(2, shape.minMembers));
  const search: RingSearch = {
    rings: [],
    nodes: graph.order,
    edges: graph.size,
    components: components.length,
    largestComponent: components.reduce((n, c) => Math.max(n, c.length), 0),
    steps: 0,
    truncated: false,
  };
  const band = ppm(shape.maxValueAdded);
  const ratio = ppm(shape.minEdgeRatio);
  // The band, in integers: an edge in of `x` may be followed by an edge out of `y` when
  // |y − x| ≤ band · x, i.e. x·(1 − band) ≤ y ≤ x·(1 + band); an edge out of `y` may follow
  // an edge in of x when y / (1 + band) ≤ x ≤ y / (1 − band).
  const outFrom = (x: bigint): [bigint, bigint] => [ceilDiv(x * (PPM - band), PPM), (x * (PPM + band)) / PPM];
  const inTo = (y: bigint): [bigint, bigint] => [
    ceilDiv(y * PPM, PPM + band),
    band >= PPM ? y * PPM * PPM : (y * PPM) / (PPM - band),
  ];
  const withinBand = (into: bigint, out: bigint): boolean =>
    (out > into ? out - into : into - out) * PPM <= band * into;
  const forwardEdges = Math.ceil(shape.maxMembers / 2);
  const backwardEdges = Math.floor(shape.maxMembers / 2);
  const step = (): boolean => {
    if (search.truncated) return false;
    if (++search.steps <= budget) return true;
    search.truncated = true;
    return false;
  };

  for (const component of components) {
    if (search.truncated) break;
    const members = [...component].sort();
    const rank = new Map(members.map((m, i) => [m, i]));
    const outs: Arc[][] = members.map(() => []);
    const ins: Arc[][] = members.map(() => []);
    members.forEach((m, i) =>
      graph.forEachOutEdge(m, (_edge, a, _source, target) => {
        const to = rank.get(target);
        if (to === undefined) return;
        outs[i].push({ to, fen: a.fen });
        ins[to].push({ to: i, fen: a.fen });
      }),
    );
    for (const arcs of [...outs, ...ins]) arcs.sort(byAmount);

    for (let s = 0; s < members.length && !search.truncated; s++) {
      const forward = halves(s, outs, forwardEdges, (x) => outFrom(x), step);
      if (forward.length === 0) continue;
      // Backward halves by their first member and length, sorted by their first edge (with
      // those edges as arcs, for the binary search).
      const backward = new Map<string, { halves: Half[]; firsts: Arc[] }>();
      for (const h of halves(s, ins, backwardEdges, (y) => inTo(y), step)) {
        h.members.reverse();
        h.amounts.reverse();
        const key = `${h.members[0]}:${h.amounts.length}`;
        const group = backward.get(key);
        if (group) group.halves.push(h);
        else backward.set(key, { halves: [h], firsts: [] });
      }
      for (const group of backward.values()) {
        group.firsts = group.halves.map((h, i) => ({ to: i, fen: h.amounts[0] })).sort(byAmount);
        group.halves = group.firsts.map((arc) => group.halves[arc.to]);
      }

      for (const f of forward) {
        const a = f.amounts.length;
        const m = f.members[a - 1];
        // a ring of k members is split a = ⌈k / 2⌉ out of s, k − a into it: once each
        for (const k of [2 * a - 1, 2 * a]) {
          const b = k - a;
          if (b < 1 || k < shape.minMembers || k > shape.maxMembers) continue;
          const group = backward.get(`${m}:${b}`);
          if (!group) continue;
          const [lo, hi] = outFrom(f.amounts[a - 1]);
          for (let i = firstAtLeast(group.firsts, lo); i < group.halves.length; i++) {
            const h = group.halves[i];
            if (h.amounts[0] > hi) break;
            if (!step()) break;
            if (!withinBand(h.amounts[b - 1], f.amounts[0])) continue;
            const low = f.lo < h.lo ? f.lo : h.lo;
            const high = f.hi > h.hi ? f.hi : h.hi;
            if (low * PPM < ratio * high) continue;
            if (h.members.slice(1).some((x) => f.members.includes(x))) continue;
            const ring = [s, ...f.members, ...h.members.slice(1)].map((x) => members[x]);
            search.rings.push({ ringId: ringId(ring), members: ring });
          }
        }
      }
    }
  }
  search.rings.sort((a, b) => (a.members.join('>') < b.members.join('>') ? -1 : 1));
  return search;
}

/**
 * Every path of 1 to `length` arcs from `s` over members ranked after it, each arc within
 * `next(previous arc's amount)` and the path's edges within no ratio yet (the join checks
 * the whole ring): the members reached, in order, and the arcs' amounts.
 */
function halves(
  s: number,
  arcs: readonly Arc[][],
  length: number,
  next: (amount: bigint) => [bigint, bigint],
  step: () => boolean,
): Half[] {
  const found: Half[] = [];
  const members: number[] = [];
  const amounts: bigint[] = [];
  const extend = (at: number, lo: bigint, hi: bigint): boolean => {
    const list = arcs[at];
    let i = 0;
    let end = list.length;
    if (amounts.length > 0) {
      const [min, max] = next(amounts[amounts.length - 1]);
      i = firstAtLeast(list, min);
      end = firstAtLeast(list, max + 1n);
    }
    for (; i < end; i++) {
      const arc = list[i];
      if (!step()) return false;
      if (arc.to <= s || members.includes(arc.to)) continue;
      const l = arc.fen < lo ? arc.fen : lo;
      const h = arc.fen > hi ? arc.fen : hi;
      members.push(arc.to);
      amounts.push(arc.fen);
      found.push({ members: [...members], amounts: [...amounts], lo: l, hi: h });
      const more = members.length < length ? extend(arc.to, l, h) : true;
      members.pop();
      amounts.pop();
      if (!more) return false;
    }
    return true;
  };
  // (the first arc sets both bounds: the largest as `lo`, the smallest as `hi`)
  const first = arcs[s];
  if (first.length > 0) extend(s, first[first.length - 1].fen, first[0].fen);
  return found;
}
