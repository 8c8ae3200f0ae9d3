import { applyDecorators, createParamDecorator, ExecutionContext, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiErrors } from '@app/platform';
import { IdempotencyHandle, IdempotencyInterceptor, IdempotentRequest } from './idempotency.interceptor';

/** Marks a create route as honouring `Idempotency-Key` (and documents it and its errors in OpenAPI). */
export const Idempotent = (): MethodDecorator =>
  applyDecorators(
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Retry-safe key (1-128 of A-Za-z0-9_.:-), scoped to the caller. Same key and body: the first answer is ' +
        'replayed (header Idempotent-Replayed: true); same key, other body: 422 IDEMPOTENCY_KEY_REUSED; ' +
        'while the first is running: 409 IDEMPOTENCY_KEY_IN_FLIGHT with Retry-After. A failed request frees ' +
        'its key at once (after an outage of Postgres, as soon as it answers again).',
    }),
    ApiErrors('IDEMPOTENCY_KEY_INVALID', 'IDEMPOTENCY_KEY_IN_FLIGHT', 'IDEMPOTENCY_KEY_REUSED'),
  );

/** The handle to record the answer inside the service's transaction (undefined without a key). */
export const IdempotencyContext = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): IdempotencyHandle | undefined =>
    ctx.switchToHttp().getRequest<IdempotentRequest>().idempotency,
);
