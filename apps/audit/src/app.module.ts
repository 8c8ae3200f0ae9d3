import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { AuditRunsModule } from '@app/audit-runs';
import { DatabaseModule } from '@app/database';
import { loadSettings, platformModules, SettingOverrides } from '@app/platform';
import { AUDIT_CONTROL_QUEUE, QueueModule, stalledJobSettings } from '@app/queue';
import { QueueDashboardModule } from './admin/queue-dashboard.module';
import { AuditConfig } from './config/audit.config';
import { ControlProcessor } from './control/control.processor';
import { RunFinalizerRepository } from './finalize/run-finalizer.repository';
import { CircularTradingRule } from './risk/circular-trading.rule';
import { RiskStageRepository } from './risk/risk-stage.repository';
import { TradeGraphRepository } from './risk/trade-graph.repository';
import { PartitionAuditRepository } from './matching/partition-audit.repository';
import { PartitionStatisticsRepository } from './matching/partition-statistics.repository';
import { PartitionProcessor } from './matching/partition.processor';
import { AuditMetrics } from './metrics/audit-metrics';
import { NightlyAuditService } from './nightly/nightly-audit.service';
import { RunSweepRepository } from './sweep/run-sweep.repository';
import { RunSweeperService } from './sweep/run-sweeper.service';

/** The audit worker: bull processors and the nightly schedule; HTTP only for health and metrics. */
@Module({})
export class AuditAppModule {
  /**
   * Reads the audit settings (the environment, `overrides` on top) when called, not when this
   * file is imported: a malformed one throws ConfigError here, and a test gives its own.
   */
  static forRoot(overrides: SettingOverrides = {}): DynamicModule {
    const config = loadSettings(AuditConfig, overrides);
    return {
      module: AuditAppModule,
      imports: [
        ...platformModules('audit', config, { http: true }),
        // Partition jobs at once, plus the control worker, plus the sweep and health checks.
        DatabaseModule.forRoot('audit', config.AUDIT_CONCURRENCY + 3),
        QueueModule.forRoot(),
        AuditRunsModule.forRoot({ jobLockMs: config.AUDIT_JOB_LOCK_MS }),
        BullModule.registerQueue({
          name: AUDIT_CONTROL_QUEUE,
          settings: stalledJobSettings(config.AUDIT_JOB_LOCK_MS),
        }),
        QueueDashboardModule,
      ],
      providers: [
        AuditMetrics,
        PartitionAuditRepository,
        PartitionStatisticsRepository,
        RunFinalizerRepository,
        RiskStageRepository,
        CircularTradingRule,
        TradeGraphRepository,
        PartitionProcessor,
        NightlyAuditService,
        ControlProcessor,
        RunSweepRepository,
        RunSweeperService,
      ],
    };
  }
}
