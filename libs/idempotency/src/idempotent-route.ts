import { Inject, Injectable, PipeTransform } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { canonicalize } from 'json-canonicalize';
import { ValidationError } from '@app/domain';
import { pathOf, type CallerScopedRequest } from '@app/platform';
import { EntityManager } from 'typeorm';
import { IdempotencyStore } from './idempotency-store';

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
const KEY_FORMAT = /^[A-Za-z0-9_.:-]{1,128}$/;

/** What a service needs to record its answer inside its own transaction. */
export interface IdempotencyHandle {
  completeWithin(manager: EntityManager, status: number, body: unknown): Promise<void>;
}

/** One request's answer, for `completeAllWithin`. */
export interface IdempotencyCompletion {
  handle: IdempotencyHandle;
  status: number;
  body: unknown;
}

/** What the route wrapper knows about the handles it made: enough to batch their completions. */
const keysOfHandles = new WeakMap<
  IdempotencyHandle,
  { store: IdempotencyStore; scope: string; key: string; attempt: string; markCompleted(): void }
>();

/**
 * `completeWithin` for many requests committed in one transaction: the answers of
 * handles made by `IdempotentExchange` are written by one statement per store; any other
 * handle records its own. Call inside the transaction that commits the effects.
 */
export async function completeAllWithin(
  manager: EntityManager,
  completions: readonly IdempotencyCompletion[],
): Promise<void> {
  const byStore = new Map<IdempotencyStore, IdempotencyCompletion[]>();
  for (const c of completions) {
    const known = keysOfHandles.get(c.handle);
    if (!known) await c.handle.completeWithin(manager, c.status, c.body);
    else if (byStore.has(known.store)) byStore.get(known.store)!.push(c);
    else byStore.set(known.store, [c]);
  }
  for (const [store, group] of byStore) {
    const keys = group.map((c) => keysOfHandles.get(c.handle)!);
    await store.completeAll(
      manager,
      group.map((c, i) => ({
        scope: keys[i].scope,
        key: keys[i].key,
        attempt: keys[i].attempt,
        status: c.status,
        body: c.body,
      })),
    );
    for (const k of keys) k.markCompleted();
  }
}

/**
 * One request to an `@Idempotent()` route: applies its `Idempotency-Key` around the
 * handler. Keys are scoped to the caller (one taxpayer's key never collides with
 * another's). The request is identified by method, path and the JCS form of its body, so
 * key order and whitespace do not matter.
 */
export class IdempotentExchange {
  constructor(
    private readonly store: IdempotencyStore,
    private readonly req: CallerScopedRequest,
    private readonly res: FastifyReply,
  ) {}

  /**
   * Runs `handler` once per key: replays the stored answer of a finished attempt, refuses
   * one in flight or with another body (the store's errors), and frees the key when the
   * handler fails. `handler` gets the handle to record its answer inside its own
   * transaction; an answer it did not record is recorded after it returns.
   */
  async run(handler: (handle: IdempotencyHandle | undefined) => Promise<unknown>): Promise<unknown> {
    const key = this.req.headers['idempotency-key'];
    if (key === undefined) return handler(undefined);
    if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
      throw new ValidationError(
        'IDEMPOTENCY_KEY_INVALID',
        'Idempotency-Key must be 1-128 characters of A-Z a-z 0-9 _ . : -',
      );
    }
    const scope = this.req.idempotencyScope ?? 'anonymous';
    const hash = createHash('sha256')
      .update(`${this.req.method} ${pathOf(this.req.url)}\n${canonicalize(this.req.body ?? null)}`)
      .digest('hex');
    const begun = await this.store.begin(scope, key, hash);
    if (begun.kind === 'replay') {
      void this.res.status(begun.status).header('Idempotent-Replayed', 'true');
      return begun.body;
    }
    const { attempt } = begun;
    let completed = false;
    const handle: IdempotencyHandle = {
      completeWithin: async (manager, status, body) => {
        await this.store.complete(manager, { scope, key, attempt, status, body });
        completed = true;
      },
    };
    keysOfHandles.set(handle, {
      store: this.store,
      scope,
      key,
      attempt,
      markCompleted: () => (completed = true),
    });
    try {
      const body = await handler(handle);
      if (!completed)
        await this.store.completeAfterCommit({ scope, key, attempt, status: this.res.statusCode, body });
      return body;
    } catch (err) {
      await this.store.releaseAfterFailure(scope, key, attempt);
      throw err;
    }
  }
}

/** The request and reply an `@Idempotent()` route's extra argument is made from. */
export interface IdempotentHttp {
  req: CallerScopedRequest;
  res: FastifyReply;
}

/** Makes the exchange from the request and reply, with the app's store (a pipe, so Nest injects it). */
@Injectable()
export class IdempotentExchangePipe implements PipeTransform<IdempotentHttp, IdempotentExchange> {
  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  transform({ req, res }: IdempotentHttp): IdempotentExchange {
    return new IdempotentExchange(this.store, req, res);
  }
}
