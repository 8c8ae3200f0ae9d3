import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The address the per-IP limits count: `req.ip`, which is the socket's peer unless
 * TRUST_PROXY names the load balancers whose X-Forwarded-For is believed.
 */
export function clientIp(req: FastifyRequest): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** The request's client address, as the per-IP limits count it. */
export const ClientIp = createParamDecorator((_: unknown, ctx: ExecutionContext): string =>
  clientIp(ctx.switchToHttp().getRequest<FastifyRequest>()),
);
