import { createParamDecorator, ExecutionContext, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyRepository } from './api-key.repository';
import { EnterpriseAuthGuard, EnterpriseRequest } from './enterprise-auth.guard';
import { EnterprisePrincipal } from './enterprise-principal';

/** API-key authentication for every route of an enterprise-facing app, unless @Public(). */
@Module({
  providers: [
    ApiKeyRepository,
    EnterpriseAuthGuard,
    { provide: APP_GUARD, useExisting: EnterpriseAuthGuard },
  ],
  exports: [ApiKeyRepository, EnterpriseAuthGuard],
})
export class EnterpriseAuthModule {}

/** The enterprise the request acts for. */
export const CurrentEnterprise = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): EnterprisePrincipal => {
    const enterprise = ctx.switchToHttp().getRequest<EnterpriseRequest>().enterprise;
    if (!enterprise) throw new Error('CurrentEnterprise used on a public route');
    return enterprise;
  },
);
