import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { BaseConfig, HttpAppConfig } from '../config';
import { httpRequestMetrics } from '../metrics/http-metrics.middleware';
import { documentRateLimits } from '../rate-limit/rate-limit.openapi';
import { answerClientErrorsAsJson } from './client-errors';
import { DomainErrorFilter } from './domain-error.filter';
import { strictJsonBody } from './json-body';
import { withCommonErrors } from './openapi-errors';
import { TextRulePipe } from './text-rule.pipe';
import { urlTextRule } from './url-text.middleware';
import { createValidationPipe } from './validation.pipe';

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Security schemes the OpenAPI document advertises. */
  auth?: 'bearer-jwt' | 'bearer-api-key' | 'none';
}

/**
 * Everything that makes an app speak our HTTP dialect: strict JSON bodies and the text
 * rule (ADR 0020), the global validator and error filter, pino logs, the request-duration metric and OpenAPI at /docs.
 * `main.ts` and the e2e tests both call this, so tests exercise exactly the pipeline
 * production runs.
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const config = app.get(BaseConfig);
  const express = app as NestExpressApplication;
  express.disable('x-powered-by');
  // req.ip, which the per-IP limits count, is the real client only behind trusted proxies.
  express.set('trust proxy', app.get(HttpAppConfig).trustProxy);
  app.useLogger(app.get(Logger));
  // First, so that requests refused by the body parser are timed too.
  app.use(httpRequestMetrics());
  // Hostile input is refused where it is parsed, before any guard or service reads it.
  app.use(urlTextRule());
  app.use(strictJsonBody(config.JSON_BODY_LIMIT));
  app.useGlobalPipes(new TextRulePipe(), createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  answerClientErrorsAsJson(app.getHttpServer());
  app.enableShutdownHooks();
  keepConnectionsAlive(app);

  const builder = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1');
  if (options.auth === 'bearer-jwt')
    builder.addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  if (options.auth === 'bearer-api-key')
    builder.addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Enterprise API key' });
  const document = withCommonErrors(SwaggerModule.createDocument(app, builder.build()));
  documentRateLimits(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** Creates an app with our body parser in place of Nest's default one. */
export function createHttpApp(module: Type<unknown>): Promise<INestApplication> {
  return NestFactory.create(module, { bodyParser: false, bufferLogs: true });
}

/**
 * Node closes an idle keep-alive connection after 5 s, and a client that reuses it at that
 * instant gets ECONNRESET for a request the app never saw, which it may not retry (a POST
 * without an Idempotency-Key). Idle connections stay open longer than clients and load
 * balancers keep theirs (60 s is the usual idle timeout), so it is the client that closes.
 */
function keepConnectionsAlive(app: INestApplication): void {
  const server = app.getHttpServer() as { keepAliveTimeout: number; headersTimeout: number };
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
}
