import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { OFFICER_DB_ROLE } from '@app/migrations';

export { OFFICER_DB_ROLE };

/**
 * Jurisdiction enforced by Postgres as well as by the services (DESIGN §8): the work runs
 * in a transaction as the `jinshui_officer` role with the officer's subtree prefix set,
 * so row-level security hides every finding, case, event, assist request and roll-up
 * outside the subtree, whatever the query's own WHERE says (docs/adr/0014). Both settings
 * are LOCAL: they end with the transaction, and the pooled connection goes back clean.
 */
export async function inJurisdiction<T>(
  db: DataSource,
  scopePrefix: string,
  work: (m: EntityManager) => Promise<T>,
): Promise<T> {
  return db.transaction(async (m) => {
    await enterJurisdiction(m, scopePrefix);
    return work(m);
  });
}

/**
 * A query runner in a read-only transaction under the officer's jurisdiction, for work
 * that outlives one call (a streamed export reading a cursor). The caller ends it with
 * `leaveJurisdiction`.
 */
export async function openJurisdiction(db: DataSource, scopePrefix: string): Promise<QueryRunner> {
  const runner = db.createQueryRunner();
  try {
    await runner.connect();
    // One snapshot for the whole read: an export is consistent even while a run merges.
    await runner.startTransaction('REPEATABLE READ');
    await runner.query('SET TRANSACTION READ ONLY');
    await enterJurisdiction(runner.manager, scopePrefix);
    return runner;
  } catch (err) {
    await runner.release();
    throw err;
  }
}

export async function leaveJurisdiction(runner: QueryRunner): Promise<void> {
  try {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
  } finally {
    await runner.release();
  }
}

async function enterJurisdiction(m: EntityManager, scopePrefix: string): Promise<void> {
  if (!/^1[0-9]{0,6}$/.test(scopePrefix)) throw new Error(`Not a bureau scope prefix: ${scopePrefix}`);
  // One round trip: set_config('role', …, true) is SET LOCAL ROLE.
  await m.query(`SELECT set_config('jinshui.scope_prefix', $1, true), set_config('role', $2, true)`, [
    scopePrefix,
    OFFICER_DB_ROLE,
  ]);
}
