import { bureauScopePrefix } from '@app/domain';
import type { FindingCursor, FindingFilter } from './finding-filter';
import { FINDING_COLUMNS } from './finding-row';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/**
 * The bureau codes of a subtree as a range: codes are digits, and ':' sorts right after
 * '9' in the "C" collation of the bureau columns, so `prefix <= code < prefix || ':'` is
 * `code LIKE prefix || '%'`. Unlike LIKE, text comparison is leakproof, so under row-level
 * security the planner may still answer it from the bureau indexes.
 */
export function bureauCodeRange(scopePrefix: string): [from: string, below: string] {
  return [scopePrefix, `${scopePrefix}:`];
}

/** "12345.67" → "1234567": the cursor's amount as the cents of the sort key. */
export function centsOf(taxAtRisk: string): string {
  return taxAtRisk.replace('.', '');
}

/**
 * The findings of `filter` that are routed to the subtree of `scopePrefix`, highest tax at
 * risk first (then newest id), after `cursor`. Plain parameterised SQL. The subtree
 * predicate is the service's own jurisdiction filter; the query also runs under row-level
 * security (inJurisdiction), which would hide the rest anyway. `runId`: the findings that
 * run saw (its own output, audit.run_findings).
 */
export function findingsQuery(
  scopePrefix: string,
  filter: FindingFilter,
  cursor?: FindingCursor,
  limit?: number,
): SqlQuery {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const routedTo = (prefix: string): string => {
    const [from, below] = bureauCodeRange(prefix).map(p);
    return `(f.seller_bureau_code >= ${from} AND f.seller_bureau_code < ${below}
          OR f.buyer_bureau_code >= ${from} AND f.buyer_bureau_code < ${below})`;
  };
  where.push(routedTo(scopePrefix));
  if (filter.bureauCode) where.push(routedTo(bureauScopePrefix(filter.bureauCode)));
  if (filter.period) where.push(`f.period = ${p(filter.period)}`);
  if (filter.categories) where.push(`f.category = ANY (${p(filter.categories)}::text[])`);
  if (filter.taxId) {
    const taxId = p(filter.taxId);
    where.push(`(f.seller_tax_id = ${taxId} OR f.buyer_tax_id = ${taxId})`);
  }
  if (filter.runId) {
    where.push(`EXISTS (SELECT 1 FROM audit.run_findings rf
                         WHERE rf.run_id = ${p(filter.runId)} AND rf.partition = f.partition
                           AND rf.identity = f.identity)`);
  }
  if (filter.statuses) where.push(`coalesce(c.status, 'open') = ANY (${p(filter.statuses)}::text[])`);
  if (filter.state) where.push(`f.state = ${p(filter.state)}`);
  if (filter.minTaxAtRisk) where.push(`f.tax_at_risk_cents >= ${p(centsOf(filter.minTaxAtRisk))}::bigint`);
  if (cursor) {
    where.push(
      `(f.tax_at_risk_cents, f.id) < (${p(centsOf(cursor.taxAtRisk))}::bigint, ${p(cursor.id)}::bigint)`,
    );
  }
  const sql = `SELECT ${FINDING_COLUMNS}
                 FROM audit.findings f
                 LEFT JOIN review.cases c ON c.finding_id = f.id
                WHERE ${where.join('\n  AND ')}
                ORDER BY f.tax_at_risk_cents DESC, f.id DESC
                ${limit !== undefined ? `LIMIT ${p(limit)}` : ''}`;
  return { sql, params };
}
