import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['issuance.idempotency_keys', 'registry.idempotency_keys', 'collection.idempotency_keys'];

/**
 * An in-flight idempotency key names the process that is working on it: the id of its
 * process lease, a Postgres advisory lock the process holds for as long as it lives
 * (libs/idempotency ProcessLease). When the process dies, Postgres frees the lock and a
 * retry takes the key over at once instead of after the 60 s staleness limit (ADR 0007).
 * Rows written before have no owner and keep the staleness rule.
 */
export class IdempotencyKeyOwners1764230000014 implements MigrationInterface {
  name = 'IdempotencyKeyOwners1764230000014';

  async up(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} ADD COLUMN owner integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`ALTER TABLE ${table} DROP COLUMN owner`);
  }
}
