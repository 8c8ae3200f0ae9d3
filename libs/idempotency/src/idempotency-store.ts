import { Logger } from '@nestjs/common';
import { ConflictError, BusinessRuleError } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import type { ProcessLease } from './process-lease';

/** 409 IDEMPOTENCY_KEY_IN_FLIGHT, with the Retry-After the global filter sends. */
export class IdempotencyKeyInFlightError extends ConflictError {
  /** The first attempt usually ends within a second; a failed one's key is freed at once. */
  readonly retryAfterSeconds = 1;

  constructor() {
    super(
      'IDEMPOTENCY_KEY_IN_FLIGHT',
      'A request with this Idempotency-Key is still being processed; retry after the time in Retry-After.',
    );
  }
}

/** Delay before the n-th retry of a failed release: 0.1 s doubling to 2 s, until the key is stale anyway. */
export function releaseRetryDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** (attempt - 1), 2000);
}

/** How long a failed request waits for its key's first release attempt before it answers. */
const FIRST_RELEASE_WAIT_MS = 1000;

/** At most this many releases wait for Postgres at once (memory bound during a long outage). */
const MAX_PENDING_RELEASES = 10_000;

/** One answer to record: see `IdempotencyStore.completeAll`. */
export interface IdempotencyAnswer {
  scope: string;
  key: string;
  /** The attempt (`IdempotencyBegin.attempt`) the answer belongs to. */
  attempt: string;
  status: number;
  body: unknown;
}

/**
 * `proceed` carries the attempt: the marker's `started_at`, exactly as Postgres stores it,
 * so that releasing this attempt can never free the marker of a later one that took over.
 */
export type IdempotencyBegin =
  { kind: 'proceed'; attempt: string } | { kind: 'replay'; status: number; body: unknown };

/**
 * Idempotency keys in Postgres (one table per context, e.g. issuance.idempotency_keys).
 *
 * Invariant: a key moves in_flight → done in the *same transaction* that commits the
 * effect (`complete` takes the caller's EntityManager), so after a crash either both the
 * effect and the stored answer exist, or neither does and the key is free again once it
 * is abandoned. Same key + same body → the first answer; same key + other body → 422;
 * while the first request runs → 409. A failed attempt's key is released at once, and
 * when Postgres itself was the failure, as soon as it answers again (`releaseAfterFailure`).
 *
 * An attempt is abandoned when the process that made it is gone — each marker names its
 * process's lease (`ProcessLease`), which Postgres frees the moment the process dies — or,
 * for a marker whose process cannot be told, once it is older than `staleAfterSeconds`.
 * A retry takes an abandoned key over at once. The answer is recorded only by the attempt
 * that holds the key (`started_at` fences it): an attempt taken over while still running
 * fails its transaction, so one key never commits two effects.
 */
export class IdempotencyStore {
  private readonly logger = new Logger(IdempotencyStore.name);
  private readonly pendingReleases = new Map<string, NodeJS.Timeout>();
  private readonly keys: IdempotencyKeysRepository;

  constructor(
    private readonly db: DataSource,
    private readonly table: string,
    private readonly lease: ProcessLease,
    private readonly staleAfterSeconds = 60,
  ) {
    this.keys = new IdempotencyKeysRepository(db, table);
  }

  /** For routes without a transaction of their own: the answer is recorded on its own. */
  get manager(): EntityManager {
    return this.db.manager;
  }

  async begin(scope: string, key: string, requestHash: string): Promise<IdempotencyBegin> {
    const claimed = await this.keys.claim(scope, key, requestHash, this.lease.id);
    if (claimed !== null) return { kind: 'proceed', attempt: claimed };

    const row = await this.keys.find(scope, key, this.staleAfterSeconds);
    if (!row) return this.begin(scope, key, requestHash); // released between our two statements
    if (row.request_hash !== requestHash) {
      throw new BusinessRuleError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different request body.',
      );
    }
    if (row.state === 'done')
      return { kind: 'replay', status: row.response_status!, body: row.response_body };
    const attempt = row.abandoned
      ? await this.keys.takeOver(scope, key, this.staleAfterSeconds, this.lease.id)
      : null;
    if (attempt !== null) return { kind: 'proceed', attempt };
    throw new IdempotencyKeyInFlightError();
  }

  /**
   * Records the answer of `attempt`; call inside the transaction that commits the effect.
   * Throws IDEMPOTENCY_KEY_IN_FLIGHT when another attempt took the key over meanwhile, so
   * that the transaction rolls back and the key keeps one effect.
   */
  async complete(manager: EntityManager, answer: IdempotencyAnswer): Promise<void> {
    await this.completeAll(manager, [answer]);
  }

  /**
   * Records many answers with one statement (requests committed together, e.g. a
   * group-commit batch); call inside the transaction that commits their effects. Throws
   * (and so rolls the batch back) if any of them was taken over.
   */
  async completeAll(manager: EntityManager, answers: readonly IdempotencyAnswer[]): Promise<void> {
    if (answers.length === 0) return;
    const recorded = await this.keys.record(manager, answers);
    if (recorded < answers.length) throw new IdempotencyKeyInFlightError();
  }

  /**
   * For a route without a transaction of its own, whose effect is already committed: the
   * answer is recorded if the attempt still holds its key; if not, only a warning is left
   * (the effect cannot be undone, and the attempt that took over answers for the key).
   */
  async completeAfterCommit(answer: IdempotencyAnswer): Promise<void> {
    if ((await this.keys.record(this.db.manager, [answer])) === 0)
      this.logger.warn({ table: this.table }, 'answer not recorded: its idempotency key was taken over');
  }

  /** Frees the key of a failed attempt, so the client may retry with it; rejects if Postgres does. */
  release(scope: string, key: string, attempt: string): Promise<void> {
    return this.keys.release(scope, key, attempt);
  }

  /**
   * `release` after a failed request, never rejecting. The failure is often Postgres
   * itself (a restart), and then the DELETE fails too: it is retried in the background
   * with backoff ({@link releaseRetryDelayMs}) until Postgres answers, so the key is free
   * moments after the outage instead of blocking retries with 409 until it goes stale.
   * Retrying stops once the marker would be stale anyway (a retry then takes it over).
   * The failed request waits for the first attempt (so that a client retrying at once finds
   * the key free) at most {@link FIRST_RELEASE_WAIT_MS}: an unreachable Postgres must not
   * also hold the error answer for a whole connect timeout.
   */
  async releaseAfterFailure(scope: string, key: string, attempt: string): Promise<void> {
    const since = Date.now();
    const first = this.release(scope, key, attempt).then(
      () => true,
      () => false,
    );
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), FIRST_RELEASE_WAIT_MS);
      timer.unref();
    });
    const released = await Promise.race([first, waited]);
    clearTimeout(timer);
    if (released === undefined) {
      void first.then((ok) => ok || this.retryRelease(scope, key, attempt, 1, since));
    } else if (!released) {
      this.retryRelease(scope, key, attempt, 1, since);
    }
  }

  private retryRelease(scope: string, key: string, attempt: string, n: number, since: number): void {
    const id = JSON.stringify([scope, key, attempt]);
    const expired = Date.now() - since > this.staleAfterSeconds * 1000;
    if (expired || !this.db.isInitialized || this.pendingReleases.size >= MAX_PENDING_RELEASES) {
      this.logger.warn({ table: this.table, attempts: n - 1 }, 'gave up releasing a failed idempotency key');
      return;
    }
    const timer = setTimeout(() => {
      this.pendingReleases.delete(id);
      this.release(scope, key, attempt).catch(() => this.retryRelease(scope, key, attempt, n + 1, since));
    }, releaseRetryDelayMs(n));
    timer.unref();
    this.pendingReleases.set(id, timer);
  }
}
