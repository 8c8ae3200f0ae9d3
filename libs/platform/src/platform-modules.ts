import type { DynamicModule, Type } from '@nestjs/common';
import { AppConfigModule } from './config/config.module';
import type { BaseConfig } from './config/base.config';
import { HealthModule } from './health/health.module';
import { AppLoggerModule } from './logging/logger.module';
import { MetricsModule } from './metrics/metrics.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { RedisModule } from './redis/redis.module';

/**
 * What every app module's `forRoot` starts with: its settings (`config`, loaded there),
 * logging under the app's name, Redis, and for an app that serves HTTP the rate limits,
 * /health and /metrics. The database is the app's own line (its pool size differs).
 */
export function platformModules(
  app: string,
  config: BaseConfig,
  options: { http: boolean },
): (Type<unknown> | DynamicModule)[] {
  const base = [AppConfigModule.forRoot(config), AppLoggerModule.forRoot(app, config.LOG_LEVEL), RedisModule];
  return options.http ? [...base, RateLimitModule, HealthModule, MetricsModule] : base;
}
