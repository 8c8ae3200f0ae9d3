import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Histogram, register } from 'prom-client';

export const HTTP_REQUEST_DURATION_METRIC = 'jinshui_http_request_duration_seconds';

/** Label of requests that no route answered (404s, URLs the router cannot decode): never the raw URL. */
export const UNMATCHED_ROUTE = 'unmatched';

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
 * The route pattern that answered (`/v1/invoices/:id`, `/dashboard/*`), so that the label
 * set stays bounded whatever URLs clients send.
 */
export function routeLabel(request: Pick<FastifyRequest, 'is404' | 'routeOptions'>): string {
  const url = request.is404 ? undefined : request.routeOptions.url;
  return url ?? UNMATCHED_ROUTE;
}

/**
 * Times every request into `jinshui_http_request_duration_seconds`, from Fastify's clock
 * (`reply.elapsedTime`, started as the request arrived): it also sees requests refused
 * before any route (bad JSON, 404) and by guards (401/403).
 */
export function addHttpRequestMetrics(fastify: FastifyInstance): void {
  const histogram = httpRequestDuration();
  fastify.addHook('onResponse', (request, reply, done) => {
    histogram.observe(
      { method: request.method, route: routeLabel(request), status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
