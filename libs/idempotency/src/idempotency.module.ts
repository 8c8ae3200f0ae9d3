import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IDEMPOTENCY_STORE, IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';

/** Idempotency keys for one app, stored in its own schema's table (e.g. `issuance.idempotency_keys`). */
@Module({})
export class IdempotencyModule {
  static forRoot(table: `${string}.idempotency_keys`): DynamicModule {
    return {
      module: IdempotencyModule,
      global: true,
      providers: [
        {
          provide: IDEMPOTENCY_STORE,
          inject: [getDataSourceToken()],
          useFactory: (db: DataSource) => new IdempotencyStore(db, table),
        },
        IdempotencyInterceptor,
      ],
      exports: [IDEMPOTENCY_STORE, IdempotencyInterceptor],
    };
  }
}
