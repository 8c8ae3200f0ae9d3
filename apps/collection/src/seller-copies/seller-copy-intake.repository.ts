import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { IntakeCounts, IntakeOutcome } from '../intake/intake-outcome';
import { intakeCounts, intakeOutcomes } from '../intake/intake.repository';
import { sqlFile } from '@app/database';

const SELLER_COPY_INTAKE = sqlFile(__dirname, 'seller-copy-intake.sql');

export interface SellerCopyItems {
  rowNumbers: number[];
  types: string[];
  invoiceCodes: string[];
  invoiceNumbers: string[];
  issueDates: string[];
  buyerTaxIds: string[];
  amounts: string[];
  taxAmounts: string[];
  contentHashes: string[];
  signatures: string[];
  certificateSerials: string[];
  sealVerdicts: string[];
  duplicates: boolean[];
  buyerIdOk: boolean[];
}

const FROM_ARRAYS = `
  SELECT * FROM unnest($5::int[], $6::text[], $7::text[], $8::text[], $9::date[], $10::text[], $11::numeric[],
                       $12::numeric[], $13::text[], $14::text[], $15::text[], $16::text[], $17::boolean[], $18::boolean[])
    AS t(row_number, type, invoice_code, invoice_number, issue_date, buyer_tax_id, amount, tax_amount,
         content_hash, signature, certificate_serial, seal_verdict, duplicate, buyer_id_ok)`;

/** Runs seller-copy-intake.sql over API items or one batch of an upload. */
@Injectable()
export class SellerCopyIntakeRepository {
  fromItems(
    m: EntityManager,
    seller: string,
    today: string,
    items: SellerCopyItems,
  ): Promise<IntakeOutcome[]> {
    return intakeOutcomes(m, SELLER_COPY_INTAKE, FROM_ARRAYS, [
      seller,
      'api',
      null,
      today,
      items.rowNumbers,
      items.types,
      items.invoiceCodes,
      items.invoiceNumbers,
      items.issueDates,
      items.buyerTaxIds,
      items.amounts,
      items.taxAmounts,
      items.contentHashes,
      items.signatures,
      items.certificateSerials,
      items.sealVerdicts,
      items.duplicates,
      items.buyerIdOk,
    ]);
  }

  /** `input` selects one batch of validated staging rows using $5 (from row) and $6 (to row). */
  fromUpload(
    m: EntityManager,
    seller: string,
    today: string,
    uploadId: string,
    input: string,
    fromRow: number,
    toRow: number,
  ): Promise<IntakeCounts> {
    return intakeCounts(m, SELLER_COPY_INTAKE, input, [seller, 'upload', uploadId, today, fromRow, toRow]);
  }
}
