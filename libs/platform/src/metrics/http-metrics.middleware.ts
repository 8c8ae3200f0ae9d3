import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Histogram, register } from 'prom-client';

export const HTTP_REQUEST_DURATION_METRIC = 'jinshui_http_request_duration_seconds';

/** Label of requests that no route answered (404s, body-parser refusals): never the raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';

const CATCH_ALL = /^\/?(\{\*\w+\}|\*\w*)$/;

type HttpLabel = 'method' | 'route' | 'status';

/** The histogram of this process, created once: tests boot several apps in one process. */
function httpRequestDuration(): Histogram<HttpLabel> {
  const existing = register.getSingleMetric(HTTP_REQUEST_DURATION_METRIC);
  if (existing) return existing as Histogram<HttpLabel>;
  return new Histogram<HttpLabel>({
    name: HTTP_REQUEST_DURATION_METRIC,
    help: 'HTTP requests by method, route pattern and status, from first byte in to last byte out',
    labelNames: ['method', 'route', 'status'],
    // Bulk uploads stream for tens of seconds; most other requests are well under 100 ms.
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  });
}

/**
 * The route pattern that answered (`/v1/invoices/:id`), so that the label set stays
 * bounded whatever URLs clients send. Express leaves the matched route on the request;
 * a mounted router (the queue dashboard) contributes its literal mount path.
 */
export function routeLabel(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  // Nest registers `forRoutes('*')` middleware (the request logger) as the route
  // `/{*path}`: still the last match when no route of the app answered.
  if (typeof path === 'string' && !CATCH_ALL.test(path)) return `${req.baseUrl}${path}`;
  // Answered by middleware inside a mounted router (static files): its mount path only.
  if (req.baseUrl) return `${req.baseUrl}/*`;
  return UNMATCHED_ROUTE;
}

/**
 * Times every request into `jinshui_http_request_duration_seconds`. Registered first by
 * `configureHttpApp`, so it also sees requests refused before any route (bad JSON, 404)
 * and by guards (401/403). A request whose client goes away before the response is
 * finished is not observed: it has no status.
 */
export function httpRequestMetrics(): RequestHandler {
  const histogram = httpRequestDuration();
  return (req: Request, res: Response, next: NextFunction) => {
    const end = histogram.startTimer();
    res.once('finish', () => {
      end({ method: req.method, route: routeLabel(req), status: String(res.statusCode) });
    });
    next();
  };
}
