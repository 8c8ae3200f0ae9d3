import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { utcMicros } from '@app/database';
import { FINDING_COLUMNS, type FindingRow } from '@app/review';
import type {
  CaseEventDto,
  ClaimDto,
  FindingAssistDto,
  FindingEventDto,
  SellerCopyDto,
} from './dto/finding.dto';

/**
 * One finding with everything an officer needs to judge it: both sides of the invoice,
 * its history across runs, the case trail and the assist request. Every method takes the
 * EntityManager of an inJurisdiction transaction: row-level security applies.
 */
@Injectable()
export class FindingDetailRepository {
  async finding(m: EntityManager, id: string): Promise<FindingRow | null> {
    const [row] = await m.query<FindingRow[]>(
      `SELECT ${FINDING_COLUMNS}
         FROM audit.findings f LEFT JOIN review.cases c ON c.finding_id = f.id
        WHERE f.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The seller's side: the invoice issued online, or the accepted offline seller copy. */
  sellerCopies(m: EntityManager, code: string, number: string): Promise<SellerCopyDto[]> {
    return m.query<SellerCopyDto[]>(
      `SELECT 'issued' AS source, type, seller_tax_id AS "sellerTaxId", buyer_tax_id AS "buyerTaxId",
              issue_date::text AS "issueDate", amount::text AS amount, tax_amount::text AS "taxAmount",
              CASE WHEN voided_at IS NOT NULL THEN 'voided'
                   WHEN credited_amount > 0 THEN 'credited' ELSE 'normal' END AS status,
              credited_tax_amount::text AS "creditedTaxAmount"
         FROM issuance.invoices WHERE invoice_code = $1 AND invoice_number = $2
       UNION ALL
       SELECT 'offline', type, seller_tax_id, buyer_tax_id, issue_date::text, amount::text, tax_amount::text,
              'normal', '0.00'
         FROM collection.seller_copies WHERE invoice_code = $1 AND invoice_number = $2 AND status = 'accepted'`,
      [code, number],
    );
  }

  /** The buyers' side: every claim of the invoice, rejected ones (evidence) included. */
  claims(m: EntityManager, code: string, number: string): Promise<ClaimDto[]> {
    return m.query<ClaimDto[]>(
      `SELECT id::text, buyer_tax_id AS "buyerTaxId", period, seller_tax_id AS "sellerTaxId",
              issue_date::text AS "issueDate", amount::text AS amount, tax_amount::text AS "taxAmount",
              status, reason_code AS "reasonCode", seal_verified AS "sealVerified",
              ${utcMicros('created_at')} AS "createdAt"
         FROM collection.claims WHERE invoice_code = $1 AND invoice_number = $2
        ORDER BY created_at, id`,
      [code, number],
    );
  }

  history(m: EntityManager, id: string): Promise<FindingEventDto[]> {
    return m.query<FindingEventDto[]>(
      `SELECT event, run_id::text AS "runId", tax_at_risk::text AS "taxAtRisk", details, ${utcMicros('at')} AS at
         FROM audit.finding_events WHERE finding_id = $1 ORDER BY id`,
      [id],
    );
  }

  caseTrail(m: EntityManager, id: string): Promise<CaseEventDto[]> {
    return m.query<CaseEventDto[]>(
      `SELECT from_status AS "fromStatus", to_status AS "toStatus", comment, actor_username AS actor,
              actor_bureau_code AS "actorBureauCode", ${utcMicros('at')} AS at
         FROM review.case_events WHERE finding_id = $1 ORDER BY id`,
      [id],
    );
  }

  async assistRequest(m: EntityManager, id: string): Promise<FindingAssistDto | null> {
    const [row] = await m.query<FindingAssistDto[]>(
      `SELECT a.id::text, a.from_bureau_code AS "fromBureauCode", a.to_bureau_code AS "toBureauCode",
              ${utcMicros('a.due_at')} AS "dueAt", r.conclusion, ${utcMicros('r.replied_at')} AS "repliedAt"
         FROM audit.assist_requests a LEFT JOIN review.assist_replies r ON r.request_id = a.id
        WHERE a.finding_id = $1`,
      [id],
    );
    return row ?? null;
  }
}
