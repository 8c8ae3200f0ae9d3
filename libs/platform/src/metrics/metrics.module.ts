import { Module } from '@nestjs/common';
import { collectDefaultMetrics, register } from 'prom-client';
import { MetricsController } from './metrics.controller';

let defaultsCollected = false;

/**
 * `GET /metrics` in the Prometheus text format, from prom-client's default registry: the
 * process metrics, `jinshui_http_request_duration_seconds` (recorded by the middleware
 * that `configureHttpApp` installs), plus whatever the app registers there (audit run and
 * partition durations, findings per category). Per process: with HTTP_WORKERS > 1 each
 * worker answers for itself.
 */
@Module({ controllers: [MetricsController] })
export class MetricsModule {
  constructor() {
    // Once per process: tests boot several apps in one process, and prom-client refuses
    // to register a metric name twice.
    if (!defaultsCollected) {
      collectDefaultMetrics({ register });
      defaultsCollected = true;
    }
  }
}
