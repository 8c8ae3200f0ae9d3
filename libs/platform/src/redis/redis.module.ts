import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { BaseConfig } from '../config';
import Redis from 'ioredis';

/** Injection token for the shared ioredis connection (health checks, rate limits). */
export const REDIS = Symbol('REDIS');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * One Redis connection per process for everything that is not a bull queue (abuse-limit
 * counters, health). A command sent while it (re)connects waits in the offline queue, so
 * a request that arrives as the app boots or Redis comes back is served; once two
 * reconnection attempts have failed it is refused, and the request answers 503.
 */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [BaseConfig],
      useFactory: (config: BaseConfig) =>
        new Redis(config.REDIS_URL, {
          maxRetriesPerRequest: 2,
          enableOfflineQueue: true,
          lazyConnect: false,
          enableAutoPipelining: true,
        }),
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
