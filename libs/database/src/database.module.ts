import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BaseConfig } from '@app/platform';
import { dataSourceOptions } from './data-source-options';

/** TypeORM for an app, from the shared options; the app names itself in pg_stat_activity. */
@Module({})
export class DatabaseModule {
  static forRoot(app: string, poolSize = 10): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [BaseConfig],
          useFactory: (config: BaseConfig) =>
            dataSourceOptions(
              config.DATABASE_URL,
              `jinshui-${app}`,
              poolSize,
              config.DATABASE_CONNECT_TIMEOUT_MS,
            ),
        }),
      ],
    };
  }
}
