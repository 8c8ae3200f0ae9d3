import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { newTaxId } from './tax-ids.factory';

export interface TaxpayerFixture {
  taxId: string;
  name: string;
  bureauCode: string;
  enrollmentToken: string;
}

/**
 * Registry rows written straight into Postgres, for tests of other apps (the bureau
 * routes that write them have their own tests). Every taxpayer is new and random.
 */
export class RegistryFactory {
  constructor(private readonly db: DataSource) {}

  /** A user to stand as `allocated_by` / `revoked_by`, made once per database. */
  async systemOfficer(): Promise<string> {
    await this.db.query(
      `INSERT INTO registry.users (username, password_hash, bureau_code, role)
       VALUES ('test-system-officer', 'scrypt$1$1$1$x$x', '10000000000', 'admin') ON CONFLICT (username) DO NOTHING`,
    );
    const [row] = await this.db.query<{ id: string }[]>(
      `SELECT id FROM registry.users WHERE username = 'test-system-officer'`,
    );
    return row.id;
  }

  async taxpayer(
    opts: {
      bureauCode?: string;
      kind?: 'general' | 'small_scale';
      maxAmountVersion?: number;
      name?: string;
    } = {},
  ): Promise<TaxpayerFixture> {
    const bureauCode = opts.bureauCode ?? '14401060000';
    const taxId = newTaxId(bureauCode.slice(1, 7));
    const name = opts.name ?? `测试企业${taxId.slice(-6)}有限公司`;
    const enrollmentToken = randomBytes(32).toString('base64url');
    await this.db.query(
      `INSERT INTO registry.taxpayers (tax_id, name, bureau_code, kind, max_amount_version,
                                       enrollment_token_hash, enrollment_token_expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + interval '1 day')`,
      [
        taxId,
        name,
        bureauCode,
        opts.kind ?? 'general',
        opts.maxAmountVersion ?? 4,
        createHash('sha256').update(enrollmentToken).digest(),
      ],
    );
    return { taxId, name, bureauCode, enrollmentToken };
  }

  /**
   * Allocates `size` numbers of `invoiceCode` to the taxpayer, right after the last range
   * of that code, so parallel test files never overlap.
   */
  async numberRange(
    taxId: string,
    invoiceCode: string,
    size = 1000,
  ): Promise<{ start: number; end: number }> {
    const officer = await this.systemOfficer();
    return this.db.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`test-range:${invoiceCode}`]);
      const [row] = await m.query<{ start: number }[]>(
        `SELECT coalesce(max(end_number), 0) + 1 AS start FROM registry.number_ranges WHERE invoice_code = $1`,
        [invoiceCode],
      );
      const start = Number(row.start);
      const end = start + size - 1;
      await m.query(
        `INSERT INTO registry.number_ranges (tax_id, invoice_code, start_number, end_number, amount_version, allocated_by)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [taxId, invoiceCode, start, end, Number(invoiceCode[9]), officer],
      );
      return { start, end };
    });
  }
}
