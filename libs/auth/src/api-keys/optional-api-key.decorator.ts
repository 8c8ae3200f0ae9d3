import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { OPTIONAL_CREDENTIAL, Public } from '@app/platform';
import type { EnterpriseRequest } from './enterprise-auth.guard';
import { EnterprisePrincipal } from './enterprise-principal';

/**
 * A public route that also takes an API key. Without an Authorization header the caller is
 * anonymous; with one, EnterpriseAuthGuard checks it as on any enterprise route (401 when it
 * is not valid, and whatever applies to enterprises applies), so the route knows whom it
 * answers (OptionalEnterprise). Public verification answers a party to the invoice more.
 */
export const OptionalApiKey = (): MethodDecorator & ClassDecorator =>
  applyDecorators(Public(), SetMetadata(OPTIONAL_CREDENTIAL, true));

/** The enterprise of an OptionalApiKey route's caller, or undefined when it sent no key. */
export const OptionalEnterprise = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): EnterprisePrincipal | undefined =>
    ctx.switchToHttp().getRequest<EnterpriseRequest>().enterprise,
);
