import type { AuditRun, AuditRunStatus } from '@app/audit-runs';
import type { AuditRunDto, AuditRunStatusView } from './dto/audit-run.dto';

/**
 * The API's four statuses (DESIGN §10). `finalizing` — every partition written, findings
 * being merged — is still `running` to a caller, and its progress stays below 100 until
 * the run is completed.
 */
export function statusView(status: AuditRunStatus): AuditRunStatusView {
  switch (status) {
    case 'queued':
    case 'running':
    case 'completed':
    case 'failed':
      return status;
    case 'finalizing':
      return 'running';
  }
}

/** The engine statuses a `status` filter of the API stands for. */
export function statusesOf(view: AuditRunStatusView): AuditRunStatus[] {
  return view === 'running' ? ['running', 'finalizing'] : [view];
}

function percentOf(run: AuditRun): number {
  if (run.status === 'completed') return 100;
  return Math.min(99, Math.floor((100 * run.partitionsDone) / run.partitionsTotal));
}

export function toAuditRunDto(run: AuditRun): AuditRunDto {
  return {
    runId: run.id,
    kind: run.kind,
    status: statusView(run.status),
    period: run.period,
    scope: { bureauCode: run.bureauCode, taxIds: run.taxIds },
    ruleSetVersion: run.ruleVersion,
    parameters: {
      declarationTolerance: run.parameters.declarationTolerance,
      assistDueDays: run.parameters.assistDueDays,
    },
    publishes: run.publishes,
    dryRun: run.dryRun,
    baselineRuleVersion: run.baselineRuleVersion,
    progress: {
      partitionsDone: run.partitionsDone,
      partitionsTotal: run.partitionsTotal,
      percent: percentOf(run),
    },
    counts: run.counts,
    taxAtRisk: run.taxAtRisk,
    backtest: run.backtest,
    riskMs: run.riskMs,
    watermark: run.watermark,
    requestedBy: run.requestedBy,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    error: run.error,
  };
}
