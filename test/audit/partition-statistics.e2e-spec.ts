// Must stay the first import: it sets this file's settings before any app module loads.
import './partition-statistics.env';
import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRunLauncher, AuditRunsRepository } from '@app/audit-runs';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { AuditProbe } from '../factories/audit.probe';
import { createTestApp } from '@app/testing';

/**
 * A partition job refreshes the planner statistics of its tables when many rows changed
 * since they were gathered: claims a bulk upload has just merged, estimated at a few rows,
 * made the matching pick a plan that took 63 s for 150,000 claims instead of 0.5 s. Shown by
 * the statistics' own record (pg_stat_user_tables.last_analyze: set by ANALYZE, which
 * autovacuum does not set). Never a timing.
 */
describe('planner statistics before a partition is audited', () => {
  const PERIOD = '2014-03';
  let app: INestApplication;
  let db: DataSource;

  beforeAll(async () => {
    app = await createTestApp(AuditAppModule);
    db = app.get(DataSource);
  });
  afterAll(() => app.close());

  it('are gathered again for claims partitions that changed a lot since', async () => {
    // 100,000 claims of a period of their own, as an upload merges them: ~6,000 a partition.
    await db.query(
      `INSERT INTO collection.claims (buyer_tax_id, period, invoice_code, invoice_number, issue_date,
              seller_tax_id, amount, tax_amount, status)
       SELECT '91440106MA5STATS0X', $1, '4400143333', lpad(g::text, 8, '0'), '2014-03-05',
              '91440106MA5STATS1X', 100, 13, 'accepted'
         FROM generate_series(1, 100000) g`,
      [PERIOD],
    );
    // The inserting session reports its counts to the statistics system within a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [{ since }] = await db.query<{ since: Date }[]>(`SELECT now() AS since`);

    const runs = app.get(AuditRunsRepository);
    const started = await app.get(AuditRunLauncher).start({ period: PERIOD }, { kind: 'on_demand' });
    const run = await new AuditProbe(db).waitForRun(runs, started!.id);
    expect(run.status).toBe('completed');

    const analysed = await db.query<{ name: string; fresh: boolean }[]>(
      `SELECT relname AS name, coalesce(last_analyze >= $1, false) AS fresh
         FROM pg_stat_user_tables WHERE schemaname = 'collection' AND relname LIKE 'claims\\_p%'
        ORDER BY relname`,
      [since],
    );
    expect(analysed.length).toBeGreaterThan(0);
    expect(analysed.filter((t) => !t.fresh)).toEqual([]);
  });
});
