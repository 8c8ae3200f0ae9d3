import { createHash } from 'node:crypto';
import { DirectedGraph } from 'graphology';
import { stronglyConnectedComponents } from 'graphology-components';

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

/** Parts per million: shares and money compared exactly, in integers. */
const PPM = 1_000_000n;
const ppm = (share: number): bigint => BigInt(Math.round(share * 1_000_000));

/** Yuan as integer fen, exactly ("1234.5" → 123450n). */
export function fen(amount: string): bigint {
  const [yuan, decimals = ''] = amount.split('.');
  const sign = yuan.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(yuan.replace('-', '')) * 100n + BigInt(decimals.padEnd(2, '0').slice(0, 2)));
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

/**
 * The rings of circular trading (虚开 rings, CIRCULAR_TRADING) among `edges`: every directed
 * cycle of minMembers to maxMembers taxpayers whose smallest edge is at least minEdgeRatio
 * of its largest, and at each member of which the edge out (its sales on the ring) is within
 * maxValueAdded of the edge in (its purchases on the ring). The edges' own floor (each
 * carries at least the rule's minimum) is the caller's, in SQL.
 *
 * Cycles live inside strongly connected components (graphology-components), so only the
 * components of two or more members are searched. Each cycle is enumerated once, from its
 * smallest member, by a depth-first search bounded by maxMembers that drops a path as soon
 * as it breaks a condition: the value-added band is checked at each member as the path
 * leaves it, and the edge ratio can only get worse as the path grows. The band makes the
 * search narrow (an edge in is followed only by edges out of nearly its amount), but a
 * component of many equal amounts could still hold exponentially many paths: the search
 * stops after `budget` edges followed and reports `truncated`.
 */
export function findRings(edges: Iterable<TradeEdge>, shape: RingShape, budget = 10_000_000): RingSearch {
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
  // |out − in| ≤ band · in, and min ≥ ratio · max, in integers
  const withinBand = (into: bigint, out: bigint): boolean =>
    (out > into ? out - into : into - out) * PPM <= band * into;

  for (const component of components) {
    const members = [...component].sort();
    const rank = new Map(members.map((m, i) => [m, i]));
    // Each member's edges to members of its component, by rank.
    const out = members.map((m) => {
      const next: { to: number; fen: bigint }[] = [];
      graph.forEachOutEdge(m, (_edge, a, _source, target) => {
        const to = rank.get(target);
        if (to !== undefined) next.push({ to, fen: a.fen });
      });
      return next;
    });
    const path: number[] = [];
    const amounts: bigint[] = [];
    const onPath = new Uint8Array(members.length);

    const extend = (start: number, at: number, min: bigint, max: bigint): void => {
      const into = amounts.length > 0 ? amounts[amounts.length - 1] : undefined;
      for (const edge of out[at]) {
        if (++search.steps > budget) {
          search.truncated = true;
          return;
        }
        if (edge.to < start || (edge.to !== start && onPath[edge.to])) continue;
        // the member the path leaves: its purchases came in on `into`, its sales go out on this edge
        if (into !== undefined && !withinBand(into, edge.fen)) continue;
        const lo = into === undefined || edge.fen < min ? edge.fen : min;
        const hi = into === undefined || edge.fen > max ? edge.fen : max;
        if (lo * PPM < ratio * hi) continue;
        if (edge.to === start) {
          // closed: the start member's purchases are this edge, its sales the first one
          if (path.length >= shape.minMembers && withinBand(edge.fen, amounts[0])) {
            const ring = path.map((i) => members[i]);
            search.rings.push({ ringId: ringId(ring), members: ring });
          }
          continue;
        }
        if (path.length >= shape.maxMembers) continue;
        path.push(edge.to);
        amounts.push(edge.fen);
        onPath[edge.to] = 1;
        extend(start, edge.to, lo, hi);
        onPath[edge.to] = 0;
        amounts.pop();
        path.pop();
        if (search.truncated) return;
      }
    };

    for (let start = 0; start < members.length && !search.truncated; start++) {
      path.push(start);
      onPath[start] = 1;
      extend(start, start, 0n, 0n);
      onPath[start] = 0;
      path.pop();
    }
  }
  search.rings.sort((a, b) => (a.members.join('>') < b.members.join('>') ? -1 : 1));
  return search;
}
