import { Injectable } from '@nestjs/common';
import { IssuanceConfig } from '../config/issuance.config';
import { InvoiceDto } from './dto/invoice.dto';
import { InvoiceBatchExecutor, InvoiceBatchOutcomes } from './invoice-batch-executor';
import { AdaptiveBatcher, AdaptiveBatcherStats } from './adaptive-batcher';
import { PreparedIssue } from './prepared-issue';

export type IssueBatchStats = AdaptiveBatcherStats & InvoiceBatchOutcomes;

/**
 * Group commit of blue invoices (ADR 0013): concurrent prepared requests of this process
 * are queued and issued together, ISSUE_BATCH_MAX at most per transaction and
 * ISSUE_BATCH_CONCURRENCY transactions at a time. With ISSUE_BATCH_MAX=1 there is no
 * queue: every request runs its own transaction at once, as before batching.
 */
@Injectable()
export class IssueBatcherService {
  private readonly batcher: AdaptiveBatcher<PreparedIssue, InvoiceDto> | null;

  constructor(
    private readonly executor: InvoiceBatchExecutor,
    config: IssuanceConfig,
  ) {
    this.batcher =
      config.ISSUE_BATCH_MAX > 1
        ? new AdaptiveBatcher(
            { maxSize: config.ISSUE_BATCH_MAX, concurrency: config.ISSUE_BATCH_CONCURRENCY },
            (items) => this.executor.issueBatch(items),
          )
        : null;
  }

  issue(p: PreparedIssue): Promise<InvoiceDto> {
    return this.batcher ? this.batcher.submit(p) : this.executor.issueOne(p);
  }

  /** Per-process counters (for tests and diagnostics): batch sizes, items waiting, outcomes. */
  get stats(): IssueBatchStats {
    const batching = this.batcher?.stats ?? {
      batches: 0,
      items: 0,
      grouped: 0,
      largest: 0,
      queued: 0,
      running: 0,
    };
    return { ...batching, ...this.executor.outcomes };
  }
}
