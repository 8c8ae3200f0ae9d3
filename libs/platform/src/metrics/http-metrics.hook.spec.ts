import type { FastifyRequest } from 'fastify';
import { routeLabel, UNMATCHED_ROUTE } from './http-metrics.hook';

const req = (url: string | undefined, is404 = false) =>
  ({ is404, routeOptions: { url } }) as unknown as FastifyRequest;

describe('routeLabel', () => {
  it('is the pattern of the route that answered, never the URL', () => {
    expect(routeLabel(req('/v1/invoices/:id'))).toBe('/v1/invoices/:id');
    expect(routeLabel(req('/admin/queues/api/queues/:queueName'))).toBe(
      '/admin/queues/api/queues/:queueName',
    );
    expect(routeLabel(req('/dashboard/*'))).toBe('/dashboard/*');
  });

  it('is "unmatched" when no route answered', () => {
    expect(routeLabel(req(undefined))).toBe(UNMATCHED_ROUTE);
    expect(routeLabel(req('/*', true))).toBe(UNMATCHED_ROUTE);
  });
});
