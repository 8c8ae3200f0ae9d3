import type { Request } from 'express';
import { routeLabel, UNMATCHED_ROUTE } from './http-metrics.middleware';

const req = (route: unknown, baseUrl = ''): Request => ({ route, baseUrl }) as unknown as Request;

describe('routeLabel', () => {
  it('is the pattern of the route that answered, never the URL', () => {
    expect(routeLabel(req({ path: '/v1/invoices/:id' }))).toBe('/v1/invoices/:id');
  });

  it('prefixes the mount path of a mounted router', () => {
    expect(routeLabel(req({ path: '/api/queues/:queueName' }, '/admin/queues'))).toBe(
      '/admin/queues/api/queues/:queueName',
    );
    expect(routeLabel(req(undefined, '/admin/queues/static'))).toBe('/admin/queues/static/*');
  });

  it('is "unmatched" when no route answered, even after catch-all middleware routes', () => {
    expect(routeLabel(req(undefined))).toBe(UNMATCHED_ROUTE);
    expect(routeLabel(req({ path: '/{*path}' }))).toBe(UNMATCHED_ROUTE);
    expect(routeLabel(req({ path: '*' }))).toBe(UNMATCHED_ROUTE);
  });
});
