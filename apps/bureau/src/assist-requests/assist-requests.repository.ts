import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AssistBox, AssistConclusion, AssistStatusFilter } from './dto/assist-request.dto';
import { utcMicros } from '@app/database';

/** An assist request with its escalation as of the clock it was read with, its finding and its reply. */
export interface AssistRequestRow {
  id: string;
  findingId: string;
  period: string;
  fromBureauCode: string;
  toBureauCode: string;
  assignedBureauCode: string;
  escalationLevel: number;
  overdue: boolean;
  openedAt: Date;
  dueAt: Date;
  /** due_at at full microsecond precision, for an exact keyset cursor. */
  dueAtKey: string;
  category: string;
  invoiceCode: string | null;
  invoiceNumber: string | null;
  sellerTaxId: string | null;
  buyerTaxId: string | null;
  taxAtRisk: string;
  conclusion: AssistConclusion | null;
  evidenceNote: string | null;
  /** Username of the officer who replied. */
  repliedBy: string | null;
  repliedByBureau: string | null;
  repliedAt: Date | null;
}

/**
 * The clock escalation is read with. `now` is a parameter, not the database's now(), so
 * that what a request's tier is depends only on its inputs: one reading answers every
 * row of a page alike, and the e2e test can set the clock to the rule's boundaries.
 */
export interface EscalationClock {
  now: Date;
  escalationDays: number;
}

export interface AssistRequestListFilter extends EscalationClock {
  scopePrefix: string;
  /** The caller's own bureau: whose inbox (assigned to it) or outbox (sent by it). */
  bureauCode: string;
  box: AssistBox;
  period?: string;
  status?: AssistStatusFilter;
  after?: { dueAt: string; id: string };
  limit: number;
}

export interface NewAssistReply {
  requestId: string;
  conclusion: AssistConclusion;
  evidenceNote: string;
  repliedBy: string;
  repliedByBureau: string;
}

const STATUS_SELECTION: Record<AssistStatusFilter, string> = {
  open: 'r.request_id IS NULL',
  answered: 'r.request_id IS NOT NULL',
  overdue: 'r.request_id IS NULL AND a.due_at < $1::timestamptz',
};

/**
 * The assist requests under `$3` (a subtree prefix) that `selection` picks, each with the
 * bureau it is assigned to now. $1 is the clock, $2 the escalation period in days; the
 * selection's own parameters start at $4.
 *
 * `tiers_due` is assistEscalationLevel of @app/domain before its cap, and must stay
 * identical to it: 0 while answered or not yet past due_at (due exactly now is not
 * overdue), else 1 + whole escalation periods overdue (epochs are exact numerics, so the
 * boundaries fall where the TypeScript puts them). The cap is the walk: the assigned
 * bureau is the highest ancestor of to_bureau_code at most tiers_due tiers up, which for
 * a large tiers_due is the national tier, however many tiers the addressed bureau has
 * above it (a city without districts has two, a district three). The walk follows
 * parent_code rather than reading the tier out of the code.
 */
function escalated(selection: string): string {
  return `
    WITH RECURSIVE
    requests AS (
      SELECT a.id, a.finding_id, a.period, a.from_bureau_code, a.to_bureau_code, a.opened_at, a.due_at,
             r.conclusion, r.evidence_note, r.replied_by, r.replied_by_bureau, r.replied_at,
             (r.request_id IS NULL AND a.due_at < $1::timestamptz) AS overdue,
             CASE WHEN r.request_id IS NULL AND a.due_at < $1::timestamptz
                  THEN 1 + floor((extract(epoch FROM $1::timestamptz) - extract(epoch FROM a.due_at))
                                 / ($2::int * 86400))::int
                  ELSE 0
             END AS tiers_due
        FROM audit.assist_requests a
        LEFT JOIN review.assist_replies r ON r.request_id = a.id
       WHERE (a.from_bureau_code LIKE $3 || '%' OR a.to_bureau_code LIKE $3 || '%')
         AND (${selection})
    ),
    ancestry (origin, code, parent_code, tiers) AS (
      SELECT b.code, b.code, b.parent_code, 0
        FROM registry.bureaus b
       WHERE b.code IN (SELECT to_bureau_code FROM requests)
      UNION ALL
      SELECT up.origin, p.code, p.parent_code, up.tiers + 1
        FROM ancestry up
        JOIN registry.bureaus p ON p.code = up.parent_code
    ),
    assigned AS (
      SELECT q.*, s.code AS assigned_bureau_code, s.tiers AS escalation_level
        FROM requests q
       CROSS JOIN LATERAL (SELECT code, tiers FROM ancestry
                            WHERE origin = q.to_bureau_code AND tiers <= q.tiers_due
                            ORDER BY tiers DESC
                            LIMIT 1) s
    )
    SELECT q.id, q.finding_id::text AS "findingId", q.period,
           q.from_bureau_code AS "fromBureauCode", q.to_bureau_code AS "toBureauCode",
           q.assigned_bureau_code AS "assignedBureauCode", q.escalation_level AS "escalationLevel",
           q.overdue, q.opened_at AS "openedAt", q.due_at AS "dueAt",
           ${utcMicros('q.due_at')} AS "dueAtKey",
           f.category, f.invoice_code AS "invoiceCode", f.invoice_number AS "invoiceNumber",
           f.seller_tax_id AS "sellerTaxId", f.buyer_tax_id AS "buyerTaxId", f.tax_at_risk::text AS "taxAtRisk",
           q.conclusion, q.evidence_note AS "evidenceNote", u.username AS "repliedBy",
           q.replied_by_bureau AS "repliedByBureau", q.replied_at AS "repliedAt"
      FROM assigned q
      JOIN audit.findings f ON f.id = q.finding_id
      LEFT JOIN registry.users u ON u.id = q.replied_by`;
}

/**
 * Assist requests (audit.assist_requests, opened by the audit engine and only read here)
 * and their replies (review.assist_replies, written here). Every method runs on the
 * manager of an `inJurisdiction` transaction, so row-level security limits it to the
 * caller's subtree besides its own `LIKE $3 || '%'`.
 */
@Injectable()
export class AssistRequestsRepository {
  async find(
    m: EntityManager,
    id: string,
    scopePrefix: string,
    clock: EscalationClock,
  ): Promise<AssistRequestRow | null> {
    const [row] = await m.query<AssistRequestRow[]>(escalated('a.id = $4'), [
      clock.now.toISOString(),
      clock.escalationDays,
      scopePrefix,
      id,
    ]);
    return row ?? null;
  }

  /** Keyset page, oldest due first (the most pressing at the top), for both boxes. */
  list(m: EntityManager, filter: AssistRequestListFilter): Promise<AssistRequestRow[]> {
    // Assigned to B means B is to_bureau_code or an ancestor of it; and only an unanswered,
    // overdue request has left to_bureau_code. Both narrow the rows the walk has to climb.
    const box =
      filter.box === 'inbox'
        ? `a.to_bureau_code LIKE $3 || '%'
           AND (a.to_bureau_code = $4 OR (r.request_id IS NULL AND a.due_at < $1::timestamptz))`
        : 'a.from_bureau_code = $4';
    const status = filter.status ? STATUS_SELECTION[filter.status] : 'true';
    const selection = `${box}
      AND (${status})
      AND ($5::text IS NULL OR a.period = $5)
      AND ($6::timestamptz IS NULL OR (a.due_at, a.id) > ($6::timestamptz, $7::uuid))`;
    const assignedHere = filter.box === 'inbox' ? 'WHERE q.assigned_bureau_code = $4' : '';
    return m.query<AssistRequestRow[]>(
      `${escalated(selection)}
       ${assignedHere}
       ORDER BY q.due_at, q.id
       LIMIT $8`,
      [
        filter.now.toISOString(),
        filter.escalationDays,
        filter.scopePrefix,
        filter.bureauCode,
        filter.period ?? null,
        filter.after?.dueAt ?? null,
        filter.after?.id ?? null,
        filter.limit + 1,
      ],
    );
  }

  /**
   * Records the reply unless the request has one: the primary key decides between two
   * replies racing, not a read before the write. False when there already was one.
   */
  async insertReply(m: EntityManager, reply: NewAssistReply): Promise<boolean> {
    const rows: { requestId: string }[] = await m.query(
      `INSERT INTO review.assist_replies (request_id, conclusion, evidence_note, replied_by, replied_by_bureau)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (request_id) DO NOTHING
       RETURNING request_id AS "requestId"`,
      [reply.requestId, reply.conclusion, reply.evidenceNote, reply.repliedBy, reply.repliedByBureau],
    );
    return rows.length === 1;
  }
}
