import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { UnauthenticatedError } from '@app/domain';
import {
  clientIp,
  CredentialFailureLimiter,
  type DocumentedRoute,
  OPTIONAL_CREDENTIAL,
  PUBLIC_ROUTE,
  RequestRateLimiter,
  type CallerScopedRequest,
  type RouteError,
  type RouteErrorSource,
} from '@app/platform';
import { hashApiKey, isApiKeyFormat } from './api-key';
import { ApiKeyOwner, ApiKeyRepository } from './api-key.repository';
import { EnterprisePrincipal } from './enterprise-principal';

export interface EnterpriseRequest extends CallerScopedRequest {
  enterprise?: EnterprisePrincipal;
}

/** How long a looked-up key is trusted without asking Postgres again (bounds revocation delay). */
const CACHE_TTL_MS = 10_000;
const CACHE_MAX = 10_000;

/**
 * Global guard of the enterprise apps: `Authorization: Bearer <apiKey>` names exactly one
 * taxpayer, which every route acts for. Lookups are cached for 10 s: issuing is hot, and
 * a revoked key stops working within that time.
 *
 * Abuse limits (ADR 0017): a known key costs one request of its taxpayer's rate (all its
 * keys share one count; the taxpayer's own limit, if a bureau admin set one, comes with
 * the cached lookup), which is the only Redis round trip of the hot path. An unknown or
 * malformed key costs its client IP one credential failure, and once the IP has spent its
 * AUTH_FAILURES_PER_IP, unknown keys from it get 429 AUTH_FAILURES_LIMITED. A valid key
 * never reads nor pays the failure counter, even from an IP that is limited.
 */
@Injectable()
export class EnterpriseAuthGuard implements CanActivate, RouteErrorSource {
  private readonly cache = new Map<string, { owner: ApiKeyOwner; until: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyRepository,
    private readonly limiter: RequestRateLimiter,
    private readonly failures: CredentialFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<EnterpriseRequest>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) {
      if (!this.sendsOptionalKey(context, request)) return true;
    }
    const header = request.headers.authorization;
    const apiKey = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!apiKey) {
      throw new UnauthenticatedError(
        'UNAUTHENTICATED',
        'Send your API key as Authorization: Bearer <apiKey>.',
      );
    }
    const owner = isApiKeyFormat(apiKey) ? await this.lookup(apiKey) : null;
    if (!owner) return this.refuseUnknownKey(clientIp(request));
    await this.limiter.consume('enterprise', owner.taxId, owner.ratePolicy ?? undefined);
    request.enterprise = new EnterprisePrincipal(owner.taxId, owner.id);
    request.idempotencyScope = `taxpayer:${owner.taxId}`;
    return true;
  }

  /** What canActivate may refuse on a route (with a key, on an OptionalApiKey route), for the OpenAPI documents. */
  routeErrors(route: DocumentedRoute): readonly RouteError[] {
    if (route.metadata(PUBLIC_ROUTE) === true && route.metadata(OPTIONAL_CREDENTIAL) !== true) return [];
    return ['UNAUTHENTICATED', 'API_KEY_INVALID', 'AUTH_FAILURES_LIMITED', ...RequestRateLimiter.ERRORS];
  }

  /** An OptionalApiKey route with an Authorization header: the key is checked like anywhere else. */
  private sendsOptionalKey(context: ExecutionContext, request: EnterpriseRequest): boolean {
    const optional = this.reflector.getAllAndOverride<boolean>(OPTIONAL_CREDENTIAL, [
      context.getHandler(),
      context.getClass(),
    ]);
    return optional === true && request.headers.authorization !== undefined;
  }

  private async refuseUnknownKey(ip: string): Promise<never> {
    await this.failures.assertAllowed('api_key', ip);
    await this.failures.recordFailure('api_key', ip);
    throw new UnauthenticatedError('API_KEY_INVALID', 'The API key is not valid or has been revoked.');
  }

  /** Forgets a key at once (this process); other processes stop accepting it within the cache TTL. */
  forget(hash: Buffer): void {
    this.cache.delete(hash.toString('base64'));
  }

  private async lookup(apiKey: string): Promise<ApiKeyOwner | null> {
    const hash = hashApiKey(apiKey);
    const cacheKey = hash.toString('base64');
    const hit = this.cache.get(cacheKey);
    if (hit && hit.until > Date.now()) return hit.owner;
    const owner = await this.keys.findActiveByHash(hash);
    if (owner) {
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(cacheKey, { owner, until: Date.now() + CACHE_TTL_MS });
    } else {
      this.cache.delete(cacheKey);
    }
    return owner;
  }
}
