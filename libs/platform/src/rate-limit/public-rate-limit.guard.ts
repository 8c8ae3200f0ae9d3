import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { DocumentedRoute, RouteError, RouteErrorSource } from '../http/api-errors.decorator';
import { OPTIONAL_CREDENTIAL, PUBLIC_ROUTE } from '../http/public-route.decorator';
import { clientIp } from './client-ip';
import { RequestRateLimiter } from './request-rate-limiter';

export const SKIP_RATE_LIMIT = 'jinshui:skip-rate-limit';

/**
 * The route is never rate-limited: operators' probes (GET /health, GET /metrics), which a
 * flood of clients from the same address must not blind. Only for routes that do no work a
 * stranger could multiply.
 */
export const SkipRateLimit = (): MethodDecorator & ClassDecorator => SetMetadata(SKIP_RATE_LIMIT, true);

/**
 * Global guard of every HTTP app: a @Public() route costs its caller one request of the
 * client IP's public budget (RATE_LIMIT_PUBLIC_*), unless @SkipRateLimit(). Routes behind
 * credentials are counted per enterprise or officer by their own guard instead, once the
 * credential is known, so that many clients behind one address do not share one budget;
 * so is a public route that takes an optional credential when the caller sends one (a
 * seller verifying its own invoices is an enterprise, and a wrong key a credential failure).
 */
@Injectable()
export class PublicRateLimitGuard implements CanActivate, RouteErrorSource {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RequestRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (!this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(SKIP_RATE_LIMIT, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const credentialSent = request.headers.authorization !== undefined;
    if (credentialSent && this.reflector.getAllAndOverride<boolean>(OPTIONAL_CREDENTIAL, targets))
      return true;
    await this.limiter.consume('public', clientIp(request));
    return true;
  }

  /** A public route pays the client IP's budget (the optional credential's guard documents the rest). */
  routeErrors(route: DocumentedRoute): readonly RouteError[] {
    const limited = route.metadata(PUBLIC_ROUTE) === true && route.metadata(SKIP_RATE_LIMIT) !== true;
    return limited ? RequestRateLimiter.ERRORS : [];
  }
}
