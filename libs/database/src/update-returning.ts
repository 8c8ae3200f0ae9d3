import type { EntityManager } from 'typeorm';

/**
 * Runs an `UPDATE … RETURNING` and gives its rows. TypeORM's Postgres driver answers an
 * UPDATE or DELETE with `[rows, affectedCount]` instead of the rows (an INSERT gives the
 * rows), which makes `result.length` always 2: never read such a result directly.
 */
export async function updateReturning<T>(
  manager: EntityManager,
  sql: string,
  params: unknown[],
): Promise<T[]> {
  const result = await manager.query<[T[], number]>(sql, params);
  return result[0];
}
