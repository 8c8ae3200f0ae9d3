import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, TokenExpiredError } from '@nestjs/jwt';
import { ForbiddenError, UnauthenticatedError } from '@app/domain';
import { PUBLIC_ROUTE } from '@app/platform';
import { OfficerRequest, ROLES } from './officer-auth.decorators';
import { OFFICER_ROLES, OfficerClaims, OfficerPrincipal, OfficerRole } from './officer-principal';

function isClaims(value: unknown): value is OfficerClaims {
  const v = value as Partial<OfficerClaims>;
  return (
    typeof v?.sub === 'string' &&
    typeof v.username === 'string' &&
    typeof v.bureauCode === 'string' &&
    /^1\d{10}$/.test(v.bureauCode) &&
    OFFICER_ROLES.includes(v.role as OfficerRole)
  );
}

/**
 * Global guard of the bureau app: every route needs a valid, unexpired bureau JWT unless
 * marked @Public(), and the officer's role must be one the route lists in @Roles().
 */
@Injectable()
export class OfficerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
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
    const officer = OfficerPrincipal.fromClaims(claims);
    const roles = this.reflector.getAllAndOverride<OfficerRole[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(officer.role)) {
      throw new ForbiddenError('ROLE_FORBIDDEN', `This action needs the role ${roles.join(' or ')}.`, {
        required: roles,
        role: officer.role,
      });
    }
    request.officer = officer;
    (request as OfficerRequest & { idempotencyScope?: string }).idempotencyScope =
      `officer:${officer.userId}`;
    return true;
  }

  private async verify(token: string): Promise<OfficerClaims> {
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
}
