import type { EntityManager } from 'typeorm';

/** One row returned by the intake SQL (claim-intake.sql, seller-copy-intake.sql). */
export interface IntakeOutcome {
  /** The item's index in the request, or its row number in an upload. */
  row_number: number;
  status: 'accepted' | 'rejected';
  reason_code: string | null;
  id: string;
}

/** An upload batch's intake: how many of its rows were accepted and rejected. */
export interface IntakeCounts {
  accepted: number;
  rejected: number;
}

/** The OUTPUT of an API request: every outcome, for the per-item answer. */
const OUTCOME_ROWS = 'SELECT row_number, status, reason_code, id FROM outcomes';

/**
 * The OUTPUT of an upload batch, which only counts: a million-row file's outcomes were
 * parsed by the app one by one to be counted there (~0.9 s of its CPU).
 */
const OUTCOME_COUNTS = `SELECT count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
       count(*) FILTER (WHERE status = 'rejected')::int AS rejected
  FROM outcomes`;

/** `sql` with its one `placeholder` replaced by `text` (taken as it is: no `$&` patterns). */
function fill(sql: string, placeholder: string, text: string): string {
  const parts = sql.split(placeholder);
  if (parts.length !== 2) throw new Error(`the intake SQL must hold ${placeholder} exactly once`);
  return parts[0] + text + parts[1];
}

/** The intake SQL with its input and output filled in. */
function intakeStatement(sql: string, input: string, output: string): string {
  return fill(fill(sql, '/*INPUT*/', input), '/*OUTPUT*/', output);
}

/** Runs an intake SQL (claim-intake.sql, seller-copy-intake.sql) over `input`: every outcome. */
export function intakeOutcomes(
  m: EntityManager,
  sql: string,
  input: string,
  params: unknown[],
): Promise<IntakeOutcome[]> {
  return m.query<IntakeOutcome[]>(intakeStatement(sql, input, OUTCOME_ROWS), params);
}

/** Runs an intake SQL over one upload batch's `input`: only how many were accepted and rejected. */
export async function intakeCounts(
  m: EntityManager,
  sql: string,
  input: string,
  params: unknown[],
): Promise<IntakeCounts> {
  const [counts] = await m.query<IntakeCounts[]>(intakeStatement(sql, input, OUTCOME_COUNTS), params);
  return counts;
}

export interface IntakeItemResult {
  index: number;
  invoiceCode: string;
  invoiceNumber: string;
  status: 'accepted' | 'rejected';
  code?: string;
  id: string;
}

/** The intake outcomes of an API request as one result per item, in request order, with counts. */
export function intakeItemResults(
  outcomes: IntakeOutcome[],
  items: { invoiceCodes: string[]; invoiceNumbers: string[] },
): { accepted: number; rejected: number; results: IntakeItemResult[] } {
  const byIndex = new Map(outcomes.map((o) => [o.row_number, o]));
  const results = items.invoiceCodes.map((invoiceCode, i) => {
    const o = byIndex.get(i)!;
    return {
      index: i,
      invoiceCode,
      invoiceNumber: items.invoiceNumbers[i],
      status: o.status,
      ...(o.reason_code ? { code: o.reason_code } : {}),
      id: String(o.id),
    };
  });
  const accepted = results.filter((r) => r.status === 'accepted').length;
  return { accepted, rejected: results.length - accepted, results };
}
