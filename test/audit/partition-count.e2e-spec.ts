import { Client } from 'pg';
import { dropDatabase, migrate } from '../../scripts/migrate';

/**
 * The number of invoice-key partitions is chosen at installation (INVOICE_KEY_PARTITIONS,
 * migration 5; the audit reads it from the catalog): it bounds how many audit jobs run at
 * once. A bad value stops the migration before it changes anything.
 */
describe('INVOICE_KEY_PARTITIONS at installation', () => {
  const base = new URL(process.env.DATABASE_URL!);
  const name = `${base.pathname.slice(1)}_partitions`.slice(0, 63);
  const url = (() => {
    const u = new URL(base.toString());
    u.pathname = `/${name}`;
    return u.toString();
  })();
  const saved = process.env.INVOICE_KEY_PARTITIONS;

  async function withClient<T>(target: string, work: (c: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: target });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  const partitionCounts = (): Promise<Record<string, number>> =>
    withClient(url, async (c) => {
      const { rows } = await c.query<{ parent: string; n: number }>(
        `SELECT p.parent, (SELECT count(*) FROM pg_inherits WHERE inhparent = p.parent::regclass)::int AS n
           FROM unnest(ARRAY['issuance.invoices', 'collection.seller_copies', 'collection.claims']) AS p(parent)`,
      );
      return Object.fromEntries(rows.map((r) => [r.parent, r.n]));
    });

  beforeEach(() => dropDatabase(url));

  afterAll(async () => {
    if (saved === undefined) delete process.env.INVOICE_KEY_PARTITIONS;
    else process.env.INVOICE_KEY_PARTITIONS = saved;
    await dropDatabase(url);
  });

  it('partitions the three audited tables alike, as many times as asked', async () => {
    process.env.INVOICE_KEY_PARTITIONS = '5';
    await migrate(url);
    expect(await partitionCounts()).toEqual({
      'issuance.invoices': 5,
      'collection.seller_copies': 5,
      'collection.claims': 5,
    });
    // Keys spread over the partitions: a claim lands in exactly one of them.
    const where = await withClient(url, async (c) => {
      await c.query(
        `INSERT INTO collection.claims (buyer_tax_id, period, invoice_code, invoice_number, issue_date,
                seller_tax_id, amount, tax_amount, status)
         VALUES ('91110000MA00000001', '2019-06', '1100191130', '00000001', '2019-06-01',
                 '91110000MA00000002', 100, 13, 'accepted')`,
      );
      const { rows } = await c.query<{ partition: string }>(
        `SELECT tableoid::regclass::text AS partition FROM collection.claims`,
      );
      return rows.map((r) => r.partition);
    });
    expect(where).toHaveLength(1);
    expect(where[0]).toMatch(/^collection\.claims_p0[0-4]$/);
  });

  it('defaults to 16', async () => {
    delete process.env.INVOICE_KEY_PARTITIONS;
    await migrate(url);
    expect(Object.values(await partitionCounts())).toEqual([16, 16, 16]);
  });

  it.each(['0', '1025', '2.5', 'many'])('refuses %s and leaves the tables as they were', async (setting) => {
    process.env.INVOICE_KEY_PARTITIONS = setting;
    await expect(migrate(url)).rejects.toThrow(/INVOICE_KEY_PARTITIONS must be an integer from 1 to 1024/);
    // Migration 5 runs in a transaction of its own: the earlier ones stay, it left nothing.
    const state = await withClient(url, async (c) => {
      const partitioned = await c.query(`SELECT count(*)::int AS n FROM pg_partitioned_table`);
      const applied = await c.query<{ name: string }>(
        `SELECT name FROM public.schema_migrations ORDER BY id`,
      );
      return { partitioned: partitioned.rows[0].n, applied: applied.rows.map((r) => r.name) };
    });
    expect(state.partitioned).toBe(0);
    expect(state.applied).toHaveLength(4);
    expect(state.applied).not.toContain('InvoiceKeyPartitions1764230000005');
  });
});
