import { QueryFailedError } from 'typeorm';

/** SQLSTATEs turned into stable conflict codes: constraints are the truth under concurrency. */
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_EXCLUSION_VIOLATION = '23P01';

/** True when Postgres refused a statement with this SQLSTATE. */
export function isPgError(err: unknown, sqlState: string): boolean {
  return err instanceof QueryFailedError && (err.driverError as { code?: string }).code === sqlState;
}
