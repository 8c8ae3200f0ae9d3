import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ApiErrors, type CallerScopedRequest } from '@app/platform';
import { IdempotentExchange, IdempotentExchangePipe, IdempotentHttp } from './idempotent-route';

/** Where a route's `@IdempotencyContext()` arguments are (design-time metadata of the method). */
const CONTEXT_ARGS = Symbol('idempotency:context-args');

/** The request and reply of the call, made into an `IdempotentExchange` by its pipe. */
const IdempotentHttpArg = createParamDecorator((_: unknown, ctx: ExecutionContext): IdempotentHttp => ({
  req: ctx.switchToHttp().getRequest<CallerScopedRequest>(),
  res: ctx.switchToHttp().getResponse<FastifyReply>(),
}));

/**
 * Marks a create route as honouring `Idempotency-Key` (and documents it and its errors in
 * OpenAPI).
 *
 * It wraps the handler itself instead of adding a Nest interceptor: an interceptor puts
 * every request of the route through Nest's interceptor chain (rxjs observables and two
 * `AsyncResource.bind` per request), 7.8 % of a refused request's CPU in the issuance
 * bench's profile (ADR 0007). The wrapper gets its exchange as one more argument, after
 * the handler's own, which Nest resolves like any other; so it runs after the guards and
 * the pipes, and a request the pipes refuse never touches the key.
 */
export const Idempotent = (): MethodDecorator => (target, key, descriptor: PropertyDescriptor) => {
  const handler = descriptor.value as (...args: unknown[]) => Promise<unknown>;
  const declared = (Reflect.getMetadata('design:paramtypes', target, key) as unknown[] | undefined)?.length;
  const at = Math.max(declared ?? 0, handler.length);
  const contextArgs = (Reflect.getMetadata(CONTEXT_ARGS, target, key) as number[] | undefined) ?? [];
  IdempotentHttpArg(IdempotentExchangePipe)(target, key, at);
  const wrapped = function (this: unknown, ...args: unknown[]): Promise<unknown> {
    return (args[at] as IdempotentExchange).run((handle) => {
      for (const i of contextArgs) args[i] = handle;
      return handler.apply(this, args.slice(0, at));
    });
  };
  // What the decorators below this one recorded on the handler (its route, status code,
  // OpenAPI operation) must stay on the function Nest calls.
  for (const k of Reflect.getOwnMetadataKeys(handler) as unknown[])
    Reflect.defineMetadata(k, Reflect.getOwnMetadata(k, handler), wrapped);
  Object.defineProperty(wrapped, 'name', { value: handler.name });
  descriptor.value = wrapped;
  return applyDecorators(
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
  )(target, key, descriptor);
};

/**
 * The handle to record the answer inside the service's transaction (undefined without a
 * key). Only on an `@Idempotent()` route, whose wrapper puts the handle in its place.
 */
export const IdempotencyContext = (): ParameterDecorator => (target, key, index) => {
  const args = (Reflect.getMetadata(CONTEXT_ARGS, target, key!) as number[] | undefined) ?? [];
  Reflect.defineMetadata(CONTEXT_ARGS, [...args, index], target, key!);
};
