import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { TaxpayerFixture } from './registry.factory';

export interface FindingFixture {
  id: string;
  period: string;
  category: string;
  invoiceCode: string | null;
  invoiceNumber: string | null;
  sellerTaxId: string | null;
  buyerTaxId: string | null;
  sellerBureauCode: string | null;
  buyerBureauCode: string | null;
  taxAtRisk: string;
}

export interface NewFinding {
  period: string;
  category?: string;
  seller?: Pick<TaxpayerFixture, 'taxId' | 'bureauCode'> | null;
  buyer?: Pick<TaxpayerFixture, 'taxId' | 'bureauCode'> | null;
  taxAtRisk?: string;
  details?: Record<string, unknown>;
  state?: 'active' | 'resolved';
  /** Per-taxpayer categories have no invoice. */
  perTaxpayer?: boolean;
  invoiceCode?: string;
  invoiceNumber?: string;
}

let serial = 0;

/**
 * Findings as the audit engine leaves them (audit.findings, runs, assist requests),
 * written straight into Postgres for the review tests; the engine that computes them has
 * its own tests (test/audit). Each finding gets a fresh invoice key.
 */
export class FindingsFactory {
  private readonly runs = new Map<string, string>();

  constructor(private readonly db: DataSource) {}

  /** A completed run of the period, made once per factory and period. */
  async run(period: string): Promise<string> {
    const known = this.runs.get(period);
    if (known) return known;
    const [row] = await this.db.query<{ id: string }[]>(
      `INSERT INTO audit.runs (kind, period, rule_version, parameters, status, partitions_total,
                               partitions_done, counts, tax_at_risk, watermark, started_at, finished_at)
       VALUES ('on_demand', $1, 1, '{"declarationTolerance":"10.00","assistDueDays":30}', 'completed', 16,
               16, '{}', '{}', now(), now(), now())
       RETURNING id`,
      [period],
    );
    this.runs.set(period, row.id);
    return row.id;
  }

  async finding(opts: NewFinding): Promise<FindingFixture> {
    const runId = await this.run(opts.period);
    const category = opts.category ?? 'FIELD_MISMATCH';
    serial++;
    const invoiceCode = opts.perTaxpayer ? null : (opts.invoiceCode ?? '4400231130');
    const invoiceNumber = opts.perTaxpayer
      ? null
      : (opts.invoiceNumber ?? String((Date.now() * 1000 + serial) % 100_000_000).padStart(8, '0'));
    const seller = opts.seller ?? null;
    const buyer = opts.buyer ?? null;
    const identity = [
      category,
      invoiceCode ?? '',
      invoiceNumber ?? '',
      seller?.taxId ?? '',
      buyer?.taxId ?? '',
      randomUUID(),
    ].join('|');
    const state = opts.state ?? 'active';
    const [row] = await this.db.query<FindingFixture[]>(
      `INSERT INTO audit.findings (period, partition, identity, category, invoice_code, invoice_number,
                                   seller_tax_id, buyer_tax_id, seller_bureau_code, buyer_bureau_code,
                                   tax_at_risk, details, state, first_run_id, last_run_id, last_watermark,
                                   first_seen_at, last_seen_at, resolved_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, now(), now(), now(),
               CASE WHEN $13 = 'resolved' THEN now() END)
       RETURNING id::text, period, category, invoice_code AS "invoiceCode", invoice_number AS "invoiceNumber",
                 seller_tax_id AS "sellerTaxId", buyer_tax_id AS "buyerTaxId",
                 seller_bureau_code AS "sellerBureauCode", buyer_bureau_code AS "buyerBureauCode",
                 tax_at_risk::text AS "taxAtRisk"`,
      [
        opts.period,
        opts.perTaxpayer ? -1 : serial % 16,
        identity,
        category,
        invoiceCode,
        invoiceNumber,
        seller?.taxId ?? null,
        buyer?.taxId ?? null,
        seller?.bureauCode ?? null,
        buyer?.bureauCode ?? null,
        opts.taxAtRisk ?? '130.00',
        opts.details ?? {},
        state,
        runId,
      ],
    );
    await this.db.query(
      `INSERT INTO audit.finding_events (finding_id, run_id, event, tax_at_risk) VALUES ($1, $2, 'appeared', $3)`,
      [row.id, runId, row.taxAtRisk],
    );
    return row;
  }

  /** An assist request from the buyer's bureau to the seller's, as the engine opens it. */
  async assistRequest(finding: FindingFixture, opts: { dueAt?: string } = {}): Promise<string> {
    const [row] = await this.db.query<{ id: string }[]>(
      `INSERT INTO audit.assist_requests (finding_id, period, from_bureau_code, to_bureau_code, opened_by_run_id, due_at)
       VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now() + interval '30 days'))
       RETURNING id`,
      [
        finding.id,
        finding.period,
        finding.buyerBureauCode,
        finding.sellerBureauCode,
        await this.run(finding.period),
        opts.dueAt ?? null,
      ],
    );
    return row.id;
  }
}
