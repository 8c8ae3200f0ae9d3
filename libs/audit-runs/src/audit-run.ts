import { type AuditParameters, type AuditScope, completeRuleSetParameters } from '@app/domain';
import { utcMicros } from '@app/database';

export type AuditRunKind = 'nightly' | 'on_demand';
export type AuditRunStatus = 'queued' | 'running' | 'finalizing' | 'completed' | 'failed';

/** One category of a back-test: the candidate's findings next to the baseline's. */
export interface BacktestCategory {
  candidate: { findings: number; taxAtRisk: string };
  baseline: { findings: number; taxAtRisk: string };
  /** Findings the candidate has and the baseline has not (by identity), and the reverse. */
  appear: number;
  disappear: number;
}

export interface Backtest {
  candidateVersion: number;
  baselineVersion: number;
  categories: Record<string, BacktestCategory>;
}

/** One audit run as stored (audit.runs). */
export interface AuditRun {
  id: string;
  kind: AuditRunKind;
  period: string;
  bureauCode: string | null;
  taxIds: string[] | null;
  /** The rule set version the run judged by (audit.rule_sets); its parameters are recorded below. */
  ruleVersion: number;
  parameters: AuditParameters;
  /**
   * A back-test: the run judges by a candidate rule set and compares its findings with
   * those of the baseline (the version active when it was started) on the same input.
   * Never publishes.
   */
  dryRun: boolean;
  baselineRuleVersion: number | null;
  baselineParameters: AuditParameters | null;
  /** A completed back-test's comparison, per category. */
  backtest: Backtest | null;
  /** How long the risk stage took, once completed. */
  riskMs: number | null;
  /** False for a trial run: its findings are reported, not merged into the current ones. */
  publishes: boolean;
  status: AuditRunStatus;
  partitionsTotal: number;
  partitionsDone: number;
  counts: Record<string, number> | null;
  taxAtRisk: Record<string, string> | null;
  /**
   * RFC 3339 in UTC to the microsecond, as Postgres stores it. Not a Date: a Date keeps
   * milliseconds, and a watermark cut to the millisecond would leave out rows stamped in
   * its last millisecond, before the run began.
   */
  watermark: string;
  triggerKey: string | null;
  requestedBy: string | null;
  requestId: string | null;
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** The columns of audit.runs under the names of AuditRun. */
export const AUDIT_RUN_COLUMNS = `
  id, kind, period, bureau_code AS "bureauCode", tax_ids AS "taxIds", rule_version AS "ruleVersion",
  parameters, dry_run AS "dryRun", baseline_rule_version AS "baselineRuleVersion",
  baseline_parameters AS "baselineParameters", backtest, risk_ms AS "riskMs", publishes, status, partitions_total AS "partitionsTotal", partitions_done AS "partitionsDone",
  counts, tax_at_risk AS "taxAtRisk",
  ${utcMicros('watermark')} AS watermark, trigger_key AS "triggerKey",
  requested_by AS "requestedBy", request_id AS "requestId", error,
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt"`;

/**
 * Whether the run is limited to some taxpayers (audit.run_scope_taxpayers). A bureau scope
 * at the national tier is the whole country: nothing to filter.
 */
export function isScoped(run: Pick<AuditRun, 'bureauCode' | 'taxIds'>): boolean {
  return run.taxIds !== null || (run.bureauCode !== null && run.bureauCode !== '10000000000');
}

export function scopeOf(run: AuditRun): AuditScope {
  return {
    period: run.period,
    ...(run.bureauCode ? { bureauCode: run.bureauCode } : {}),
    ...(run.taxIds ? { taxIds: run.taxIds } : {}),
  };
}

/**
 * The parameters the run judges by, complete: runs recorded before rule sets (migration 16)
 * hold only the tolerance and the assist due days, and take the defaults for the rest.
 */
export function judgedBy(run: Pick<AuditRun, 'parameters'>): AuditParameters {
  return completeRuleSetParameters(run.parameters);
}

/** A back-test's baseline parameters; for any other run, its own. */
export function baselineOf(run: Pick<AuditRun, 'parameters' | 'baselineParameters'>): AuditParameters {
  return completeRuleSetParameters(run.baselineParameters ?? run.parameters);
}
