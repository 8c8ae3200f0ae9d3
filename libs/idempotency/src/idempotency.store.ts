import { ConflictError, BusinessRuleError } from '@app/domain';
import { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from '@app/database';

/** One answer to record: see `IdempotencyStore.completeAll`. */
export interface IdempotencyAnswer {
  scope: string;
  key: string;
  status: number;
  body: unknown;
}

export type IdempotencyBegin = { kind: 'proceed' } | { kind: 'replay'; status: number; body: unknown };

interface KeyRow {
  request_hash: string;
  state: 'in_flight' | 'done';
  response_status: number | null;
  response_body: unknown;
  stale: boolean;
}

/**
 * Idempotency keys in Postgres (one table per context, e.g. issuance.idempotency_keys).
 *
 * Invariant: a key moves in_flight → done in the *same transaction* that commits the
 * effect (`complete` takes the caller's EntityManager), so after a crash either both the
 * effect and the stored answer exist, or neither does and the key is free again once it
 * is stale. Same key + same body → the first answer; same key + other body → 422;
 * while the first request runs → 409.
 */
export class IdempotencyStore {
  constructor(
    private readonly db: DataSource,
    private readonly table: string,
    private readonly staleAfterSeconds = 60,
  ) {}

  /** For routes without a transaction of their own: the answer is recorded on its own. */
  get manager(): EntityManager {
    return this.db.manager;
  }

  async begin(scope: string, key: string, requestHash: string): Promise<IdempotencyBegin> {
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO ${this.table} (scope, key, request_hash, state) VALUES ($1, $2, $3, 'in_flight')
       ON CONFLICT (scope, key) DO NOTHING RETURNING 1`,
      [scope, key, requestHash],
    );
    if (inserted.length > 0) return { kind: 'proceed' };

    const [row] = await this.db.query<KeyRow[]>(
      `SELECT request_hash, state, response_status, response_body,
              started_at < now() - make_interval(secs => $3) AS stale
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
    if (row.stale && (await this.takeOver(scope, key))) return { kind: 'proceed' };
    throw new ConflictError(
      'IDEMPOTENCY_KEY_IN_FLIGHT',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
    );
  }

  /** Records the answer; call inside the transaction that commits the effect. */
  async complete(
    manager: EntityManager,
    scope: string,
    key: string,
    status: number,
    body: unknown,
  ): Promise<void> {
    await manager.query(
      `UPDATE ${this.table} SET state = 'done', response_status = $3, response_body = $4, completed_at = now()
        WHERE scope = $1 AND key = $2`,
      [scope, key, status, JSON.stringify(body)],
    );
  }

  /**
   * Records many answers with one statement (requests committed together, e.g. a
   * group-commit batch); call inside the transaction that commits their effects.
   */
  async completeAll(manager: EntityManager, answers: readonly IdempotencyAnswer[]): Promise<void> {
    if (answers.length === 0) return;
    await manager.query(
      `UPDATE ${this.table} t
          SET state = 'done', response_status = a.status, response_body = a.body::jsonb, completed_at = now()
         FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS a(scope, key, status, body)
        WHERE t.scope = a.scope AND t.key = a.key`,
      [
        answers.map((a) => a.scope),
        answers.map((a) => a.key),
        answers.map((a) => a.status),
        answers.map((a) => JSON.stringify(a.body)),
      ],
    );
  }

  /** Frees the key after a failed attempt, so the client may retry with it. */
  async release(scope: string, key: string): Promise<void> {
    await this.db.query(`DELETE FROM ${this.table} WHERE scope = $1 AND key = $2 AND state = 'in_flight'`, [
      scope,
      key,
    ]);
  }

  /** A crashed attempt left the key in flight; the first retry after it went stale takes it over. */
  private async takeOver(scope: string, key: string): Promise<boolean> {
    const rows = await updateReturning<unknown>(
      this.db.manager,
      `UPDATE ${this.table} SET started_at = now()
        WHERE scope = $1 AND key = $2 AND state = 'in_flight'
          AND started_at < now() - make_interval(secs => $3)
       RETURNING 1`,
      [scope, key, this.staleAfterSeconds],
    );
    return rows.length > 0;
  }
}
