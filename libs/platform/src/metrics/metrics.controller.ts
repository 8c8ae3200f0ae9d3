import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { register } from 'prom-client';
import { Public } from '../http/public-route.decorator';

@ApiTags('health')
@Public()
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
