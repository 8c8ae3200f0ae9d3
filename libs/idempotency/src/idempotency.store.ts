import { Logger } from '@nestjs/common';
import { ConflictError, BusinessRuleError } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from '@app/database';
import { leaseGoneSql, ProcessLease } from './process-lease';

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

interface KeyRow {
  request_hash: string;
  state: 'in_flight' | 'done';
  response_status: number | null;
  response_body: unknown;
  /** The attempt's process is gone (its lease is free), or the attempt is older than the staleness limit. */
  abandoned: boolean;
}

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

  constructor(
    private readonly db: DataSource,
    private readonly table: string,
    private readonly lease: ProcessLease,
    private readonly staleAfterSeconds = 60,
  ) {}

  /** For routes without a transaction of their own: the answer is recorded on its own. */
  get manager(): EntityManager {
    return this.db.manager;
  }

  async begin(scope: string, key: string, requestHash: string): Promise<IdempotencyBegin> {
    const inserted: { attempt: string }[] = await this.db.query(
      `INSERT INTO ${this.table} (scope, key, request_hash, state, owner) VALUES ($1, $2, $3, 'in_flight', $4)
       ON CONFLICT (scope, key) DO NOTHING RETURNING started_at::text AS attempt`,
      [scope, key, requestHash, this.lease.id],
    );
    if (inserted.length > 0) return { kind: 'proceed', attempt: inserted[0].attempt };

    const [row] = await this.db.query<KeyRow[]>(
      `SELECT request_hash, state, response_status, response_body, ${this.abandonedSql()} AS abandoned
         FROM ${this.table} WHERE scope = $1 AND key = $2`,
      [scope, key, this.staleAfterSeconds],
    );
    if (!row) return this.begin(scope, key, requestHash); // released between our two statements
    if (row.request_hash !== requestHash) {
      throw new BusinessRuleError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used with a different request body.',
      );
    }
    if (row.state === 'done')
      return { kind: 'replay', status: row.response_status!, body: row.response_body };
    const attempt = row.abandoned ? await this.takeOver(scope, key) : null;
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
    const recorded = await this.record(manager, answers);
    if (recorded < answers.length) throw new IdempotencyKeyInFlightError();
  }

  /**
   * For a route without a transaction of its own, whose effect is already committed: the
   * answer is recorded if the attempt still holds its key; if not, only a warning is left
   * (the effect cannot be undone, and the attempt that took over answers for the key).
   */
  async completeAfterCommit(answer: IdempotencyAnswer): Promise<void> {
    if ((await this.record(this.db.manager, [answer])) === 0)
      this.logger.warn({ table: this.table }, 'answer not recorded: its idempotency key was taken over');
  }

  private async record(manager: EntityManager, answers: readonly IdempotencyAnswer[]): Promise<number> {
    const rows = await updateReturning<unknown>(
      manager,
      `UPDATE ${this.table} t
          SET state = 'done', response_status = a.status, response_body = a.body::jsonb, completed_at = now()
         FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::text[]) AS a(scope, key, attempt, status, body)
        WHERE t.scope = a.scope AND t.key = a.key AND t.state = 'in_flight' AND t.started_at = a.attempt
       RETURNING 1`,
      [
        answers.map((a) => a.scope),
        answers.map((a) => a.key),
        answers.map((a) => a.attempt),
        answers.map((a) => a.status),
        answers.map((a) => JSON.stringify(a.body)),
      ],
    );
    return rows.length;
  }

  /** Frees the key of a failed attempt, so the client may retry with it; rejects if Postgres does. */
  async release(scope: string, key: string, attempt: string): Promise<void> {
    await this.db.query(
      `DELETE FROM ${this.table}
        WHERE scope = $1 AND key = $2 AND state = 'in_flight' AND started_at = $3::timestamptz`,
      [scope, key, attempt],
    );
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

  /** An abandoned attempt left the key in flight: the first retry takes it over (one wins a race). */
  private async takeOver(scope: string, key: string): Promise<string | null> {
    const rows = await updateReturning<{ attempt: string }>(
      this.db.manager,
      `UPDATE ${this.table} SET started_at = clock_timestamp(), owner = $4
        WHERE scope = $1 AND key = $2 AND state = 'in_flight' AND ${this.abandonedSql()}
       RETURNING started_at::text AS attempt`,
      [scope, key, this.staleAfterSeconds, this.lease.id],
    );
    return rows.length > 0 ? rows[0].attempt : null;
  }

  /** The marker's attempt is abandoned ($3: the staleness limit in seconds). */
  private abandonedSql(): string {
    return `(started_at < now() - make_interval(secs => $3) OR (owner IS NOT NULL AND ${leaseGoneSql('owner')}))`;
  }
}
