import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AmountVersion, BusinessRuleError, formatInvoiceNumber } from '@app/domain';
import { certificateRevoked, sellerNotNormal } from './issuing.errors';
import { inLockOrder, NumberRequest, planNumberBlocks } from './number-block.plan';

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

/**
 * The batch form of TAKE_NEXT_NUMBER (ADR 0013): for each seller of a batch ($1, with
 * amount version $2, certificate $3), takes a block of $4 consecutive numbers from the
 * same range TAKE_NEXT_NUMBER would pick — the earliest open one admitting the version,
 * seller normal and certificate unrevoked, re-checked under the lock — but only when the
 * whole block fits in it. Otherwise that seller gets no row (its counter may stay locked)
 * and its invoices take their numbers one by one, spilling into the next range exactly as
 * lone requests would. Counters are locked in range order, so two batches cannot deadlock
 * here. Returns the block's first number per seller.
 */
export const TAKE_NUMBER_BLOCKS = `
  WITH wanted AS (
    SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::int[]) AS w(tax_id, min_version, serial, n)
  ), candidate AS (
    SELECT DISTINCT ON (w.tax_id) w.tax_id, w.n, r.id, r.invoice_code, r.start_number, r.end_number
      FROM wanted w
      JOIN registry.number_ranges r ON r.tax_id = w.tax_id AND r.amount_version >= w.min_version
      LEFT JOIN issuance.number_counters c ON c.range_id = r.id
     WHERE coalesce(c.next_number, r.start_number) <= r.end_number
       AND EXISTS (SELECT 1 FROM registry.taxpayers t WHERE t.tax_id = w.tax_id AND t.status = 'normal')
       AND NOT EXISTS (SELECT 1 FROM pki.revocations v WHERE v.serial_number = w.serial AND v.revoked_at <= now())
     ORDER BY w.tax_id, r.id
  ), taken AS (
    INSERT INTO issuance.number_counters AS c (range_id, next_number)
    SELECT id, start_number + n FROM candidate WHERE start_number + n - 1 <= end_number ORDER BY id
    ON CONFLICT (range_id) DO UPDATE SET next_number = c.next_number + (SELECT k.n FROM candidate k WHERE k.id = c.range_id)
       WHERE c.next_number + (SELECT k.n FROM candidate k WHERE k.id = c.range_id) - 1
             <= (SELECT k.end_number FROM candidate k WHERE k.id = c.range_id)
    RETURNING c.range_id, c.next_number
  )
  SELECT k.tax_id, k.invoice_code, t.next_number - k.n AS first
    FROM taken t JOIN candidate k ON k.id = t.range_id`;

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

export interface AllocatedNumber {
  invoiceCode: string;
  invoiceNumber: string;
}

@Injectable()
export class InvoiceNumberAllocator {
  /**
   * Numbers for a whole batch, in the caller's transaction: one statement for the blocks
   * (TAKE_NUMBER_BLOCKS), then `take` one by one, in lock order, for what is left. A
   * request refused by a business rule (range exhausted, certificate revoked, ...) gets
   * its error in its slot and consumed nothing; any other error aborts the transaction
   * and is thrown. One seller's numbers follow request order.
   */
  async takeMany(
    manager: EntityManager,
    requests: readonly NumberRequest[],
  ): Promise<(AllocatedNumber | BusinessRuleError)[]> {
    const out: (AllocatedNumber | BusinessRuleError | undefined)[] = new Array(requests.length);
    const { blocks, singles } = planNumberBlocks(requests);
    if (blocks.length > 0) {
      const rows: { tax_id: string; invoice_code: string; first: number }[] = await manager.query(
        TAKE_NUMBER_BLOCKS,
        [
          blocks.map((b) => b.sellerTaxId),
          blocks.map((b) => b.minVersion),
          blocks.map((b) => b.certificateSerial),
          blocks.map((b) => b.items.length),
        ],
      );
      const taken = new Map(rows.map((r) => [r.tax_id, r]));
      for (const block of blocks) {
        const row = taken.get(block.sellerTaxId);
        if (!row) singles.push(...block.items);
        else
          block.items.forEach((i, k) => {
            out[i] = { invoiceCode: row.invoice_code, invoiceNumber: formatInvoiceNumber(row.first + k) };
          });
      }
    }
    for (const i of inLockOrder(singles, requests)) {
      const r = requests[i];
      try {
        out[i] = await this.take(manager, r.sellerTaxId, r.minVersion, r.certificateSerial);
      } catch (err) {
        if (!(err instanceof BusinessRuleError)) throw err;
        out[i] = err;
      }
    }
    return out as (AllocatedNumber | BusinessRuleError)[];
  }

  async take(
    manager: EntityManager,
    sellerTaxId: string,
    minVersion: AmountVersion,
    certificateSerial: string,
  ): Promise<AllocatedNumber> {
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
