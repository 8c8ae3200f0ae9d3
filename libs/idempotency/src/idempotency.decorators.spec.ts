import 'reflect-metadata';
import { HttpCode, Post } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { IdempotencyContext, Idempotent } from './idempotency.decorators';
import type { IdempotencyHandle, IdempotentExchange } from './idempotent-route';

class Probe {
  seen: unknown[] = [];

  @Post('things')
  @Idempotent()
  @HttpCode(202)
  create(body: unknown, @IdempotencyContext() handle?: IdempotencyHandle): Promise<string> {
    this.seen = [body, handle];
    return Promise.resolve('made');
  }
}

describe('@Idempotent()', () => {
  const method = Probe.prototype.create;

  it('adds no Nest interceptor, so requests of the route skip the interceptor chain', () => {
    expect(Reflect.getMetadata(INTERCEPTORS_METADATA, method)).toBeUndefined();
  });

  it('keeps what the decorators above and below it recorded on the handler', () => {
    expect(Reflect.getMetadata(PATH_METADATA, method)).toBe('things');
    expect(Reflect.getMetadata(METHOD_METADATA, method)).toBeDefined();
    expect(Reflect.getMetadata(HTTP_CODE_METADATA, method)).toBe(202);
    expect(method.name).toBe('create');
  });

  it("asks Nest for one argument after the handler's own: the exchange", () => {
    const args = Reflect.getMetadata(ROUTE_ARGS_METADATA, Probe, 'create') as Record<
      string,
      { index: number }
    >;
    expect(Object.values(args).map((a) => a.index)).toEqual([2]);
  });

  it('runs the handler through the exchange, with the handle in the @IdempotencyContext() argument', async () => {
    const handle: IdempotencyHandle = { completeWithin: () => Promise.resolve() };
    const exchange = {
      run: (h: (x: IdempotencyHandle) => Promise<unknown>) => h(handle),
    } as IdempotentExchange;
    const probe = new Probe();
    const create = probe.create as unknown as (...a: unknown[]) => Promise<unknown>;
    await expect(create.call(probe, { a: 1 }, undefined, exchange)).resolves.toBe('made');
    expect(probe.seen).toEqual([{ a: 1 }, handle]);
  });
});
