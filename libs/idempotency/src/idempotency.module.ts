import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { IDEMPOTENCY_STORE, IdempotentExchangePipe } from './idempotent-route';
import { IdempotencyStore } from './idempotency-store';
import { ProcessLease } from './process-lease';

/** Holds this process's lease from boot to shutdown: markers it writes name it. */
@Injectable()
class ProcessLeaseHolder implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(ProcessLease) private readonly lease: ProcessLease) {}

  onApplicationBootstrap(): Promise<void> {
    return this.lease.hold();
  }

  onApplicationShutdown(): Promise<void> {
    return this.lease.close();
  }
}

/** Idempotency keys for one app, stored in its own schema's table (e.g. `issuance.idempotency_keys`). */
@Module({})
export class IdempotencyModule {
  static forRoot(table: `${string}.idempotency_keys`): DynamicModule {
    return {
      module: IdempotencyModule,
      global: true,
      providers: [
        {
          provide: ProcessLease,
          inject: [getDataSourceToken()],
          useFactory: (db: DataSource) => new ProcessLease((db.options as PostgresDataSourceOptions).url!),
        },
        ProcessLeaseHolder,
        {
          provide: IDEMPOTENCY_STORE,
          inject: [getDataSourceToken(), ProcessLease],
          useFactory: (db: DataSource, lease: ProcessLease) => new IdempotencyStore(db, table, lease),
        },
        IdempotentExchangePipe,
      ],
      exports: [IDEMPOTENCY_STORE, IdempotentExchangePipe],
    };
  }
}
