import { Injectable } from '@nestjs/common';
import { Counter, Histogram, register } from 'prom-client';

/** Returns the metric of that name if this process registered it already (apps booted twice in tests). */
function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** The audit's own Prometheus metrics, served by GET /metrics. */
@Injectable()
export class AuditMetrics {
  private readonly partitionSeconds = once(
    'jinshui_audit_partition_duration_seconds',
    () =>
      new Histogram({
        name: 'jinshui_audit_partition_duration_seconds',
        help: 'Duration of one audit partition job (matching SQL and its transaction)',
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      }),
  );

  private readonly runSeconds = once(
    'jinshui_audit_run_duration_seconds',
    () =>
      new Histogram({
        name: 'jinshui_audit_run_duration_seconds',
        help: 'Wall time of an audit run, from being queued to completed',
        labelNames: ['kind'],
        buckets: [1, 5, 10, 30, 60, 300, 900, 3600],
      }),
  );

  private readonly findings = once(
    'jinshui_audit_findings_total',
    () =>
      new Counter({
        name: 'jinshui_audit_findings_total',
        help: 'Findings written by completed audit runs, per category (MATCHED: claims that matched)',
        labelNames: ['category'],
      }),
  );

  /** Starts timing a partition job; call the result when it is written. */
  partitionTimer(): () => void {
    const end = this.partitionSeconds.startTimer();
    return () => void end();
  }

  runCompleted(kind: string, seconds: number, counts: Record<string, number>): void {
    this.runSeconds.observe({ kind }, seconds);
    for (const [category, n] of Object.entries(counts)) this.findings.inc({ category }, n);
  }
}
