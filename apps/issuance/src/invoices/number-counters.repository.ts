import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AmountVersion } from '@app/domain';

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

/** A block of numbers to take for one seller (TAKE_NUMBER_BLOCKS). */
export interface NumberBlockRequest {
  sellerTaxId: string;
  minVersion: AmountVersion;
  certificateSerial: string;
  count: number;
}

/** Why a seller got no number (WHY_NO_NUMBER). */
export interface NumberShortfall {
  status: string;
  revoked: boolean;
  open: number;
  max_version: number;
}

/** issuance.number_counters over registry.number_ranges: the statements that hand out invoice numbers. */
@Injectable()
export class NumberCountersRepository {
  /** The first number of each block taken, by seller; a seller whose block did not fit is absent. */
  async takeBlocks(
    m: EntityManager,
    blocks: readonly NumberBlockRequest[],
  ): Promise<Map<string, { invoiceCode: string; first: number }>> {
    const rows = await m.query<{ tax_id: string; invoice_code: string; first: number }[]>(
      TAKE_NUMBER_BLOCKS,
      [
        blocks.map((b) => b.sellerTaxId),
        blocks.map((b) => b.minVersion),
        blocks.map((b) => b.certificateSerial),
        blocks.map((b) => b.count),
      ],
    );
    return new Map(rows.map((r) => [r.tax_id, { invoiceCode: r.invoice_code, first: r.first }]));
  }

  /** The next number, or null when the seller may not have one now (see `shortfall`). */
  async takeNext(
    m: EntityManager,
    sellerTaxId: string,
    minVersion: AmountVersion,
    certificateSerial: string,
  ): Promise<{ invoiceCode: string; number: number } | null> {
    const rows = await m.query<{ invoice_code: string; number: number }[]>(TAKE_NEXT_NUMBER, [
      sellerTaxId,
      minVersion,
      certificateSerial,
    ]);
    return rows.length > 0 ? { invoiceCode: rows[0].invoice_code, number: rows[0].number } : null;
  }

  async shortfall(
    m: EntityManager,
    sellerTaxId: string,
    certificateSerial: string,
  ): Promise<NumberShortfall> {
    const [left] = await m.query<NumberShortfall[]>(WHY_NO_NUMBER, [sellerTaxId, certificateSerial]);
    return left;
  }
}
