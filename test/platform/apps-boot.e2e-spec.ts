import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createTestApp } from '@app/testing';
import { APP_MODULES } from '../support/app-modules';

describe.each(Object.entries(APP_MODULES))('%s app', (_name, module) => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp(module.forRoot());
  });
  afterAll(() => app.close());

  it('reports Postgres and Redis healthy on GET /health', async () => {
    const res = await request(app.getHttpServer()).get('/health').expect(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      info: { postgres: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('serves OpenAPI at /docs', async () => {
    await request(app.getHttpServer()).get('/docs').expect(200).expect('content-type', /html/);
    const spec = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(spec.body.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.body.paths)).toContain('/health');
  });

  it('serves Prometheus metrics on GET /metrics, with the request-duration histogram', async () => {
    const first = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(first.headers['content-type']).toMatch(/^text\/plain/);
    expect(first.text).toContain('process_cpu_user_seconds_total');
    await request(app.getHttpServer()).get('/health').expect(200);
    const after = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(after.text).toContain('# TYPE jinshui_http_request_duration_seconds histogram');
    // The apps share one registry in this process: this app's request must add to the count.
    expect(healthCount(after.text)).toBe(healthCount(first.text) + 1);
  });

  it('labels requests by route pattern, never by raw URL', async () => {
    await request(app.getHttpServer()).get('/v1/nothing-here/id-zq9x').expect(404);
    const res = await request(app.getHttpServer()).get('/metrics').expect(200);
    expect(res.text).toMatch(
      /jinshui_http_request_duration_seconds_count\{[^}]*route="unmatched"[^}]*status="404"/,
    );
    expect(res.text).not.toContain('id-zq9x');
  });

  it('answers an unknown route with the error model', async () => {
    const res = await request(app.getHttpServer()).get('/v1/nothing-here').expect(404);
    expect(res.body).toEqual({ code: 'ROUTE_NOT_FOUND', message: 'No route GET /v1/nothing-here.' });
  });
});

/** Observations of GET /health → 200 so far, read from the exposition text. */
function healthCount(metrics: string): number {
  const line = metrics
    .split('\n')
    .find(
      (l) =>
        l.startsWith('jinshui_http_request_duration_seconds_count{') &&
        l.includes('method="GET"') &&
        l.includes('route="/health"') &&
        l.includes('status="200"'),
    );
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}
