import { INestApplication, Type } from '@nestjs/common';
import request from 'supertest';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { BureauAppModule } from '../../apps/bureau/src/app.module';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { createTestApp } from '@app/testing';

const APPS: [string, Type<unknown>][] = [
  ['issuance', IssuanceAppModule],
  ['collection', CollectionAppModule],
  ['audit', AuditAppModule],
  ['bureau', BureauAppModule],
];

describe.each(APPS)('%s app', (_name, module) => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp(module);
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

  it('answers an unknown route with the error model', async () => {
    const res = await request(app.getHttpServer()).get('/v1/nothing-here').expect(404);
    expect(res.body).toEqual({ code: 'ROUTE_NOT_FOUND', message: 'No route GET /v1/nothing-here.' });
  });
});
