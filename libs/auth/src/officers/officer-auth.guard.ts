import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { ForbiddenError, isUuid, UnauthenticatedError } from '@app/domain';
import {
  type DocumentedRoute,
  PUBLIC_ROUTE,
  RequestRateLimiter,
  type RouteError,
  type RouteErrorSource,
} from '@app/platform';
import { OfficerAccountRepository, OfficerAccountStatus } from './officer-account.repository';
import { OfficerAuthConfig } from './officer-auth.config';
import { OfficerRequest, ROLES } from './officer-auth.decorators';
import { OFFICER_ROLES, OfficerClaims, OfficerPrincipal, OfficerRole } from './officer-principal';

/** The claims of a verified token: ours, with the expiry jsonwebtoken sets. */
interface VerifiedClaims extends OfficerClaims {
  exp: number;
}

const CACHE_MAX = 10_000;

/** A token that never expires is refused: a leaked one would work for ever. */
function isClaims(value: unknown): value is VerifiedClaims {
  const v = value as Partial<VerifiedClaims>;
  return (
    isUuid(v?.sub) &&
    typeof v.username === 'string' &&
    typeof v.bureauCode === 'string' &&
    /^1\d{10}$/.test(v.bureauCode) &&
    OFFICER_ROLES.includes(v.role as OfficerRole) &&
    Number.isInteger(v.ver) &&
    Number.isFinite(v.exp)
  );
}

/**
 * Global guard of the bureau app (and of the audit app's queue dashboard): every route
 * needs a valid bureau JWT with an expiry, unless marked @Public(); the officer's account
 * must still exist and be enabled (ADR 0018); the officer's requests are counted against
 * RATE_LIMIT_OFFICER_* (ADR 0017); and its role must be one the route lists in @Roles().
 *
 * Account statuses are cached for OFFICER_STATUS_CACHE_MS: a disabled or deleted
 * officer's token stops at once in the process that disabled it (`forget`) and within
 * that time everywhere else.
 */
@Injectable()
export class OfficerAuthGuard implements CanActivate, RouteErrorSource {
  private readonly statuses = new Map<string, { status: OfficerAccountStatus | null; until: number }>();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly accounts: OfficerAccountRepository,
    private readonly limiter: RequestRateLimiter,
    private readonly config: OfficerAuthConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<OfficerRequest>();
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token)
      throw new UnauthenticatedError(
        'UNAUTHENTICATED',
        'Log in and send the token as Authorization: Bearer <token>.',
      );
    const claims = await this.verify(token);
    await this.assertAccountUsable(claims);
    const officer = OfficerPrincipal.fromClaims(claims);
    await this.limiter.consume('officer', officer.userId);
    const roles = this.reflector.getAllAndOverride<OfficerRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(officer.role)) {
      throw new ForbiddenError('ROLE_FORBIDDEN', `This action needs the role ${roles.join(' or ')}.`, {
        required: roles,
        role: officer.role,
      });
    }
    request.officer = officer;
    request.idempotencyScope = `officer:${officer.userId}`;
    return true;
  }

  /** What canActivate may refuse on a route, for the OpenAPI documents. */
  routeErrors(route: DocumentedRoute): readonly RouteError[] {
    if (route.metadata(PUBLIC_ROUTE) === true) return [];
    const errors: RouteError[] = [
      'UNAUTHENTICATED',
      'TOKEN_EXPIRED',
      'TOKEN_INVALID',
      ['OFFICER_DISABLED', 'unauthenticated'],
      'TOKEN_REVOKED',
      ...RequestRateLimiter.ERRORS,
    ];
    return route.metadata(ROLES) ? [...errors, 'ROLE_FORBIDDEN'] : errors;
  }

  /** Forgets an officer's cached status at once (this process), after a disable or enable. */
  forget(userId: string): void {
    this.statuses.delete(userId);
  }

  private async verify(token: string): Promise<VerifiedClaims> {
    try {
      const claims: unknown = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
      if (isClaims(claims)) return claims;
    } catch (err) {
      if (err instanceof TokenExpiredError) {
        throw new UnauthenticatedError('TOKEN_EXPIRED', 'The access token has expired; log in again.');
      }
    }
    throw new UnauthenticatedError('TOKEN_INVALID', 'The access token is not valid.');
  }

  private async assertAccountUsable(claims: VerifiedClaims): Promise<void> {
    const status = await this.statusOf(claims.sub);
    if (!status) throw new UnauthenticatedError('TOKEN_INVALID', 'The access token is not valid.');
    if (status.disabled) {
      throw new UnauthenticatedError('OFFICER_DISABLED', 'This officer account is disabled.');
    }
    if (claims.ver !== status.tokenVersion) {
      throw new UnauthenticatedError(
        'TOKEN_REVOKED',
        'The access token was issued before this account was disabled; log in again.',
      );
    }
  }

  private async statusOf(userId: string): Promise<OfficerAccountStatus | null> {
    const hit = this.statuses.get(userId);
    if (hit && hit.until > Date.now()) return hit.status;
    const status = await this.accounts.status(userId);
    const ttl = this.config.OFFICER_STATUS_CACHE_MS;
    if (ttl > 0) {
      if (this.statuses.size >= CACHE_MAX) this.statuses.clear();
      this.statuses.set(userId, { status, until: Date.now() + ttl });
    }
    return status;
  }
}
