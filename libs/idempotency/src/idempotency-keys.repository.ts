import { DataSource, EntityManager } from 'typeorm';
import { updateReturning } from '@app/database';
import { leaseGoneSql } from './process-lease';

/** A key's marker as `begin` needs it. */
export interface IdempotencyKeyRow {
  request_hash: string;
  state: 'in_flight' | 'done';
  response_status: number | null;
  response_body: unknown;
  /** The attempt's process is gone (its lease is free), or the attempt is older than the staleness limit. */
  abandoned: boolean;
}

/** One answer to store against the attempt that holds its key. */
export interface StoredAnswer {
  scope: string;
  key: string;
  attempt: string;
  status: number;
  body: unknown;
}

/**
 * One context's idempotency-key table (e.g. issuance.idempotency_keys). An attempt is
 * named by its marker's `started_at`, exactly as Postgres stores it (text), so that every
 * write below is fenced to the attempt that holds the key.
 */
export class IdempotencyKeysRepository {
  constructor(
    private readonly db: DataSource,
    private readonly table: string,
  ) {}

  /** Marks the key in flight for a new attempt of `owner`'s process; null if the key exists. */
  async claim(scope: string, key: string, requestHash: string, owner: number): Promise<string | null> {
    const inserted = await this.db.query<{ attempt: string }[]>(
      `INSERT INTO ${this.table} (scope, key, request_hash, state, owner) VALUES ($1, $2, $3, 'in_flight', $4)
       ON CONFLICT (scope, key) DO NOTHING RETURNING started_at::text AS attempt`,
      [scope, key, requestHash, owner],
    );
    return inserted.length > 0 ? inserted[0].attempt : null;
  }

  async find(scope: string, key: string, staleAfterSeconds: number): Promise<IdempotencyKeyRow | undefined> {
    const [row] = await this.db.query<IdempotencyKeyRow[]>(
      `SELECT request_hash, state, response_status, response_body, ${ABANDONED} AS abandoned
         FROM ${this.table} WHERE scope = $1 AND key = $2`,
      [scope, key, staleAfterSeconds],
    );
    return row;
  }

  /** Stores the answers whose attempts still hold their keys; returns how many did. */
  async record(manager: EntityManager, answers: readonly StoredAnswer[]): Promise<number> {
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

  /** Frees the key if `attempt` still holds it in flight. */
  async release(scope: string, key: string, attempt: string): Promise<void> {
    await this.db.query(
      `DELETE FROM ${this.table}
        WHERE scope = $1 AND key = $2 AND state = 'in_flight' AND started_at = $3::timestamptz`,
      [scope, key, attempt],
    );
  }

  /** Gives an abandoned in-flight key to a new attempt of `owner`'s process; null if another won. */
  async takeOver(
    scope: string,
    key: string,
    staleAfterSeconds: number,
    owner: number,
  ): Promise<string | null> {
    const rows = await updateReturning<{ attempt: string }>(
      this.db.manager,
      `UPDATE ${this.table} SET started_at = clock_timestamp(), owner = $4
        WHERE scope = $1 AND key = $2 AND state = 'in_flight' AND ${ABANDONED}
       RETURNING started_at::text AS attempt`,
      [scope, key, staleAfterSeconds, owner],
    );
    return rows.length > 0 ? rows[0].attempt : null;
  }
}

/** The marker's attempt is abandoned ($3: the staleness limit in seconds). */
const ABANDONED = `(started_at < now() - make_interval(secs => $3) OR (owner IS NOT NULL AND ${leaseGoneSql('owner')}))`;
