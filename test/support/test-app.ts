import { DynamicModule, INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModule } from '@nestjs/testing';
import { configureHttpApp, createHttpAdapter } from '@app/platform';

/**
 * Boots a real app module (real Postgres, real Redis) with exactly the HTTP pipeline of
 * production (`createHttpAdapter`, `configureHttpApp`), ready for supertest. `module` is an
 * app's `forRoot(settings)`: a file's own settings go there (see fileSettings).
 */
export async function createTestApp(module: DynamicModule): Promise<INestApplication> {
  return startTestApp(await Test.createTestingModule({ imports: [module] }).compile());
}

const routesOfApp = new WeakMap<INestApplication, string[]>();

/** The routes the app's root scope serves (`get /v1/invoices/:id`), as Fastify registered them. */
export function routesOf(app: INestApplication): string[] {
  return routesOfApp.get(app) ?? [];
}

async function startTestApp(moduleRef: TestingModule): Promise<NestFastifyApplication> {
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureHttpApp(app, { title: 'test', description: 'test', auth: 'none' });
  const routes: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      // Routes of the root scope: Nest's controllers and OpenAPI, not the plugins' files.
      if (route.prefix !== '') return;
      for (const method of [route.method].flat()) routes.push(`${method.toLowerCase()} ${route.url}`);
    });
  routesOfApp.set(app, routes);
  await app.init();
  // Fastify serves only once its plugins (static files, the queue board) are loaded.
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
