import { MIGRATIONS } from '@app/migrations';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';

/**
 * The one TypeORM configuration: the apps, the migration CLI and the tests all build
 * their data source from this, so they cannot drift. The schema comes only from
 * migrations (`synchronize: false`).
 */
export function dataSourceOptions(
  url: string,
  applicationName = 'jinshui',
  poolSize = 10,
  connectTimeoutMs = 5000,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    applicationName,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // TypeORM's own error log prints query parameters (token hashes, keys): errors surface through our filter instead.
    logging: false,
    // pg-pool's wait for a connection, new or pooled: past it the query fails ("timeout
    // exceeded when trying to connect"), which the HTTP apps answer with 503.
    extra: { max: poolSize, connectionTimeoutMillis: connectTimeoutMs },
  };
}
