/**
 * How a risk rule's statement is best planned. Most look a few taxpayers' rows up by index
 * (their invoices, the claims of those): nested loops. GOODS_DIVERGENCE and the trade graph's
 * edges read the window's trade in one pass and hash it: no nested loops, and no sorts or
 * merge joins on text keys (collation-aware sorts of 10^5 rows, as in the matching).
 */
// Each profile sets the same three keys, so no statement inherits the one before it.
export const BY_INDEX: readonly string[] = [
  'SET LOCAL enable_nestloop = on',
  'SET LOCAL enable_sort = on',
  'SET LOCAL enable_mergejoin = on',
];
export const HASHED: readonly string[] = [
  'SET LOCAL enable_nestloop = off',
  'SET LOCAL enable_sort = off',
  'SET LOCAL enable_mergejoin = off',
];

/**
 * The finaliser's transaction (run-finalizer: room to hash the run's output against the
 * period's findings, and no JIT for statements a disabled path makes look expensive), also
 * for what it reads aside on a second connection (TradeGraphRepository.edgesAside).
 */
export const FINALISER_SESSION: readonly string[] = [`SET LOCAL work_mem = '64MB'`, 'SET LOCAL jit = off'];

/**
 * The edges read aside (TradeGraphRepository.edgesAside) may take one parallel worker: the
 * finaliser's own statements hold one core for the first half of the read and leave it idle
 * for the rest, when the read would otherwise run alone. Its hash aggregate is split in two
 * (Partial / Finalize), 1.24–1.70 s → 0.85–1.04 s alone at 1 M; a second worker gained
 * nothing on two cores (docs/benchmarks.md, 2026-12-07 afternoon).
 */
export const ASIDE_PARALLEL: readonly string[] = ['SET LOCAL max_parallel_workers_per_gather = 1'];
