import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cheaper merges of a partition's findings (docs/adr/0012, "Third pass"). A partition job
 * inserts each of its thousands of findings into every index of audit.findings, and that
 * upkeep is most of the merge:
 *
 * - The upsert's key becomes (period, partition, identity). An identity names its invoice,
 *   hence its partition, so it is unique exactly when (period, identity) was; but a job's
 *   inserts now land in its own slice of the index, which stays in memory however large the
 *   period grows, instead of at random places all over it.
 * - That key also finds a partition's active findings (the merge resolves those it no longer
 *   sees), so the partial index that did only that is dropped: one index fewer per finding.
 * - Assist requests lose their foreign keys, as findings and their events never had them
 *   (migration 6): one statement writes them, from a finding it has just upserted, the run
 *   it holds a lock on and bureau codes read from registry.taxpayers (itself checked against
 *   registry.bureaus); nothing deletes findings, runs or bureaus. Four triggers a request
 *   re-proved that for about 3 % of a partition job. Replies keep theirs.
 */
export class FindingsKeyedByPartition1764230000008 implements MigrationInterface {
  name = 'FindingsKeyedByPartition1764230000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit.findings
                     ADD CONSTRAINT findings_period_partition_identity_key UNIQUE (period, partition, identity)`);
    await q.query(`ALTER TABLE audit.findings DROP CONSTRAINT findings_period_identity_key`);
    await q.query(`DROP INDEX audit.findings_active_partition_idx`);
    for (const fk of FOREIGN_KEYS) {
      await q.query(`ALTER TABLE audit.assist_requests DROP CONSTRAINT ${fk.name}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const fk of FOREIGN_KEYS) {
      await q.query(`ALTER TABLE audit.assist_requests ADD CONSTRAINT ${fk.name} ${fk.definition}`);
    }
    await q.query(`CREATE INDEX findings_active_partition_idx ON audit.findings (period, partition)
                   WHERE state = 'active'`);
    await q.query(
      `ALTER TABLE audit.findings ADD CONSTRAINT findings_period_identity_key UNIQUE (period, identity)`,
    );
    await q.query(`ALTER TABLE audit.findings DROP CONSTRAINT findings_period_partition_identity_key`);
  }
}

const FOREIGN_KEYS = [
  {
    name: 'assist_requests_finding_id_fkey',
    definition: 'FOREIGN KEY (finding_id) REFERENCES audit.findings (id)',
  },
  {
    name: 'assist_requests_from_bureau_code_fkey',
    definition: 'FOREIGN KEY (from_bureau_code) REFERENCES registry.bureaus (code)',
  },
  {
    name: 'assist_requests_to_bureau_code_fkey',
    definition: 'FOREIGN KEY (to_bureau_code) REFERENCES registry.bureaus (code)',
  },
  {
    name: 'assist_requests_opened_by_run_id_fkey',
    definition: 'FOREIGN KEY (opened_by_run_id) REFERENCES audit.runs (id)',
  },
];
