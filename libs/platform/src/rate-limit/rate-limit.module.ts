import { Global, Module } from '@nestjs/common';
import { CredentialFailureLimiter } from './credential-failure-limiter';
import { RequestRateLimiter } from './request-rate-limiter';

/** The abuse limits (request rates and credential failures) every HTTP app shares; needs RedisModule. */
@Global()
@Module({
  providers: [RequestRateLimiter, CredentialFailureLimiter],
  exports: [RequestRateLimiter, CredentialFailureLimiter],
})
export class RateLimitModule {}
