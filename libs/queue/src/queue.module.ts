import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module } from '@nestjs/common';
import { BaseConfig } from '@app/platform';
import { DEFAULT_JOB_OPTIONS, QUEUE_REDIS_OPTIONS } from './queue-defaults';

/**
 * bull's shared Redis settings: one prefix per deployment or test run (BULL_PREFIX), so
 * that jobs left over by another run are never picked up.
 */
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [BaseConfig],
          useFactory: (config: BaseConfig) => ({
            url: config.REDIS_URL,
            prefix: config.BULL_PREFIX,
            redis: QUEUE_REDIS_OPTIONS,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
      ],
    };
  }
}
