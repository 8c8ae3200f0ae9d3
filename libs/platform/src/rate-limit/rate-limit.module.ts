import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CredentialFailureLimiter } from './credential-failure-limiter';
import { PublicRateLimitGuard } from './public-rate-limit.guard';
import { RequestRateLimiter } from './request-rate-limiter';

/**
 * The abuse limits (request rates and credential failures) every HTTP app shares, and the
 * per-IP limit of public routes (a global guard); needs RedisModule.
 */
@Global()
@Module({
  providers: [
    RequestRateLimiter,
    CredentialFailureLimiter,
    { provide: APP_GUARD, useClass: PublicRateLimitGuard },
  ],
  exports: [RequestRateLimiter, CredentialFailureLimiter],
})
export class RateLimitModule {}
