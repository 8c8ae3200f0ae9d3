import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
export { Public, PUBLIC_ROUTE } from '@app/platform';
import type { CallerScopedRequest } from '@app/platform';
import { OfficerPrincipal, OfficerRole } from './officer-principal';

export const ROLES = 'jinshui:roles';

/** Only officers with one of these roles may call the route. */
export const Roles = (...roles: OfficerRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

export interface OfficerRequest extends CallerScopedRequest {
  officer?: OfficerPrincipal;
}

/** The logged-in officer; the guard has already refused requests without one. */
export const CurrentOfficer = createParamDecorator((_: unknown, ctx: ExecutionContext): OfficerPrincipal => {
  const officer = ctx.switchToHttp().getRequest<OfficerRequest>().officer;
  if (!officer) throw new Error('CurrentOfficer used on a route without the officer guard');
  return officer;
});
