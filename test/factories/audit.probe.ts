import { DataSource } from 'typeorm';
import type { AuditRun, AuditRunsRepository } from '@app/audit-runs';

/** A finding as stored (audit.findings), with amounts as text. */
export interface StoredFinding {
  id: string;
  identity: string;
  category: string;
  taxAtRisk: string;
  state: string;
  sellerBureauCode: string | null;
  buyerBureauCode: string | null;
  details: unknown;
  lastRunId: string;
}

export interface StoredAssistRequest {
  identity: string;
  fromBureauCode: string;
  toBureauCode: string;
}

export interface FindingChangeCounts {
  appeared: number;
  reappeared: number;
  changed: number;
  resolved: number;
}

export interface StoredRollup {
  bureauCode: string;
  category: string;
  findings: number;
  taxAtRisk: string;
}

/**
 * Reads what the cross-audit wrote (findings, their history, assist requests, roll-ups)
 * for one period, for tests that assert on the outcome in the database; and waits for a
 * run to finish, by polling its row (no timing is asserted: the bound is a hang guard).
 */
export class AuditProbe {
  constructor(private readonly db: DataSource) {}

  async waitForRun(runs: AuditRunsRepository, id: string, timeoutMs = 120_000): Promise<AuditRun> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await runs.find(id);
      if (run?.status === 'completed' || run?.status === 'failed') return run;
      if (Date.now() > deadline)
        throw new Error(`audit run ${id} still ${run?.status} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  findings(period: string): Promise<StoredFinding[]> {
    return this.db.query(
      `SELECT id::text, identity, category, tax_at_risk::text AS "taxAtRisk", state,
              seller_bureau_code AS "sellerBureauCode", buyer_bureau_code AS "buyerBureauCode",
              details, last_run_id AS "lastRunId"
         FROM audit.findings WHERE period = $1 ORDER BY identity`,
      [period],
    );
  }

  /** Events a run recorded about the period's findings: 'appeared', 'changed', … */
  async events(runId: string): Promise<{ identity: string; event: string }[]> {
    return this.db.query(
      `SELECT f.identity, e.event FROM audit.finding_events e JOIN audit.findings f ON f.id = e.finding_id
        WHERE e.run_id = $1 ORDER BY e.id`,
      [runId],
    );
  }

  /** What a run's partition jobs recorded their merges changed (audit.run_partitions). */
  async partitionChanges(runId: string): Promise<FindingChangeCounts> {
    const [row] = await this.db.query<FindingChangeCounts[]>(
      `SELECT coalesce(sum(appeared), 0)::int AS appeared, coalesce(sum(reappeared), 0)::int AS reappeared,
              coalesce(sum(changed), 0)::int AS changed, coalesce(sum(resolved), 0)::int AS resolved
         FROM audit.run_partitions WHERE run_id = $1`,
      [runId],
    );
    return row;
  }

  /** The events a run recorded about per-invoice findings (those partition jobs merge), by kind. */
  async partitionEventCounts(runId: string): Promise<FindingChangeCounts> {
    const [row] = await this.db.query<FindingChangeCounts[]>(
      `SELECT count(*) FILTER (WHERE e.event = 'appeared')::int AS appeared,
              count(*) FILTER (WHERE e.event = 'reappeared')::int AS reappeared,
              count(*) FILTER (WHERE e.event = 'changed')::int AS changed,
              count(*) FILTER (WHERE e.event = 'resolved')::int AS resolved
         FROM audit.finding_events e JOIN audit.findings f ON f.id = e.finding_id
        WHERE e.run_id = $1 AND f.partition >= 0`,
      [runId],
    );
    return row;
  }

  assistRequests(period: string): Promise<StoredAssistRequest[]> {
    return this.db.query(
      `SELECT f.identity, a.from_bureau_code AS "fromBureauCode", a.to_bureau_code AS "toBureauCode"
         FROM audit.assist_requests a JOIN audit.findings f ON f.id = a.finding_id
        WHERE a.period = $1 ORDER BY f.identity`,
      [period],
    );
  }

  async rollups(period: string): Promise<StoredRollup[]> {
    const rows: (Omit<StoredRollup, 'findings'> & { findings: number | string })[] = await this.db.query(
      `SELECT bureau_code AS "bureauCode", category, findings, tax_at_risk::text AS "taxAtRisk"
         FROM audit.rollups WHERE period = $1 ORDER BY bureau_code, category`,
      [period],
    );
    return rows.map((r) => ({ ...r, findings: Number(r.findings) }));
  }

  /** Each bureau with itself and all its ancestors up to the national bureau (registry.bureaus). */
  async ancestry(codes: readonly string[]): Promise<Map<string, string[]>> {
    const rows: { code: string; ancestors: string[] }[] = await this.db.query(
      `WITH RECURSIVE up (code, ancestor) AS (
         SELECT code, code FROM registry.bureaus WHERE code = ANY ($1)
         UNION ALL
         SELECT up.code, b.parent_code FROM up JOIN registry.bureaus b ON b.code = up.ancestor
          WHERE b.parent_code IS NOT NULL
       )
       SELECT code, array_agg(ancestor ORDER BY ancestor) AS ancestors FROM up GROUP BY code`,
      [codes],
    );
    return new Map(rows.map((r) => [r.code, r.ancestors]));
  }
}
