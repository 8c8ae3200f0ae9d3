import { QueryFailedError } from 'typeorm';

/**
 * Whether a failed batch transaction may be replayed request by request. Only when
 * Postgres itself refused a statement and the session lives on (a constraint, a raised
 * exception, a deadlock `40P01`, a cancelled statement): then the rollback is certain.
 * A lost session (SQLSTATE class 08, `57P0x` such as `pg_terminate_backend`, or a driver
 * error without SQLSTATE) is not replayed: every caller gets the error, as each would
 * today when its own session dies. An error during COMMIT is never replayed either (the
 * caller checks that): the commit may have happened.
 */
export function mayReplayRequestByRequest(err: unknown): boolean {
  if (!(err instanceof QueryFailedError)) return true;
  const code = (err.driverError as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return false;
  return !code.startsWith('08') && !code.startsWith('57P0');
}
