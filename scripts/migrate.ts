import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/database';
import { BaseConfig, loadConfig } from '@app/platform';

/** Runs `work` on the server's maintenance database with the name of the database in `url`. */
async function onServerOf(
  url: string,
  work: (client: Client, name: string) => Promise<unknown>,
): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Refusing unusual database name "${name}"`);
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    await work(client, name);
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL if it is missing (CREATE DATABASE cannot run in a transaction). */
export async function ensureDatabase(url: string): Promise<void> {
  await onServerOf(url, async (client, name) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  });
}

/** Drops the database named in the URL, if it exists, closing its connections (tests, benches). */
export async function dropDatabase(url: string): Promise<void> {
  await onServerOf(url, (client, name) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Applies every pending migration, each in its own transaction; returns their names. */
export async function migrate(url: string): Promise<string[]> {
  await ensureDatabase(url);
  const ds = new DataSource({ ...dataSourceOptions(url, 'jinshui-migrate', 2), logging: ['error'] });
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

if (require.main === module) {
  const config = loadConfig(BaseConfig);
  migrate(config.DATABASE_URL)
    .then((names) => {
      process.stdout.write(names.length ? `applied: ${names.join(', ')}\n` : 'database is up to date\n');
    })
    .catch((err: unknown) => {
      process.stderr.write(`migration failed: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    });
}
