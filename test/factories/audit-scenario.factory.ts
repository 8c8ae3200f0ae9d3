import { DataSource } from 'typeorm';
import { newInvoiceCode } from './number-ranges.factory';
import { RegistryFactory, TaxpayerFixture } from './registry.factory';

export interface SyntheticPeriod {
  period: string;
  sellers: TaxpayerFixture[];
  buyers: TaxpayerFixture[];
  codes: string[];
}

/**
 * A period of seller copies and claims written set-based in SQL, for audit tests that need
 * volume (several workers, a worker killed mid-run) rather than a hand-checked truth (that
 * is the economy generator's job). Two sellers in Guangdong and Beijing, two buyers; per
 * seller `perSeller` offline copies, and claims of most of them with faults by residue:
 * every 10th copy unclaimed, every 7th claim overstated, every 11th with another issue
 * date, plus claims of allocated numbers without a copy and of numbers never allocated.
 */
export async function syntheticPeriod(
  db: DataSource,
  period: string,
  perSeller: number,
): Promise<SyntheticPeriod> {
  const registry = new RegistryFactory(db);
  const sellers = [
    await registry.taxpayer({ bureauCode: '14401060000' }),
    await registry.taxpayer({ bureauCode: '11101010000' }),
  ];
  const buyers = [
    await registry.taxpayer({ bureauCode: '14403040000' }),
    await registry.taxpayer({ bureauCode: '11101010000' }),
  ];
  const codes: string[] = [];
  for (const seller of sellers) {
    const code = newInvoiceCode(seller.bureauCode.startsWith('144') ? '4400' : '1100', 3);
    const range = await registry.numberRange(seller.taxId, code, perSeller * 2);
    codes.push(code);
    const params = [
      code,
      range.start,
      perSeller,
      seller.taxId,
      buyers[0].taxId,
      buyers[1].taxId,
      `${period}-01`,
    ];
    await db.query(
      `INSERT INTO collection.seller_copies (invoice_code, invoice_number, type, seller_tax_id, buyer_tax_id,
              issue_date, amount, tax_amount, content_hash, signature, certificate_serial, status)
       SELECT $1, lpad(($2 + i)::text, 8, '0'), 'special', $4, CASE WHEN i % 2 = 0 THEN $5 ELSE $6 END,
              $7::date + (i % 28), 1000 + i % 500, round((1000 + i % 500) * 0.13, 2), 'h', 's', 'c', 'accepted'
         FROM generate_series(0, $3 - 1) AS i`,
      params,
    );
    await db.query(
      `INSERT INTO collection.claims (buyer_tax_id, period, invoice_code, invoice_number, issue_date, seller_tax_id,
              amount, tax_amount, status)
       SELECT CASE WHEN i % 2 = 0 THEN $5 ELSE $6 END, $8, $1, lpad(($2 + i)::text, 8, '0'),
              $7::date + (i % 28) + CASE WHEN i % 11 = 0 THEN 1 ELSE 0 END, $4,
              1000 + i % 500 + CASE WHEN i % 7 = 0 THEN 100 ELSE 0 END,
              round((1000 + i % 500 + CASE WHEN i % 7 = 0 THEN 100 ELSE 0 END) * 0.13, 2), 'accepted'
         FROM generate_series(0, $3 - 1) AS i
        WHERE i % 10 <> 0
       UNION ALL
       -- allocated but never reported by the seller, and never allocated at all
       SELECT $5, $8, $1, lpad(($2 + $3 + i)::text, 8, '0'), $7::date, $4, 500, 65, 'accepted'
         FROM generate_series(0, $3 / 50) AS i
       UNION ALL
       SELECT $6, $8, $1, lpad(($2 + 3 * $3 + i)::text, 8, '0'), $7::date, $4, 500, 65, 'accepted'
         FROM generate_series(0, $3 / 100) AS i`,
      [...params, period],
    );
  }
  await db.query(`ANALYZE collection.seller_copies, collection.claims`);
  return { period, sellers, buyers, codes };
}

/** A run's per-invoice output, in a form two runs can be compared by. */
export async function runFindings(db: DataSource, runId: string): Promise<string[]> {
  const rows: { line: string }[] = await db.query(
    `SELECT concat_ws(' ', identity, tax_at_risk::text, details::text) AS line
       FROM audit.run_findings WHERE run_id = $1 ORDER BY identity`,
    [runId],
  );
  return rows.map((r) => r.line);
}
