import { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { configureHttpApp } from '@app/platform';

/**
 * Boots a real app module (real Postgres, real Redis) with exactly the HTTP pipeline of
 * production (`configureHttpApp`), ready for supertest.
 */
export async function createTestApp(module: Type<unknown>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [module] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
  configureHttpApp(app, { title: 'test', description: 'test', auth: 'none' });
  await app.init();
  return app;
}
