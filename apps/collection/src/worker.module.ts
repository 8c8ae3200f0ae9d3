import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { IdempotencyModule } from '@app/idempotency';
import { loadSettings, platformModules, SettingOverrides } from '@app/platform';
import { QueueModule } from '@app/queue';
import { CollectionConfig } from './config/collection.config';
import { UploadsModule } from './uploads/uploads.module';

/** The collection upload worker alone, without HTTP: scale it out separately (worker.ts). */
@Module({})
export class CollectionWorkerModule {
  /**
   * Reads the collection settings (the environment, `overrides` on top) when called, not when this
   * file is imported: a malformed one throws ConfigError here, and a test gives its own.
   */
  static forRoot(overrides: SettingOverrides = {}): DynamicModule {
    const config = loadSettings(CollectionConfig, overrides);
    return {
      module: CollectionWorkerModule,
      imports: [
        ...platformModules('collection-worker', config, { http: false }),
        DatabaseModule.forRoot('collection-worker', 10),
        QueueModule.forRoot(),
        // The claim and seller-copy modules the pipeline reuses bring their (unmounted) controllers.
        IdempotencyModule.forRoot('collection.idempotency_keys'),
        UploadsModule.register({ http: false, worker: true }),
      ],
    };
  }
}
