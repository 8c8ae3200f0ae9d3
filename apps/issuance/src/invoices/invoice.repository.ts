import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from '@app/database';
import { InvoiceKey, InvoiceRecord } from './invoice-record';

const COLUMNS = `invoice_code AS "invoiceCode", invoice_number AS "invoiceNumber", type,
  seller_tax_id AS "sellerTaxId", seller_name AS "sellerName", buyer_tax_id AS "buyerTaxId",
  buyer_name AS "buyerName", to_char(issue_date, 'YYYY-MM-DD') AS "issueDate",
  amount, tax_amount AS "taxAmount", total, lines, remarks, content_hash AS "contentHash",
  seal_payload AS "sealPayload", seal_signature AS "sealSignature",
  certificate_serial AS "certificateSerial", check_code AS "checkCode",
  original_invoice_code AS "originalInvoiceCode", original_invoice_number AS "originalInvoiceNumber",
  credit_reason AS "creditReason", credited_amount AS "creditedAmount",
  credited_tax_amount AS "creditedTaxAmount", voided_at AS "voidedAt", issued_at AS "issuedAt"`;

const INSERT_COLUMNS = `invoice_code, invoice_number, type, seller_tax_id, seller_name, buyer_tax_id, buyer_name,
  issue_date, amount, tax_amount, total, lines, remarks, content_hash, seal_payload, seal_signature,
  certificate_serial, check_code, original_invoice_code, original_invoice_number, credit_reason`;
/** The SQL type of each of INSERT_COLUMNS, for the multi-row form. */
const INSERT_ARRAY_TYPES = [
  ...['text', 'text', 'text', 'text', 'text', 'text', 'text', 'date'],
  ...['numeric', 'numeric', 'numeric', 'jsonb', 'text', 'text', 'text', 'text'],
  ...['text', 'text', 'text', 'text', 'text'],
];

const INSERT_MANY = `INSERT INTO issuance.invoices (${INSERT_COLUMNS})
  SELECT * FROM unnest(${INSERT_ARRAY_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})`;

export type NewInvoiceRecord = Omit<
  InvoiceRecord,
  'creditedAmount' | 'creditedTaxAmount' | 'voidedAt' | 'issuedAt'
>;

/** The values of INSERT_COLUMNS, in order. */
function insertValues(r: NewInvoiceRecord): (string | null)[] {
  return [
    r.invoiceCode,
    r.invoiceNumber,
    r.type,
    r.sellerTaxId,
    r.sellerName,
    r.buyerTaxId,
    r.buyerName,
    r.issueDate,
    r.amount,
    r.taxAmount,
    r.total,
    JSON.stringify(r.lines),
    r.remarks,
    r.contentHash,
    r.sealPayload,
    r.sealSignature,
    r.certificateSerial,
    r.checkCode,
    r.originalInvoiceCode,
    r.originalInvoiceNumber,
    r.creditReason,
  ];
}

/** issuance.invoices: sealed invoices and credit notes, keyed by (invoice_code, invoice_number). */
@Injectable()
export class InvoiceRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async find(key: InvoiceKey, manager: EntityManager = this.db.manager): Promise<InvoiceRecord | null> {
    const rows: InvoiceRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM issuance.invoices WHERE invoice_code = $1 AND invoice_number = $2`,
      [key.invoiceCode, key.invoiceNumber],
    );
    return rows[0] ?? null;
  }

  /** Locks the row until the caller's transaction ends (voids and credit notes serialise here). */
  async lock(manager: EntityManager, key: InvoiceKey): Promise<InvoiceRecord | null> {
    const rows: InvoiceRecord[] = await manager.query(
      `SELECT ${COLUMNS} FROM issuance.invoices WHERE invoice_code = $1 AND invoice_number = $2 FOR UPDATE`,
      [key.invoiceCode, key.invoiceNumber],
    );
    return rows[0] ?? null;
  }

  async insert(manager: EntityManager, r: NewInvoiceRecord): Promise<void> {
    await manager.query(
      `INSERT INTO issuance.invoices (${INSERT_COLUMNS})
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
      insertValues(r),
    );
  }

  /** Many invoices in one statement (a group-commit batch): one array per column, unnested. */
  async insertMany(manager: EntityManager, records: readonly NewInvoiceRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = records.map(insertValues);
    await manager.query(
      INSERT_MANY,
      INSERT_ARRAY_TYPES.map((_, column) => rows.map((row) => row[column])),
    );
  }

  /** Adds (or with negative values, gives back) credited amounts on an original invoice. */
  async addCredit(manager: EntityManager, key: InvoiceKey, amount: string, taxAmount: string): Promise<void> {
    await manager.query(
      `UPDATE issuance.invoices
          SET credited_amount = credited_amount + $3, credited_tax_amount = credited_tax_amount + $4
        WHERE invoice_code = $1 AND invoice_number = $2`,
      [key.invoiceCode, key.invoiceNumber, amount, taxAmount],
    );
  }

  async markVoided(manager: EntityManager, key: InvoiceKey, reason: string): Promise<Date> {
    const rows = await updateReturning<{ voided_at: Date }>(
      manager,
      `UPDATE issuance.invoices SET voided_at = now(), void_reason = $3
        WHERE invoice_code = $1 AND invoice_number = $2 RETURNING voided_at`,
      [key.invoiceCode, key.invoiceNumber, reason],
    );
    return rows[0].voided_at;
  }

  /** Whether a buyer's claim (勾选) for deduction was accepted: such an invoice can no longer be voided. */
  async isClaimed(manager: EntityManager, key: InvoiceKey): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `SELECT 1 FROM collection.claims
        WHERE invoice_code = $1 AND invoice_number = $2 AND status = 'accepted' LIMIT 1`,
      [key.invoiceCode, key.invoiceNumber],
    );
    return rows.length > 0;
  }
}
