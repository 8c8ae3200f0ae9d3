import { Client } from 'pg';
import { migrate } from '../../scripts/migrate';

const BASE = process.env.BENCH_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** A fresh, migrated database for one benchmark run (dropped first if an earlier run left it). */
export async function freshBenchDatabase(name: string): Promise<string> {
  const admin = new Client({ connectionString: `${BASE}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
  const url = `${BASE}/${name}`;
  await migrate(url);
  return url;
}
