import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AppConfigModule, AppLoggerModule, HealthModule, loadConfig, RedisModule } from '@app/platform';
import { QueueModule } from '@app/queue';
import { AuditConfig } from './config/audit.config';

const config = loadConfig(AuditConfig);

/** The audit worker: bull processors and the nightly schedule; HTTP only for health and docs. */
@Module({
  imports: [
    AppConfigModule.forRoot(config),
    AppLoggerModule.forRoot('audit', config.LOG_LEVEL),
    DatabaseModule.forRoot('audit'),
    RedisModule,
    QueueModule.forRoot(),
    HealthModule,
  ],
})
export class AuditAppModule {}
