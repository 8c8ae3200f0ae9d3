import { Module } from '@nestjs/common';
import { DatabaseModule } from '@app/database';
import { AppConfigModule, AppLoggerModule, HealthModule, loadConfig, RedisModule } from '@app/platform';
import { CollectionConfig } from './config/collection.config';

const config = loadConfig(CollectionConfig);

/** The collection app: buyer claims, VAT returns, offline seller copies, bulk files. */
@Module({
  imports: [
    AppConfigModule.forRoot(config),
    AppLoggerModule.forRoot('collection', config.LOG_LEVEL),
    DatabaseModule.forRoot('collection'),
    RedisModule,
    HealthModule,
  ],
})
export class CollectionAppModule {}
