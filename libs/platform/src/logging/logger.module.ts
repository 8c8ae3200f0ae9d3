import { DynamicModule, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule } from 'nestjs-pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * The request's correlation id: a well-formed `X-Request-Id`, or one made here. Kept on the
 * Node request, so that Fastify (`request.id`) and pino-http, which both ask, get the same one.
 */
export function requestIdOf(req: IncomingMessage & { id?: unknown }): string {
  if (typeof req.id === 'string') return req.id;
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  req.id = id;
  return id;
}

/** Whether a logger at `level` writes pino-http's info-level "request completed" lines. */
function logsRequests(level: string): boolean {
  return ['trace', 'debug', 'info'].includes(level);
}

/**
 * Structured JSON logs (pino). Every HTTP request gets a correlation id, taken from a
 * well-formed `X-Request-Id` header or made here, which the app passes on to the jobs it
 * starts. Credentials, keys and bodies are never logged.
 */
@Module({})
export class AppLoggerModule {
  static forRoot(app: string, level: string): DynamicModule {
    return {
      module: AppLoggerModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level,
            base: { app },
            genReqId: requestIdOf,
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                'req.headers["idempotency-key"]',
                'res.headers["set-cookie"]',
              ],
              censor: '[redacted]',
            },
            // The request line is logged at info: at a higher level nothing would be written,
            // and timing every response for it cost ~20 µs a request (docs/benchmarks.md).
            autoLogging: logsRequests(level) && { ignore: (req: IncomingMessage) => req.url === '/health' },
            serializers: {
              req: (req: { id: string; method: string; url: string }) => ({
                id: req.id,
                method: req.method,
                url: req.url,
              }),
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
