import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The request's correlation id (`requestIdOf`: a well-formed `X-Request-Id`, or one made
 * for it), which a run started by the request carries into its jobs and logs.
 */
export const RequestId = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string => ctx.switchToHttp().getRequest<FastifyRequest>().id,
);
