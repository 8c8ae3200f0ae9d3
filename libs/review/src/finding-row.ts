import type { CaseStatus } from '@app/domain';
import { utcMicros } from '@app/database';

/** A finding as the review lists show it: the engine's row and its case status. */
export interface FindingRow {
  id: string;
  period: string;
  category: string;
  /** The review: open until an officer moves it (review.cases). */
  status: CaseStatus;
  /** The engine's judgement: active, or resolved by a later run. */
  state: 'active' | 'resolved';
  invoiceCode: string | null;
  invoiceNumber: string | null;
  sellerTaxId: string | null;
  buyerTaxId: string | null;
  sellerBureauCode: string | null;
  buyerBureauCode: string | null;
  taxAtRisk: string;
  details: Record<string, unknown>;
  firstSeenAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
}

/** The columns of FindingRow over `audit.findings f LEFT JOIN review.cases c`. */
export const FINDING_COLUMNS = `
  f.id::text AS id, f.period, f.category, coalesce(c.status, 'open') AS status, f.state,
  f.invoice_code AS "invoiceCode", f.invoice_number AS "invoiceNumber",
  f.seller_tax_id AS "sellerTaxId", f.buyer_tax_id AS "buyerTaxId",
  f.seller_bureau_code AS "sellerBureauCode", f.buyer_bureau_code AS "buyerBureauCode",
  f.tax_at_risk::text AS "taxAtRisk", f.details,
  ${utcMicros('f.first_seen_at')} AS "firstSeenAt", ${utcMicros('f.last_seen_at')} AS "lastSeenAt",
  ${utcMicros('f.resolved_at')} AS "resolvedAt"`;
