import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { canonicalize } from 'json-canonicalize';
import { from, Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { ValidationError } from '@app/domain';
import { pathOf } from '@app/platform';
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

/** What the interceptor knows about the handles it made: enough to batch their completions. */
const keysOfHandles = new WeakMap<
  IdempotencyHandle,
  { store: IdempotencyStore; scope: string; key: string; attempt: string; markCompleted(): void }
>();

/**
 * `completeWithin` for many requests committed in one transaction: the answers of
 * handles made by the interceptor are written by one statement per store; any other
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
    else byStore.set(known.store, [...(byStore.get(known.store) ?? []), c]);
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

export interface IdempotentRequest extends FastifyRequest {
  idempotency?: IdempotencyHandle & { completed: boolean };
  /** Set by the auth guards: the enterprise tax ID or the officer id the key is scoped to. */
  idempotencyScope?: string;
}

/**
 * Applies `Idempotency-Key` to a create route. Keys are scoped to the caller (one
 * taxpayer's key never collides with another's). The request is identified by method,
 * path and the JCS form of its body, so key order and whitespace do not matter.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<IdempotentRequest>();
    const res = context.switchToHttp().getResponse<FastifyReply>();
    const key = req.headers['idempotency-key'];
    if (key === undefined) return next.handle();
    if (typeof key !== 'string' || !KEY_FORMAT.test(key)) {
      return throwError(
        () =>
          new ValidationError(
            'IDEMPOTENCY_KEY_INVALID',
            'Idempotency-Key must be 1-128 characters of A-Z a-z 0-9 _ . : -',
          ),
      );
    }
    const scope = req.idempotencyScope ?? 'anonymous';
    const hash = createHash('sha256')
      .update(`${req.method} ${pathOf(req.url)}\n${canonicalize(req.body ?? null)}`)
      .digest('hex');

    return from(this.store.begin(scope, key, hash)).pipe(
      mergeMap((begun) => {
        if (begun.kind === 'replay') {
          void res.status(begun.status).header('Idempotent-Replayed', 'true');
          return of(begun.body);
        }
        const { attempt } = begun;
        const handle = {
          completed: false,
          completeWithin: async (manager: EntityManager, status: number, body: unknown) => {
            await this.store.complete(manager, { scope, key, attempt, status, body });
            handle.completed = true;
          },
        };
        keysOfHandles.set(handle, {
          store: this.store,
          scope,
          key,
          attempt,
          markCompleted: () => (handle.completed = true),
        });
        req.idempotency = handle;
        return next.handle().pipe(
          mergeMap(async (body: unknown) => {
            if (!handle.completed)
              await this.store.completeAfterCommit({ scope, key, attempt, status: res.statusCode, body });
            return body;
          }),
          catchError((err: unknown) =>
            from(this.store.releaseAfterFailure(scope, key, attempt)).pipe(
              mergeMap(() => throwError(() => err)),
            ),
          ),
        );
      }),
    );
  }
}
