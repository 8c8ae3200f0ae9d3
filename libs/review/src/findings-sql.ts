import { bureauScopePrefix } from '@app/domain';
import type { FindingCursor, FindingFilter } from './finding-filter';
import { FINDING_COLUMNS } from './finding-row';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

/**
 * The findings of `filter`, highest tax at risk first (then newest id), after `cursor`.
 * Plain parameterised SQL; every filter is optional. Jurisdiction is not here: the query
 * runs under row-level security (inJurisdiction), and the service checks the bureau.
 * `runId`: the findings that run saw (its own output, audit.run_findings).
 */
export function findingsQuery(filter: FindingFilter, cursor?: FindingCursor, limit?: number): SqlQuery {
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.period) where.push(`f.period = ${p(filter.period)}`);
  if (filter.categories) where.push(`f.category = ANY (${p(filter.categories)}::text[])`);
  if (filter.bureauCode) {
    const prefix = p(bureauScopePrefix(filter.bureauCode));
    where.push(`(f.seller_bureau_code LIKE ${prefix} || '%' OR f.buyer_bureau_code LIKE ${prefix} || '%')`);
  }
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
  if (filter.minTaxAtRisk) where.push(`f.tax_at_risk >= ${p(filter.minTaxAtRisk)}::numeric`);
  if (cursor)
    where.push(`(f.tax_at_risk, f.id) < (${p(cursor.taxAtRisk)}::numeric, ${p(cursor.id)}::bigint)`);
  const sql = `SELECT ${FINDING_COLUMNS}
                 FROM audit.findings f
                 LEFT JOIN review.cases c ON c.finding_id = f.id
                ${where.length > 0 ? `WHERE ${where.join('\n  AND ')}` : ''}
                ORDER BY f.tax_at_risk DESC, f.id DESC
                ${limit !== undefined ? `LIMIT ${p(limit)}` : ''}`;
  return { sql, params };
}
