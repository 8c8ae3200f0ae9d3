import type { EntityManager } from 'typeorm';
import { fillSql } from '@app/database';
import type { IntakeCounts, IntakeOutcome } from './intake-outcome';

/*
 * The intake statements (claim-intake.sql, seller-copy-intake.sql) run over an API
 * request's items or an upload batch's staged rows: the same judging, with the input and
 * the output filled in for each.
 */

/** The OUTPUT of an API request: every outcome, for the per-item answer. */
const OUTCOME_ROWS = 'SELECT row_number, status, reason_code, id FROM outcomes';

/**
 * The OUTPUT of an upload batch, which only counts: a million-row file's outcomes were
 * parsed by the app one by one to be counted there (~0.9 s of its CPU).
 */
const OUTCOME_COUNTS = `SELECT count(*) FILTER (WHERE status = 'accepted')::int AS accepted,
       count(*) FILTER (WHERE status = 'rejected')::int AS rejected
  FROM outcomes`;

/**
 * Each intake SQL filled in once per input: the callers' SQL and inputs are constants, and
 * filling scans the whole statement, which is not work for every request and every batch.
 */
const filled = new Map<string, Map<string, { rows: string; counts: string }>>();

/** The intake SQL with its input filled in, with each of the two outputs. */
function intakeStatement(sql: string, input: string): { rows: string; counts: string } {
  let byInput = filled.get(sql);
  if (!byInput) filled.set(sql, (byInput = new Map()));
  let statements = byInput.get(input);
  if (!statements) {
    statements = {
      rows: fillSql(sql, { input, output: OUTCOME_ROWS }),
      counts: fillSql(sql, { input, output: OUTCOME_COUNTS }),
    };
    byInput.set(input, statements);
  }
  return statements;
}

/** Runs an intake SQL (claim-intake.sql, seller-copy-intake.sql) over `input`: every outcome. */
export function intakeOutcomes(
  m: EntityManager,
  sql: string,
  input: string,
  params: unknown[],
): Promise<IntakeOutcome[]> {
  return m.query<IntakeOutcome[]>(intakeStatement(sql, input).rows, params);
}

/** Runs an intake SQL over one upload batch's `input`: only how many were accepted and rejected. */
export async function intakeCounts(
  m: EntityManager,
  sql: string,
  input: string,
  params: unknown[],
): Promise<IntakeCounts> {
  const [counts] = await m.query<IntakeCounts[]>(intakeStatement(sql, input).counts, params);
  return counts;
}
