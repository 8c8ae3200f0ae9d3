import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface VatReturnRow {
  taxId: string;
  period: string;
  version: number;
  specialSales: string;
  specialOutputTax: string;
  otherSales: string;
  otherOutputTax: string;
  inputTax: string;
  filedAt: Date;
}

const COLUMNS = `tax_id AS "taxId", period, version, special_sales AS "specialSales",
  special_output_tax AS "specialOutputTax", other_sales AS "otherSales", other_output_tax AS "otherOutputTax",
  input_tax AS "inputTax", filed_at AS "filedAt"`;

@Injectable()
export class VatReturnsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every version of one period, newest first; the first is the one in force. */
  versions(taxId: string, period: string, m: EntityManager = this.db.manager): Promise<VatReturnRow[]> {
    return m.query<VatReturnRow[]>(
      `SELECT ${COLUMNS} FROM collection.vat_returns WHERE tax_id = $1 AND period = $2 ORDER BY version DESC`,
      [taxId, period],
    );
  }

  /** Serialises filings of one taxpayer and period (a first return and a correction must not race). */
  async lock(m: EntityManager, taxId: string, period: string): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`vat-return:${taxId}:${period}`]);
  }

  async insert(m: EntityManager, row: Omit<VatReturnRow, 'filedAt'>): Promise<VatReturnRow> {
    const [saved] = await m.query<VatReturnRow[]>(
      `INSERT INTO collection.vat_returns (tax_id, period, version, special_sales, special_output_tax,
                                           other_sales, other_output_tax, input_tax)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [
        row.taxId,
        row.period,
        row.version,
        row.specialSales,
        row.specialOutputTax,
        row.otherSales,
        row.otherOutputTax,
        row.inputTax,
      ],
    );
    return saved;
  }
}
