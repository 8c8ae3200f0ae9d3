import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AmountVersion, BusinessRuleError, formatInvoiceNumber } from '@app/domain';
import { certificateRevoked, sellerNotNormal } from './issuing.errors';

/**
 * Takes the next number of the seller's earliest non-exhausted range whose amount version
 * admits the invoice, and locks that range's counter row until the caller's transaction
 * ends. Gap-free by construction: the number is only consumed if the transaction that
 * also stores the invoice commits; a rollback or a crash gives it back.
 *
 * The same statement re-checks, under that lock, the two facts that decide whether the
 * seller may seal at all — normal standing and an unrevoked certificate ($3) — so the
 * caller may read everything else from a short-lived cache.
 */
export const TAKE_NEXT_NUMBER = `
  WITH candidate AS (
    SELECT r.id, r.invoice_code, r.start_number, r.end_number
      FROM registry.number_ranges r
      LEFT JOIN issuance.number_counters c ON c.range_id = r.id
     WHERE r.tax_id = $1
       AND r.amount_version >= $2
       AND coalesce(c.next_number, r.start_number) <= r.end_number
       AND EXISTS (SELECT 1 FROM registry.taxpayers t WHERE t.tax_id = $1 AND t.status = 'normal')
       AND NOT EXISTS (SELECT 1 FROM pki.revocations v WHERE v.serial_number = $3 AND v.revoked_at <= now())
     ORDER BY r.id
     LIMIT 1
  )
  INSERT INTO issuance.number_counters AS c (range_id, next_number)
  SELECT id, start_number + 1 FROM candidate
  ON CONFLICT (range_id) DO UPDATE SET next_number = c.next_number + 1
     WHERE c.next_number <= (SELECT end_number FROM candidate)
  RETURNING (SELECT invoice_code FROM candidate) AS invoice_code, c.next_number - 1 AS number`;

/** Why no number was found: seller or certificate barred, nothing left, or only ranges too small. */
const WHY_NO_NUMBER = `
  SELECT (SELECT status FROM registry.taxpayers WHERE tax_id = $1) AS status,
         EXISTS (SELECT 1 FROM pki.revocations v WHERE v.serial_number = $2 AND v.revoked_at <= now()) AS revoked,
         count(r.id)::int AS open, coalesce(max(r.amount_version), 0)::int AS max_version
    FROM registry.number_ranges r
    LEFT JOIN issuance.number_counters c ON c.range_id = r.id
   WHERE r.tax_id = $1 AND coalesce(c.next_number, r.start_number) <= r.end_number`;

/** Concurrent transactions may exhaust a candidate between our read and our update: retry. */
const MAX_ATTEMPTS = 5;

@Injectable()
export class InvoiceNumberAllocator {
  async take(
    manager: EntityManager,
    sellerTaxId: string,
    minVersion: AmountVersion,
    certificateSerial: string,
  ): Promise<{ invoiceCode: string; invoiceNumber: string }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const rows: { invoice_code: string; number: number }[] = await manager.query(TAKE_NEXT_NUMBER, [
        sellerTaxId,
        minVersion,
        certificateSerial,
      ]);
      if (rows.length > 0) {
        return { invoiceCode: rows[0].invoice_code, invoiceNumber: formatInvoiceNumber(rows[0].number) };
      }
      const [left] = await manager.query<
        { status: string; revoked: boolean; open: number; max_version: number }[]
      >(WHY_NO_NUMBER, [sellerTaxId, certificateSerial]);
      if (left.status !== 'normal') {
        throw sellerNotNormal(left.status);
      }
      if (left.revoked) {
        throw certificateRevoked();
      }
      if (left.open === 0) {
        throw new BusinessRuleError(
          'NUMBER_RANGE_EXHAUSTED',
          'No invoice numbers are left in your allocated ranges; ask your bureau for a new range (领购).',
        );
      }
      if (left.max_version < minVersion) {
        throw new BusinessRuleError(
          'AMOUNT_ABOVE_VERSION_CAP',
          `The amount needs an invoice code of amount version ${minVersion} or higher; your open ranges go up to version ${left.max_version}.`,
          { requiredVersion: minVersion, availableVersion: left.max_version },
        );
      }
    }
    throw new BusinessRuleError(
      'NUMBER_ALLOCATION_CONTENDED',
      'Invoice numbers are contended; retry the request.',
    );
  }
}
