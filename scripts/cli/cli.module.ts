import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { AuditRunsModule } from '@app/audit-runs';
import { DatabaseModule, RegistryDataModule } from '@app/database';
import { AppConfigModule } from '@app/platform';
import { QueueModule, UPLOADS_QUEUE } from '@app/queue';
import { ReviewModule } from '@app/review';
import { AuditsRepository } from '../../apps/bureau/src/audits/audits.repository';
import { UploadRecovery } from '../../apps/collection/src/uploads/upload-recovery.service';
import { UploadsRepository } from '../../apps/collection/src/uploads/uploads.repository';
import { AuditRunner } from './audit.runner';
import { CliConfig } from './cli.config';
import { CLI_IO, type CliIo } from './cli-io';
import { FindingsRunner } from './findings.runner';
import { UploadsRunner } from './uploads.runner';

/**
 * What one CLI command needs, and nothing more: `audit` records and enqueues a run
 * (AuditRunsModule, bull on the audit workers' BULL_PREFIX) and follows it in Postgres;
 * `findings` only reads Postgres (ReviewModule), so it works with Redis down; `uploads`
 * reconciles an upload's job (the uploads queue, on the collection workers' BULL_PREFIX).
 */
@Module({})
export class CliModule {
  static forRoot(
    config: CliConfig,
    io: CliIo,
    command: 'audit' | 'findings' | 'uploads-resume',
  ): DynamicModule {
    const common = [AppConfigModule.forRoot(config), DatabaseModule.forRoot('cli', 2), RegistryDataModule];
    const ioProvider: Provider = { provide: CLI_IO, useValue: io };
    if (command === 'audit') {
      return {
        module: CliModule,
        imports: [...common, QueueModule.forRoot(), AuditRunsModule.forRoot()],
        providers: [ioProvider, AuditsRepository, AuditRunner],
      };
    }
    if (command === 'uploads-resume') {
      return {
        module: CliModule,
        imports: [...common, QueueModule.forRoot(), BullModule.registerQueue({ name: UPLOADS_QUEUE })],
        providers: [ioProvider, UploadsRepository, UploadRecovery, UploadsRunner],
      };
    }
    return {
      module: CliModule,
      imports: [...common, ReviewModule],
      providers: [ioProvider, FindingsRunner],
    };
  }
}
