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
