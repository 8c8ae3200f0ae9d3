import { DynamicModule, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The process's root pino logger (`configureHttpApp` logs each request through it). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * The request's correlation id: a well-formed `X-Request-Id`, or one made here. Kept on the
 * Node request, so that everything that asks gets the same one (Fastify's `request.id`).
 */
export function requestIdOf(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  req.id = id;
  return id;
}

/**
 * Structured JSON logs (pino), through Nest's Logger (nestjs-pino). Every HTTP request gets a
 * correlation id, taken from a well-formed `X-Request-Id` header or made here, which the app
 * passes on to the jobs it starts; its log lines carry it (`addRequestLogging`). Credentials,
 * keys and bodies are never logged.
 */
@Module({})
export class AppLoggerModule {
  static forRoot(app: string, level: string): DynamicModule {
    const root = pino({
      level,
      base: { app },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'],
        censor: '[redacted]',
      },
    });
    return {
      module: AppLoggerModule,
      imports: [
        // nestjs-pino for Nest's Logger; its per-request middleware (pino-http through middie)
        // is not mounted: `addRequestLogging` does that work on Fastify's hooks.
        LoggerModule.forRoot({ pinoHttp: { logger: root }, forRoutes: [] }),
      ],
      providers: [{ provide: ROOT_LOGGER, useValue: root }],
      exports: [LoggerModule, ROOT_LOGGER],
    };
  }
}
