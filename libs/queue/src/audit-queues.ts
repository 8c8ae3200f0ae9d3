import { isUuid, ValidationError } from '@app/domain';

/** One job per (run, hash partition of the invoice key); any number of audit workers take them. */
export const AUDIT_PARTITIONS_QUEUE = 'audit-partitions';
/** Run finalisation (once per run), the nightly trigger and the stuck-run sweep. */
export const AUDIT_CONTROL_QUEUE = 'audit-control';

export const AUDIT_FINALIZE_JOB = 'finalize';
export const AUDIT_NIGHTLY_JOB = 'nightly';

export interface AuditPartitionJob {
  runId: string;
  partition: number;
  /** The HTTP request that started the run, for log correlation. */
  requestId?: string;
}

export interface AuditFinalizeJob {
  runId: string;
}

/** Job ids make a doubled enqueue a no-op while the first job is still known to bull. */
export const auditPartitionJobId = (runId: string, partition: number): string => `${runId}:p${partition}`;
export const auditFinalizeJobId = (runId: string): string => `${runId}:finalize`;

export function assertAuditPartitionJob(data: unknown): AuditPartitionJob {
  const d = data as Partial<AuditPartitionJob>;
  if (!isUuid(d?.runId)) {
    throw new ValidationError('JOB_PAYLOAD_INVALID', 'audit partition job needs a runId (uuid)');
  }
  if (!Number.isInteger(d.partition) || (d.partition as number) < 0 || (d.partition as number) > 4095) {
    throw new ValidationError('JOB_PAYLOAD_INVALID', 'audit partition job needs a partition number');
  }
  return {
    runId: d.runId,
    partition: d.partition as number,
    ...(typeof d.requestId === 'string' ? { requestId: d.requestId } : {}),
  };
}

export function assertAuditFinalizeJob(data: unknown): AuditFinalizeJob {
  const d = data as Partial<AuditFinalizeJob>;
  if (!isUuid(d?.runId)) {
    throw new ValidationError('JOB_PAYLOAD_INVALID', 'audit finalize job needs a runId (uuid)');
  }
  return { runId: d.runId };
}
