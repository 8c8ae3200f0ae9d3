import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { IdempotencyModule } from '@app/idempotency';
import { AppConfigModule, AppLoggerModule, loadConfig, RedisModule } from '@app/platform';
import { QueueModule } from '@app/queue';
import { CollectionConfig } from './config/collection.config';
import { UploadsModule } from './uploads/uploads.module';

const config = loadConfig(CollectionConfig);

/** The collection upload worker alone, without HTTP: scale it out separately (worker.ts). */
@Module({
  imports: [
    AppConfigModule.forRoot(config),
    AppLoggerModule.forRoot('collection-worker', config.LOG_LEVEL),
    DatabaseModule.forRoot('collection-worker', 10),
    RedisModule,
    QueueModule.forRoot(),
    // The claim and seller-copy modules the pipeline reuses bring their (unmounted) controllers.
    IdempotencyModule.forRoot('collection.idempotency_keys'),
    UploadsModule.register({ http: false, worker: true }),
  ],
})
export class CollectionWorkerModule {}
