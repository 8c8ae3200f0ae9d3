import { DataSource } from 'typeorm';
import {
  type ControllingParties,
  DEVELOPMENT_IDENTITY_KEY,
  PARTY_ROW_COLUMNS,
  partyDigest,
  partyRowValues,
  partyRows,
} from '@app/domain';
import { AuditInputsFactory } from '../factories/audit-inputs.factory';
import { createTestIssuingCa, insertDeviceCertificate } from '../factories/certificates.factory';
import { newInvoiceCode } from '../factories/number-ranges.factory';
import { RegistryFactory, type TaxpayerFixture } from '../factories/registry.factory';

export interface Line {
  taxCode?: string;
  amount: string;
  taxAmount: string;
}

/**
 * The inputs the risk rules read, written straight into the tables for one period: offline
 * seller copies and claims (AuditInputsFactory), online invoices with lines (sealed under a
 * real test certificate, stamped at noon of their issue date so their seal is judged as
 * made that day), registration dates, number ranges and status changes.
 */
export class RiskInputs {
  readonly registry: RegistryFactory;
  readonly inputs: AuditInputsFactory;
  private serial?: string;
  private next = 1;

  constructor(private readonly db: DataSource) {
    this.registry = new RegistryFactory(db);
    this.inputs = new AuditInputsFactory(db);
  }

  async taxpayer(
    opts: { bureauCode?: string; industry?: string; registeredOn?: string } = {},
  ): Promise<TaxpayerFixture> {
    const t = await this.registry.taxpayer({ bureauCode: opts.bureauCode });
    await this.db.query(
      `UPDATE registry.taxpayers SET industry = $2,
              created_at = coalesce(($3::date + time '12:00') AT TIME ZONE 'Asia/Shanghai', created_at)
        WHERE tax_id = $1`,
      [t.taxId, opts.industry ?? null, opts.registeredOn ?? null],
    );
    return t;
  }

  /**
   * Registers `parties` of `taxpayer` (as POST /v1/taxpayers stores them), in force from
   * `from` until `to` (dates at midnight in Shanghai; open when `to` is not given).
   */
  async parties(
    taxpayer: TaxpayerFixture,
    parties: ControllingParties,
    from: string,
    to?: string,
  ): Promise<void> {
    for (const rows of partyRows(parties, partyDigest(DEVELOPMENT_IDENTITY_KEY)).values()) {
      for (const r of rows) {
        await this.db.query(
          `INSERT INTO registry.taxpayer_parties (tax_id, ${PARTY_ROW_COLUMNS.join(', ')}, valid_from, valid_to)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                   $11::timestamp AT TIME ZONE 'Asia/Shanghai', $12::timestamp AT TIME ZONE 'Asia/Shanghai')`,
          [taxpayer.taxId, ...partyRowValues(r), from, to ?? null],
        );
      }
    }
  }

  /** A fresh invoice code of `version` and the next number in it (numbers are unique across codes here). */
  code(version: 1 | 2 | 3 | 4): string {
    return newInvoiceCode('4400', version);
  }

  number(): string {
    return String(this.next++).padStart(8, '0');
  }

  /** An accepted offline copy of a special invoice; the claim too when `claimedIn` is given. */
  async copy(
    code: string,
    seller: TaxpayerFixture,
    buyer: TaxpayerFixture,
    issueDate: string,
    amount: string,
    taxAmount: string,
    claimedIn?: string,
  ): Promise<string> {
    const row = {
      invoiceCode: code,
      invoiceNumber: this.number(),
      sellerTaxId: seller.taxId,
      buyerTaxId: buyer.taxId,
      issueDate,
      amount,
      taxAmount,
    };
    await this.inputs.sellerCopy(row);
    if (claimedIn) await this.inputs.claim({ ...row, period: claimedIn });
    return row.invoiceNumber;
  }

  /** An online special invoice with its lines (amounts add up), not claimed. */
  async invoice(
    seller: TaxpayerFixture,
    buyer: TaxpayerFixture,
    issueDate: string,
    lines: Line[],
  ): Promise<void> {
    this.serial ??= await this.certificate(seller.taxId);
    const amount = lines.reduce((s, l) => s + Number(l.amount) * 100, 0) / 100;
    const tax = lines.reduce((s, l) => s + Number(l.taxAmount) * 100, 0) / 100;
    const number = this.number();
    const json = lines.map((l) => ({ description: '货物', taxRate: '0.13', ...l }));
    await this.db.query(
      `INSERT INTO issuance.invoices (invoice_code, invoice_number, type, seller_tax_id, seller_name, buyer_tax_id,
              buyer_name, issue_date, amount, tax_amount, total, lines, content_hash, seal_payload, seal_signature,
              certificate_serial, check_code, issued_at)
       VALUES ($1, $2, 'special', $3, $4, $5, $6, $7, $8::numeric, $9::numeric, $8::numeric + $9::numeric, $10,
               'h', 'p', 's', $11, '00000000000000000000', ($7::date + time '12:00') AT TIME ZONE 'Asia/Shanghai')`,
      [
        this.code(4),
        number,
        seller.taxId,
        seller.name,
        buyer.taxId,
        buyer.name,
        issueDate,
        amount.toFixed(2),
        tax.toFixed(2),
        JSON.stringify(json),
        this.serial,
      ],
    );
  }

  /** The taxpayer was set abnormal (非正常户) at noon (Beijing) of `day`. */
  async setAbnormal(taxpayer: TaxpayerFixture, day: string): Promise<void> {
    await this.db.query(
      `INSERT INTO registry.taxpayer_status_changes (tax_id, from_status, to_status, reason, changed_by, changed_at)
       VALUES ($1, 'normal', 'abnormal', '查无下落', $2, ($3::date + time '12:00') AT TIME ZONE 'Asia/Shanghai')`,
      [taxpayer.taxId, await this.registry.systemOfficer(), day],
    );
  }

  private async certificate(taxId: string): Promise<string> {
    const ca = await createTestIssuingCa(this.db);
    return (await insertDeviceCertificate(this.db, ca, { taxId })).serialNumber;
  }
}
