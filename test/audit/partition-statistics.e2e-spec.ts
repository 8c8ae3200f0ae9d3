import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRunLauncherService, AuditRunsRepository } from '@app/audit-runs';
import { AuditAppModule } from '../../apps/audit/src/app.module';
import { AuditProbe } from '../factories/audit.probe';
import { createTestApp, fileSettings } from '@app/testing';

/**
 * This file's settings (fileSettings): its own bull prefix, the in-process audit app
 * consumes it, no nightly schedule.
 */
const SETTINGS = fileSettings('partition-statistics', {
  AUDIT_CONCURRENCY: '2',
  AUDIT_NIGHTLY: '0',
});

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
    app = await createTestApp(AuditAppModule.forRoot(SETTINGS));
    db = app.get(DataSource);
  });
  afterAll(() => app.close());

  it('are gathered again for claims partitions that changed a lot since', async () => {
    const partitions = await claimsPartitions();
    // Autovacuum would otherwise analyse some partitions first (it set last_autoanalyze on
    // five of sixteen in one CI run) and leave the job nothing to do. Other suites share
    // this database, so the setting is put back afterwards.
    await setAutovacuum(partitions, false);
    try {
      const [{ since }] = await db.query<{ since: Date }[]>(`SELECT clock_timestamp() AS since`);
      // 100,000 claims of a period of their own, as an upload merges them: ~6,000 a partition.
      await db.query(
        `INSERT INTO collection.claims (buyer_tax_id, period, invoice_code, invoice_number, issue_date,
                seller_tax_id, amount, tax_amount, status)
         SELECT '91440106MA5STATS0X', $1, '4400143333', lpad(g::text, 8, '0'), '2014-03-05',
                '91440106MA5STATS1X', 100, 13, 'accepted'
           FROM generate_series(1, 100000) g`,
        [PERIOD],
      );
      // A session reports its counts to the statistics system within a second when idle, later
      // when the server is busy: wait until they show, instead of guessing how long.
      await waitForCounts(partitions, since);

      const runs = app.get(AuditRunsRepository);
      const started = await app.get(AuditRunLauncherService).start({ period: PERIOD }, { kind: 'on_demand' });
      const run = await new AuditProbe(db).waitForRun(runs, started!.id);
      expect(run.status).toBe('completed');

      const analysed = await db.query<{ name: string; fresh: boolean }[]>(
        `SELECT relname AS name, coalesce(last_analyze >= $1, false) AS fresh
           FROM pg_stat_user_tables WHERE schemaname = 'collection' AND relname = ANY ($2)
          ORDER BY relname`,
        [since, partitions],
      );
      expect(analysed.length).toBe(partitions.length);
      expect(analysed.filter((t) => !t.fresh)).toEqual([]);
    } finally {
      await setAutovacuum(partitions, true);
    }
  });

  async function claimsPartitions(): Promise<string[]> {
    const rows = await db.query<{ name: string }[]>(
      `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'collection.claims'::regclass ORDER BY c.relname`,
    );
    return rows.map((r) => r.name);
  }

  async function setAutovacuum(partitions: string[], enabled: boolean): Promise<void> {
    for (const name of partitions) {
      const sql = enabled ? 'RESET (autovacuum_enabled)' : 'SET (autovacuum_enabled = false)';
      await db.query(`ALTER TABLE collection.${name} ${sql}`);
    }
  }

  /** Until every partition shows its new rows as changed, or has been analysed since. */
  async function waitForCounts(partitions: string[], since: Date): Promise<void> {
    for (let attempt = 0; attempt < 120; attempt++) {
      const [{ waiting }] = await db.query<{ waiting: string }[]>(
        `SELECT count(*) AS waiting FROM pg_stat_user_tables
          WHERE schemaname = 'collection' AND relname = ANY ($1)
            AND n_mod_since_analyze < 500 AND coalesce(last_analyze < $2, true)`,
        [partitions, since],
      );
      if (Number(waiting) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error('the statistics system never reported the inserted claims');
  }
});
