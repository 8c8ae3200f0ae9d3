import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiErrors } from '../http/api-errors.decorator';
import { Public } from '../http/public-route.decorator';
import { SkipRateLimit } from '../rate-limit/public-rate-limit.guard';
import { RedisHealthIndicator } from './redis-health-indicator';

@ApiTags('health')
// An operators' probe: never rate-limited (docs/access-and-limits.md).
@Public()
@SkipRateLimit()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness and readiness: Postgres and Redis reachable (503 otherwise)' })
  // terminus' 503, which the filter answers as SERVICE_UNAVAILABLE with each store's status.
  @ApiErrors('SERVICE_UNAVAILABLE')
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('postgres', { timeout: 1500 }),
      () => this.redis.isHealthy('redis'),
    ]);
  }
}
