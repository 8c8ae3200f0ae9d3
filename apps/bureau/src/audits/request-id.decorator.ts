import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/**
 * The request's correlation id (pino-http: a well-formed `X-Request-Id`, or one made for
 * it), which a run started by the request carries into its jobs and logs.
 */
export const RequestId = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined => {
  const id = ctx.switchToHttp().getRequest<Request>().id;
  return typeof id === 'string' ? id : undefined;
});
