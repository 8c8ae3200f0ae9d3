/**
 * bench/audit's floor: the bare matching as one statement, the bound the full audit is
 * compared with (run.ts), and what docs/experiments/audit-lean-pipeline/run.sh times beside
 * its lean pipeline (`node dist/bench/audit/floor.js` prints the fastest variant's SQL for psql).
 */
import { Client } from 'pg';

/** The copies of the invoices: accepted offline ones and those issued online. */
const COPIES = `SELECT invoice_code, invoice_number, issue_date, seller_tax_id, buyer_tax_id, amount, tax_amount
                  FROM collection.seller_copies WHERE status = 'accepted'
                UNION ALL
                SELECT invoice_code, invoice_number, issue_date, seller_tax_id, buyer_tax_id, amount, tax_amount
                  FROM issuance.invoices`;

/**
 * The floor: one bare statement, no partitions, no queue, no rules beyond five outcomes,
 * written two ways that differ in how a claim's duplicates are counted. The bench measures
 * each before and after the audit and compares the audit with the fastest: the floor is
 * the fastest single statement there is for the matching, not the one written first.
 */
export interface FloorVariant {
  name: string;
  /** Planner settings for its transaction. */
  settings: readonly string[];
  sql: string;
}

/**
 * The bare matching as one statement: every claim of the period (`claims`, a subquery named
 * c with the duplicate count `times`) beside the period's copies, judged in one CASE.
 */
function floorSql(claims: string): string {
  return `
  INSERT INTO bench_floor (invoice_code, invoice_number, outcome)
  SELECT coalesce(c.invoice_code, s.invoice_code), coalesce(c.invoice_number, s.invoice_number),
         CASE WHEN s.invoice_code IS NULL THEN 'missing'
              WHEN c.invoice_code IS NULL THEN 'unclaimed'
              WHEN c.times > 1 THEN 'duplicate'
              WHEN (c.issue_date, c.seller_tax_id, c.buyer_tax_id, c.amount, c.tax_amount)
                 = (s.issue_date, s.seller_tax_id, s.buyer_tax_id, s.amount, s.tax_amount) THEN 'match'
              ELSE 'mismatch' END
    FROM ${claims}
    FULL OUTER JOIN (${COPIES}) s USING (invoice_code, invoice_number)`;
}

export const FLOOR_VARIANTS: readonly FloorVariant[] = [
  {
    // One row per claim: count(*) OVER (PARTITION BY key) sorts the period's claims.
    name: 'window count (sort)',
    settings: [],
    sql: floorSql(`(SELECT *, count(*) OVER (PARTITION BY invoice_code, invoice_number) AS times
            FROM collection.claims WHERE period = $1) c`),
  },
  {
    // The same rows, the duplicate count hashed instead: a GROUP BY of the period's claims
    // on the key (a HashAggregate, sorting off) joined back to them. Measured against
    // taking the claim's fields from the group (min() of each: as slow as the sort, the
    // text aggregates cost what the sort saved) and against 64 MB of work_mem (no faster).
    name: 'hash aggregate (GROUP BY, no sort)',
    settings: ['SET LOCAL enable_sort = off'],
    sql: floorSql(`(SELECT c.*, k.times
            FROM collection.claims c
            JOIN (SELECT invoice_code, invoice_number, count(*) AS times
                    FROM collection.claims WHERE period = $1
                   GROUP BY invoice_code, invoice_number) k USING (invoice_code, invoice_number)
           WHERE c.period = $1) c`),
  },
];

/** One floor statement's time, in a transaction of its own with its settings. */
async function floorSeconds(db: Client, variant: FloorVariant, period: string): Promise<number> {
  await db.query(`DROP TABLE IF EXISTS bench_floor`);
  await db.query(`CREATE TABLE bench_floor (invoice_code text, invoice_number text, outcome text)`);
  await db.query('BEGIN');
  try {
    for (const setting of variant.settings) await db.query(setting);
    const t0 = performance.now();
    await db.query(variant.sql, [period]);
    const seconds = (performance.now() - t0) / 1000;
    await db.query('COMMIT');
    return seconds;
  } catch (err) {
    await db.query('ROLLBACK');
    throw err;
  }
}

/** Every floor variant once, in list order: seconds by variant name. */
export async function floors(db: Client, period: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const v of FLOOR_VARIANTS) out[v.name] = await floorSeconds(db, v, period);
  return out;
}

/** Run as a script: the hash-aggregate variant as psql takes it, for `period` (argv, default 2019-06). */
if (require.main === module) {
  const variant = FLOOR_VARIANTS.find((v) => v.name.startsWith('hash aggregate'));
  const period = process.argv[2] ?? '2019-06';
  if (!/^\d{4}-\d{2}$/.test(period) || !variant) throw new Error(`usage: floor.js [YYYY-MM]`);
  console.log(
    `${variant.settings.map((s) => `${s};`).join('\n')}\n${variant.sql.replaceAll('$1', `'${period}'`)};`,
  );
}
