import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { register } from 'prom-client';
import { Public } from '../http/public-route.decorator';
import { SkipRateLimit } from '../rate-limit/public-rate-limit.guard';

@ApiTags('health')
// An operators' probe: never rate-limited (docs/access-and-limits.md).
@Public()
@SkipRateLimit()
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', register.contentType)
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics of this process (process, event loop, and app-specific)' })
  metrics(): Promise<string> {
    return register.metrics();
  }
}
