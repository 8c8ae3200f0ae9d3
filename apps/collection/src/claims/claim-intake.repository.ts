import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { IntakeCounts, IntakeOutcome } from '../intake/intake-outcome';
import { intakeCounts, intakeOutcomes } from '../intake/intake.repository';
import { sqlFile } from '@app/database';

const CLAIM_INTAKE = sqlFile(__dirname, 'claim-intake.sql');

/** Claimed invoices of one request, as arrays for `unnest` (index i = one item). */
export interface ClaimItems {
  rowNumbers: number[];
  invoiceCodes: string[];
  invoiceNumbers: string[];
  issueDates: string[];
  sellerTaxIds: string[];
  amounts: string[];
  taxAmounts: string[];
  signatures: (string | null)[];
  contentHashes: (string | null)[];
  sealVerdicts: (string | null)[];
  duplicates: boolean[];
}

const FROM_ARRAYS = `
  SELECT * FROM unnest($5::int[], $6::text[], $7::text[], $8::date[], $9::text[], $10::numeric[], $11::numeric[],
                       $12::text[], $13::text[], $14::text[], $15::boolean[])
    AS t(row_number, invoice_code, invoice_number, issue_date, seller_tax_id, amount, tax_amount,
         signature, content_hash, seal_verdict, duplicate)`;

/**
 * Runs claim-intake.sql over API items or over one batch of an upload's staging rows.
 * First it takes a share lock on the claimed invoices that exist online: a void locks its
 * invoice for update and then looks for claims, so the two serialise and an invoice is
 * never both voided and claimed (whichever commits second sees the first).
 */
@Injectable()
export class ClaimIntakeRepository {
  async fromItems(
    m: EntityManager,
    buyer: string,
    period: string,
    items: ClaimItems,
  ): Promise<IntakeOutcome[]> {
    await m.query(
      `SELECT 1 FROM issuance.invoices
        WHERE (invoice_code, invoice_number) IN (SELECT * FROM unnest($1::text[], $2::text[])) FOR SHARE`,
      [items.invoiceCodes, items.invoiceNumbers],
    );
    return intakeOutcomes(m, CLAIM_INTAKE, FROM_ARRAYS, [
      buyer,
      period,
      'api',
      null,
      items.rowNumbers,
      items.invoiceCodes,
      items.invoiceNumbers,
      items.issueDates,
      items.sellerTaxIds,
      items.amounts,
      items.taxAmounts,
      items.signatures,
      items.contentHashes,
      items.sealVerdicts,
      items.duplicates,
    ]);
  }

  /**
   * One batch of an upload: `input` is a SELECT over its validated staging rows with the
   * same columns as the API input, using $5 (from row) and $6 (to row).
   */
  async fromUpload(
    m: EntityManager,
    buyer: string,
    period: string,
    uploadId: string,
    input: string,
    fromRow: number,
    toRow: number,
  ): Promise<IntakeCounts> {
    await m.query(
      `SELECT 1 FROM issuance.invoices i
         JOIN collection.claim_upload_rows r ON r.invoice_code = i.invoice_code AND r.invoice_number = i.invoice_number
        WHERE r.upload_id = $1 AND r.row_number BETWEEN $2 AND $3
          FOR SHARE OF i`,
      [uploadId, fromRow, toRow],
    );
    return intakeCounts(m, CLAIM_INTAKE, input, [buyer, period, 'upload', uploadId, fromRow, toRow]);
  }
}
