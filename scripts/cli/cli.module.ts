import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { AuditRunsModule, RuleSetsRepository } from '@app/audit-runs';
import { DatabaseModule, RegistryDataModule } from '@app/database';
import { AppConfigModule } from '@app/platform';
import { QueueModule, UPLOADS_QUEUE } from '@app/queue';
import { ReviewModule } from '@app/review';
import { UploadRecoveryService, UploadsRepository } from '../../apps/collection';
import type { Command } from './args';
import { AuditRunner } from './audit.runner';
import { CliConfig } from './cli.config';
import { CLI_IO, type CliIo } from './cli-io';
import { FindingsRunner } from './findings.runner';
import { RuleSetsRunner } from './rule-sets.runner';
import { UploadsRunner } from './uploads.runner';

/**
 * What one CLI command needs, and nothing more: `audit` and `backtest` record and enqueue a
 * run (AuditRunsModule, bull on the audit workers' BULL_PREFIX) and follow it in Postgres;
 * `findings` and `rule-sets` only read Postgres, so they work with Redis down; `uploads`
 * reconciles an upload's job (the uploads queue, on the collection workers' BULL_PREFIX).
 */
@Module({})
export class CliModule {
  static forRoot(config: CliConfig, io: CliIo, command: Exclude<Command['kind'], 'help'>): DynamicModule {
    const common = [AppConfigModule.forRoot(config), DatabaseModule.forRoot('cli', 2), RegistryDataModule];
    const ioProvider: Provider = { provide: CLI_IO, useValue: io };
    if (command === 'audit' || command === 'backtest') {
      return {
        module: CliModule,
        imports: [...common, QueueModule.forRoot(), AuditRunsModule.forRoot()],
        providers: [ioProvider, AuditRunner],
      };
    }
    if (command === 'rule-sets') {
      return {
        module: CliModule,
        imports: common,
        providers: [ioProvider, RuleSetsRepository, RuleSetsRunner],
      };
    }
    if (command === 'uploads-resume') {
      return {
        module: CliModule,
        imports: [...common, QueueModule.forRoot(), BullModule.registerQueue({ name: UPLOADS_QUEUE })],
        providers: [ioProvider, UploadsRepository, UploadRecoveryService, UploadsRunner],
      };
    }
    return {
      module: CliModule,
      imports: [...common, ReviewModule],
      providers: [ioProvider, FindingsRunner],
    };
  }
}
