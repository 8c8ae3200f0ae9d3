import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import { BaseConfig, HttpAppConfig } from '../config';
import { requestIdOf, ROOT_LOGGER } from '../logging/logger.module';
import { addRequestLogging } from '../logging/request-logging';
import { addHttpRequestMetrics } from '../metrics/http-metrics.hook';
import { answerClientErrorAsJson } from './client-errors';
import { DomainErrorFilter, sendError } from './domain-error.filter';
import { registerStrictJsonBody } from './json-body';
import { documentErrors } from './openapi-errors';
import { TextRulePipe } from './text-rule.pipe';
import { addUrlTextRule, checkUrlText } from './url-text.hook';
import { createValidationPipe } from './validation.pipe';

export interface HttpAppOptions {
  title: string;
  description: string;
  /** Security schemes the OpenAPI document advertises. */
  auth?: 'bearer-jwt' | 'bearer-api-key' | 'none';
}

type TrustProxy = (address: string, hop: number) => boolean;

/** The proxies each adapter trusts, set by `configureHttpApp` from the app's TRUST_PROXY. */
const trustOfAdapter = new WeakMap<FastifyAdapter, { trust: TrustProxy }>();

/** TRUST_PROXY as proxy-addr takes it, with Express' meaning of a hop count. */
function compileTrust(setting: false | number | string[]): TrustProxy {
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return proxyAddr.compile(setting);
}

/**
 * Nest's Fastify platform (ADR 0028), with the options every app shares:
 * - the client address (`request.ip`, which the per-IP limits count) believes
 *   X-Forwarded-For only from TRUST_PROXY's proxies. Fastify wants that function when it is
 *   built, before the app's settings are read, so it asks one that `configureHttpApp` fills;
 * - Node closes an idle keep-alive connection after 5 s, and a client that reuses it at that
 *   instant gets ECONNRESET for a request the app never saw, which it may not retry (a POST
 *   without an Idempotency-Key). Idle connections stay open longer than clients and load
 *   balancers keep theirs (60 s is the usual idle timeout), so it is the client that closes;
 * - path parameters are as long as the request head allows (Fastify's 100-character cap
 *   would turn a long id into a 414 before our validation names the field);
 * - `/v1/invoices/` is `/v1/invoices`, as it was under Express;
 * - requests Node's parser refuses, and URLs the router cannot decode, get our error model.
 */
export function createHttpAdapter(): FastifyAdapter {
  const proxies = { trust: compileTrust(false) };
  const adapter = new FastifyAdapter({
    trustProxy: (address: string, hop: number) => proxies.trust(address, hop),
    keepAliveTimeout: 65_000,
    // Node's own limit on receiving one request (slow-loris), which Fastify turns off by default.
    requestTimeout: 300_000,
    routerOptions: { maxParamLength: 16_384, ignoreTrailingSlash: true },
    genReqId: requestIdOf,
    // While closing, Fastify would answer new requests on open connections itself, with a
    // 503 outside the error model; they are served (with Connection: close), as under Express.
    return503OnClosing: false,
    clientErrorHandler: answerClientErrorAsJson,
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) =>
      sendError(request, reply, checkUrlText(request.raw.url ?? '/') ?? error),
  });
  trustOfAdapter.set(adapter, proxies);
  return adapter;
}

/**
 * Everything that makes an app speak our HTTP dialect: strict JSON bodies and the text
 * rule (ADR 0020), the global validator and error filter, request logs, the request-duration
 * metric and OpenAPI at /docs, where each route lists the error codes it may answer.
 * `main.ts` and the e2e tests both call this, so tests exercise exactly the pipeline
 * production runs.
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const config = app.get(BaseConfig);
  const adapter = app.getHttpAdapter() as FastifyAdapter;
  const proxies = trustOfAdapter.get(adapter);
  if (!proxies) throw new Error('configureHttpApp needs an app made on createHttpAdapter()');
  proxies.trust = compileTrust(app.get(HttpAppConfig).trustProxy);
  const fastify = adapter.getInstance<FastifyInstance>();
  app.useLogger(app.get(Logger));
  // First, so that requests refused by the URL rule or the body parser are timed and logged too.
  addHttpRequestMetrics(fastify);
  addRequestLogging(fastify, app.get(ROOT_LOGGER));
  // Hostile input is refused where it is parsed, before any guard or service reads it.
  addUrlTextRule(fastify);
  registerStrictJsonBody(fastify, config.JSON_BODY_LIMIT);
  app.useGlobalPipes(new TextRulePipe(), createValidationPipe());
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  const server = app.getHttpServer() as { headersTimeout: number };
  server.headersTimeout = 66_000;

  const builder = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1');
  if (options.auth === 'bearer-jwt')
    builder.addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  if (options.auth === 'bearer-api-key')
    builder.addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Enterprise API key' });
  const document = documentErrors(app, SwaggerModule.createDocument(app, builder.build()));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** Creates an app on our Fastify adapter (Nest's body parsers off: ours is registered by `configureHttpApp`). */
export function createHttpApp(module: DynamicModule): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(module, createHttpAdapter(), {
    bodyParser: false,
    bufferLogs: true,
  });
}
