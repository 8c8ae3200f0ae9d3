import { dropDatabase, migrate } from '../../scripts/migrate';

const BASE = process.env.BENCH_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** The URL of the benchmark database `name` on the bench server. */
export const benchDatabaseUrl = (name: string): string => `${BASE}/${name}`;

/** A fresh, migrated database for one benchmark run (dropped first if an earlier run left it). */
export async function freshBenchDatabase(name: string): Promise<string> {
  const url = benchDatabaseUrl(name);
  await dropDatabase(url);
  await migrate(url);
  return url;
}
