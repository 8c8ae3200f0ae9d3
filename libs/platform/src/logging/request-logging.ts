import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger as PinoInstance } from 'pino';
import { storage } from 'nestjs-pino/storage';

/** What a log line says about its request: never headers or the body. */
function requestFields(request: FastifyRequest): { id: string; method: string; url: string } {
  return { id: request.id, method: request.method, url: request.url };
}

/**
 * Request logging on Fastify's hooks, in place of pino-http (ADR 0028):
 * - every line logged while a request is served (Nest's Logger, through nestjs-pino) carries
 *   `req: { id, method, url }`. The request's child logger is made on the first such line,
 *   not for every request: most requests log nothing of their own;
 * - one `request completed` line (`request errored` for a 5xx) with the status and the
 *   response time, at info, except for GET /health; at a level above info, nothing is done
 *   for it.
 */
export function addRequestLogging(fastify: FastifyInstance, root: PinoInstance): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    let child: PinoInstance | undefined;
    const store = {
      get logger(): PinoInstance {
        return (child ??= root.child({ req: requestFields(request) }));
      },
      // PinoLogger.assign() replaces it with a child that has more fields.
      set logger(value: PinoInstance) {
        child = value;
      },
      responseLogger: undefined,
    };
    storage.run(store, done);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.url !== '/health' && root.isLevelEnabled('info')) {
      root.info(
        {
          req: requestFields(request),
          res: { statusCode: reply.statusCode },
          responseTime: Math.round(reply.elapsedTime),
        },
        reply.statusCode >= 500 ? 'request errored' : 'request completed',
      );
    }
    done();
  });
}
