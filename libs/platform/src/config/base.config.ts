import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Settings every app shares. Defaults suit a single developer machine with Postgres and
 * Redis on loopback; production overrides them through the environment.
 */
export class BaseConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/jinshui';

  @Matches(/^redis:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /**
   * Longest wait, in milliseconds, for a Postgres connection (a new one, or a free one of
   * the pool) before the request fails with 503 SERVICE_UNAVAILABLE: a Postgres behind a
   * network that drops packets would otherwise hold every request until TCP gives up.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DATABASE_CONNECT_TIMEOUT_MS = 5000;

  /** Namespace for every bull key, so that test runs and deployments never share jobs. */
  @Matches(/^[a-z0-9:_-]{1,64}$/i, { message: 'BULL_PREFIX must be 1-64 characters of [a-z0-9:_-]' })
  BULL_PREFIX = 'jinshui';

  /** Largest JSON body accepted, in bytes. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  JSON_BODY_LIMIT = 1024 * 1024;

  @IsString()
  TZ_BUSINESS = 'Asia/Shanghai';
}
