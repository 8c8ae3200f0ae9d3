import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '@app/domain';

export interface CaseChange {
  findingId: string;
  from: CaseStatus;
  to: CaseStatus;
  comment: string;
  actorId: string;
  actorUsername: string;
  actorBureauCode: string;
}

/**
 * review.cases and review.case_events. Used inside an inJurisdiction transaction, so
 * row-level security refuses a case row for a finding outside the officer's subtree.
 */
@Injectable()
export class CaseRepository {
  /**
   * The case's status, locked until the transaction ends so that two officers moving the
   * same case at once are serialised; a finding never reviewed gets its 'open' row here.
   */
  async lock(m: EntityManager, findingId: string, actorId: string): Promise<CaseStatus> {
    await m.query(
      `INSERT INTO review.cases (finding_id, status, updated_by) VALUES ($1, 'open', $2)
       ON CONFLICT (finding_id) DO NOTHING`,
      [findingId, actorId],
    );
    const [row] = await m.query<{ status: CaseStatus }[]>(
      `SELECT status FROM review.cases WHERE finding_id = $1 FOR UPDATE`,
      [findingId],
    );
    return row.status;
  }

  async change(m: EntityManager, c: CaseChange): Promise<void> {
    await m.query(
      `UPDATE review.cases SET status = $2, updated_by = $3, updated_at = now() WHERE finding_id = $1`,
      [c.findingId, c.to, c.actorId],
    );
    await m.query(
      `INSERT INTO review.case_events (finding_id, from_status, to_status, comment, actor_id, actor_username,
                                       actor_bureau_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [c.findingId, c.from, c.to, c.comment, c.actorId, c.actorUsername, c.actorBureauCode],
    );
  }
}
