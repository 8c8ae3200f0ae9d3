import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AUDIT_RUN_COLUMNS,
  baselineOf,
  isScoped,
  judgedBy,
  type AuditRun,
  type Backtest,
} from '@app/audit-runs';
import type { AuditParameters } from '@app/domain';
import {
  MERGE_FINDINGS,
  mergeParameters,
  NO_MERGE,
  type FindingChanges,
  type MergeCounts,
} from '../matching/partition-audit.repository';
import { sqlFile, updateReturning } from '@app/database';
import {
  BASELINE_PARTITION,
  OWN_PARTITION,
  RiskStageRepository,
  type RiskRuleFigures,
} from '../risk/risk-stage.repository';
import type { EdgesReadAside } from '../risk/trade-graph.repository';
import { FINALISER_SESSION } from '../risk/planner-profiles';

const sql = (name: string): string => sqlFile(__dirname, `${name}.sql`);
const PER_TAXPAYER_FINDINGS = sql('per-taxpayer-findings');
const TAXPAYER_SUMS = sql('taxpayer-sums');
const ROLLUPS = sql('rollups');

export interface FinalizedRun {
  run: AuditRun;
  changes: FindingChanges;
  assistRequests: number;
}

/**
 * Once per run, after its last partition: the per-taxpayer categories (票表比对 and the risk
 * stage) and their merge into the current findings and assist requests (the partitions
 * merged and opened theirs), the period's roll-ups at every tier and its risk scores; for a
 * back-test, the same judged by its baseline and the comparison — all in one transaction,
 * so a finaliser that dies leaves the run 'finalizing' for the next attempt and nothing
 * half-done.
 */
@Injectable()
export class RunFinalizerRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly risk: RiskStageRepository,
  ) {}

  /** The finalised run, or null if it is not waiting to be finalised (done already, failed, gone). */
  async finalize(runId: string): Promise<FinalizedRun | null> {
    return this.db.transaction(async (m) => {
      const [run] = await m.query<AuditRun[]>(
        `SELECT ${AUDIT_RUN_COLUMNS} FROM audit.runs WHERE id = $1 FOR UPDATE`,
        [runId],
      );
      if (run?.status !== 'finalizing') return null;
      // Runs of one period merge one after another: each sees the findings the last one left.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('audit-finalize:' || $1))`, [run.period]);
      // The merge joins the run's output (10^5 rows the planner cannot count before an
      // ANALYZE) with the period's findings; nested loops over that mis-estimate are
      // quadratic (minutes at 100k findings), hash joins linear.
      await m.query(`SET LOCAL enable_nestloop = off`);
      // A disabled path costs 10^10, and the planner would JIT-compile what it then takes for
      // an expensive statement (the partitions' figures: 0.15 s of JIT for 0.1 ms of work):
      // FINALISER_SESSION turns JIT off, and gives the hash joins 64 MB.
      for (const setting of FINALISER_SESSION) await m.query(setting);
      // The ring rule's edges are read on a second connection meanwhile (RiskStageRepository).
      const ringEdges = this.risk.startRingEdges(run, judgedBy(run));
      await m.query(`DELETE FROM audit.run_findings WHERE run_id = $1 AND partition IN (-1, -2)`, [run.id]);
      await this.sumTaxpayers(m, run.id);
      const own = await this.judgeTaxpayers(m, run, judgedBy(run), OWN_PARTITION, ringEdges);
      let riskMs = own.ms;
      const riskRules: { own: RiskRuleFigures; baseline?: RiskRuleFigures } = { own: own.rules };
      let backtest: Backtest | null = null;
      if (run.dryRun) {
        const baseline = await this.judgeTaxpayers(m, run, baselineOf(run), BASELINE_PARTITION);
        riskMs += baseline.ms;
        riskRules.baseline = baseline.rules;
        backtest = await this.risk.compare(m, run);
      }
      let merge = NO_MERGE;
      if (run.publishes) {
        // The partitions merged their per-invoice findings and opened their assist
        // requests; the per-taxpayer ones are -1.
        [merge] = await m.query<MergeCounts[]>(MERGE_FINDINGS, mergeParameters(run, OWN_PARTITION));
        await m.query(`DELETE FROM audit.rollups WHERE period = $1`, [run.period]);
        // The period's findings, grouped by bureau pair: 10^5 rows the planner (statistics
        // from before the partitions merged) takes for a handful, and sorts on three text
        // keys rather than hashing — twice the time. Nothing from here on needs a sort.
        await m.query(`SET LOCAL enable_sort = off`);
        await m.query(ROLLUPS, [run.period, run.id]);
        const scoring = Date.now();
        await this.risk.score(m, run, judgedBy(run));
        riskMs += Date.now() - scoring;
      }
      const { assistRequests, ...changes } = await this.merged(m, run.id, merge);
      // The partitions' figures (each partition job recorded its own) and the per-taxpayer
      // findings written above.
      const [completed] = await updateReturning<AuditRun>(
        m,
        `WITH per_category AS (
           SELECT category, sum(findings)::int AS findings, sum(tax_at_risk) AS tax_at_risk
             FROM (SELECT c.key AS category, (c.value ->> 'findings')::int AS findings,
                          (c.value ->> 'taxAtRisk')::numeric AS tax_at_risk
                     FROM audit.run_partitions p, jsonb_each(p.per_category) c
                    WHERE p.run_id = $1
                   UNION ALL
                   SELECT category, 1, tax_at_risk
                     FROM audit.run_findings WHERE run_id = $1 AND partition = -1) f
            GROUP BY category
         )
         UPDATE audit.runs r
            SET status = 'completed', finished_at = clock_timestamp(), risk_ms = $2, backtest = $3,
                risk_rules = $4,
                counts = (SELECT coalesce(jsonb_object_agg(category, findings), '{}'::jsonb) FROM per_category)
                         || jsonb_build_object('MATCHED',
                              (SELECT coalesce(sum(matched), 0)::int FROM audit.run_partitions WHERE run_id = $1)),
                tax_at_risk = (SELECT coalesce(jsonb_object_agg(category, tax_at_risk::text), '{}'::jsonb) FROM per_category)
          WHERE r.id = $1
          RETURNING ${AUDIT_RUN_COLUMNS}`,
        [run.id, riskMs, backtest === null ? null : JSON.stringify(backtest), JSON.stringify(riskRules)],
      );
      return { run: completed, changes, assistRequests };
    });
  }

  /**
   * The taxpayer-level findings of `run` judged by `parameters`, into `partition`: 票表比对,
   * then the risk stage. Returns the risk stage's time, and each rule's.
   */
  private async judgeTaxpayers(
    m: EntityManager,
    run: AuditRun,
    parameters: AuditParameters,
    partition: number,
    ringEdges?: Promise<EdgesReadAside>,
  ): Promise<{ ms: number; rules: RiskRuleFigures }> {
    await m.query(PER_TAXPAYER_FINDINGS, [
      run.id,
      run.period,
      run.watermark,
      isScoped(run),
      parameters.declarationTolerance,
      partition,
    ]);
    const started = Date.now();
    const rules = await this.risk.judge(m, run, parameters, partition, ringEdges);
    const ms = Date.now() - started;
    // the rules plan with settings of their own; the finaliser's (above) again
    await m.query(`SET LOCAL enable_nestloop = off`);
    await m.query(`SET LOCAL enable_sort TO DEFAULT`);
    await m.query(`SET LOCAL enable_mergejoin TO DEFAULT`);
    return { ms, rules };
  }

  /**
   * run_taxpayer_sums for the rest of the transaction: each taxpayer's figures of the run,
   * its partitions' rows added up once for 票表比对 and every risk rule (taxpayer-sums.sql).
   */
  private async sumTaxpayers(m: EntityManager, runId: string): Promise<void> {
    await m.query(TAXPAYER_SUMS, [runId]);
    // A temporary table has no statistics until analysed (autovacuum does not see it), and
    // the rules join it with the taxpayers: 10^5 rows planned as a handful.
    await m.query(`ANALYZE run_taxpayer_sums`);
  }

  /** What the run's merges did: its partitions' (recorded by each) and the finaliser's own. */
  private async merged(m: EntityManager, runId: string, own: MergeCounts): Promise<MergeCounts> {
    const [partitions] = await m.query<MergeCounts[]>(
      `SELECT coalesce(sum(appeared), 0)::int AS appeared, coalesce(sum(reappeared), 0)::int AS reappeared,
              coalesce(sum(changed), 0)::int AS changed, coalesce(sum(resolved), 0)::int AS resolved,
              coalesce(sum(assist_requests), 0)::int AS "assistRequests"
         FROM audit.run_partitions WHERE run_id = $1`,
      [runId],
    );
    return {
      appeared: partitions.appeared + own.appeared,
      reappeared: partitions.reappeared + own.reappeared,
      changed: partitions.changed + own.changed,
      resolved: partitions.resolved + own.resolved,
      assistRequests: partitions.assistRequests + own.assistRequests,
    };
  }

  /** Marks a run failed (its jobs exhausted their attempts); a finished run stays as it was. */
  async fail(runId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE audit.runs SET status = 'failed', error = $2, finished_at = clock_timestamp()
        WHERE id = $1 AND status IN ('queued', 'running', 'finalizing')`,
      [runId, reason.slice(0, 2000)],
    );
  }
}
