import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { AUDIT_PARTITIONS_QUEUE, stalledJobSettings } from '@app/queue';
import { AuditInputRepository } from './audit-input.repository';
import { AuditPartitionLayoutRepository } from './audit-partition-layout.repository';
import { AuditRunLauncherService } from './audit-run-launcher.service';
import { AuditRunsRepository } from './audit-runs.repository';
import { BacktestPreflightService } from './backtest-preflight.service';
import { RuleSetsRepository } from './rule-sets.repository';

export interface AuditRunsModuleOptions {
  /**
   * How long a worker's hold on a partition job lasts without renewal: a worker that dies
   * has its job handed to another after this long. Matters only where jobs are processed.
   */
  jobLockMs?: number;
}

/** Starting and reading audit runs; needs DatabaseModule and QueueModule.forRoot() in the app. */
@Module({})
export class AuditRunsModule {
  static forRoot(options: AuditRunsModuleOptions = {}): DynamicModule {
    const queue = BullModule.registerQueue({
      name: AUDIT_PARTITIONS_QUEUE,
      settings: stalledJobSettings(options.jobLockMs ?? 30_000),
    });
    const providers = [
      AuditPartitionLayoutRepository,
      AuditRunsRepository,
      RuleSetsRepository,
      AuditRunLauncherService,
      AuditInputRepository,
      BacktestPreflightService,
    ];
    return { module: AuditRunsModule, imports: [queue], providers, exports: [...providers, queue] };
  }
}
