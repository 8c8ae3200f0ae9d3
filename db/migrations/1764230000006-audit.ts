import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cross-audit (DESIGN §7): runs, their per-partition output, the findings that
 * outlive runs (with a history of when each appeared, changed and cleared), roll-ups per
 * bureau, period and category, and the assist requests (协查) opened for cross-province
 * findings. docs/adr/0011-audit-partitions.md and 0012-audit-runs-and-findings.md.
 */
export class Audit1764230000006 implements MigrationInterface {
  name = 'Audit1764230000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit.runs (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind             text NOT NULL CHECK (kind IN ('nightly', 'on_demand')),
        period           text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        -- Scope: the whole country, a bureau subtree, or a list of taxpayers (never both).
        bureau_code      text COLLATE "C" REFERENCES registry.bureaus (code),
        tax_ids          text[] COLLATE "C",
        rule_version     integer NOT NULL,
        parameters       jsonb NOT NULL,
        -- Whether the run's findings become the current ones (merge, roll-ups, assist
        -- requests). A trial run (an auditor's own parameters) only reports its counts.
        publishes        boolean NOT NULL DEFAULT true,
        status           text NOT NULL CHECK (status IN ('queued', 'running', 'finalizing', 'completed', 'failed')),
        partitions_total integer NOT NULL CHECK (partitions_total > 0),
        partitions_done  integer NOT NULL DEFAULT 0,
        -- Per category: findings (and MATCHED claims) and tax at risk; set when completed.
        counts           jsonb,
        tax_at_risk      jsonb,
        -- Rows stamped at or before the watermark are the run's input.
        watermark        timestamptz NOT NULL,
        -- Nightly runs: 'nightly:<Beijing date>:<period>'; a second trigger of the same night is refused.
        trigger_key      text UNIQUE,
        requested_by     uuid REFERENCES registry.users (id),
        request_id       text,
        error            text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        started_at       timestamptz,
        finished_at      timestamptz,
        CHECK (bureau_code IS NULL OR tax_ids IS NULL),
        CHECK (partitions_done BETWEEN 0 AND partitions_total)
      )`);
    // The database guard of the nightly schedule: at most one nightly run per period in flight.
    await q.query(`CREATE UNIQUE INDEX runs_one_nightly_in_flight ON audit.runs (period)
                   WHERE kind = 'nightly' AND status IN ('queued', 'running', 'finalizing')`);
    await q.query(`CREATE INDEX runs_period_idx ON audit.runs (period, created_at DESC)`);
    await q.query(`CREATE INDEX runs_created_idx ON audit.runs (created_at DESC, id)`);
    // The taxpayers of a scoped run, resolved once when it is created.
    await q.query(`
      CREATE TABLE audit.run_scope_taxpayers (
        run_id uuid NOT NULL REFERENCES audit.runs (id) ON DELETE CASCADE,
        tax_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (run_id, tax_id)
      )`);
    await q.query(`
      CREATE TABLE audit.run_partitions (
        run_id      uuid NOT NULL REFERENCES audit.runs (id) ON DELETE CASCADE,
        partition   integer NOT NULL,
        claims      integer NOT NULL,
        matched     integer NOT NULL,
        findings    integer NOT NULL,
        attempts    integer NOT NULL DEFAULT 1,
        duration_ms integer NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, partition)
      )`);
    // Per-invoice findings of one run, written by its partition jobs (each replaces its own
    // rows); 10^5 rows a run, so no foreign key (a per-row check) to the run.
    await q.query(`
      CREATE TABLE audit.run_findings (
        run_id         uuid NOT NULL,
        partition      integer NOT NULL,
        identity       text COLLATE "C" NOT NULL,
        category       text NOT NULL,
        invoice_code   text,
        invoice_number text,
        seller_tax_id  text COLLATE "C",
        buyer_tax_id   text COLLATE "C",
        tax_at_risk    numeric(18, 2) NOT NULL,
        details        jsonb NOT NULL,
        -- An identity names its invoice, hence its partition: unique per run, and the key
        -- serves both readers (a run's findings; a partition job's own).
        PRIMARY KEY (run_id, partition, identity)
      )`);
    // Per-taxpayer sums of one partition, added up when the run is finalised (票表比对).
    await q.query(`
      CREATE TABLE audit.run_taxpayer_totals (
        run_id      uuid NOT NULL REFERENCES audit.runs (id) ON DELETE CASCADE,
        partition   integer NOT NULL,
        tax_id      text COLLATE "C" NOT NULL,
        output_tax  numeric(18, 2) NOT NULL,
        claimed_tax numeric(18, 2) NOT NULL,
        PRIMARY KEY (run_id, partition, tax_id)
      )`);

    // A finding outlives runs: one row per (period, identity), updated by each later run.
    // Written 10^5 rows at a time by one writer (the finaliser), so no foreign keys to runs
    // (a per-row trigger each: they doubled the merge) and only the indexes the merge uses;
    // the review API (issue 6) adds the access paths its lists need.
    await q.query(`
      CREATE TABLE audit.findings (
        id                 bigserial PRIMARY KEY,
        period             text NOT NULL,
        -- Hash partition of the invoice key (-1: per-taxpayer): the partition job that merges it.
        partition          integer NOT NULL,
        identity           text COLLATE "C" NOT NULL,
        category           text NOT NULL,
        invoice_code       text,
        invoice_number     text,
        seller_tax_id      text COLLATE "C",
        buyer_tax_id       text COLLATE "C",
        seller_bureau_code text COLLATE "C",
        buyer_bureau_code  text COLLATE "C",
        tax_at_risk        numeric(18, 2) NOT NULL,
        details            jsonb NOT NULL,
        state              text NOT NULL CHECK (state IN ('active', 'resolved')),
        first_run_id       uuid NOT NULL,
        last_run_id        uuid NOT NULL,
        -- Watermark of the run that last judged it: an older run finishing late changes nothing.
        last_watermark     timestamptz NOT NULL,
        first_seen_at      timestamptz NOT NULL,
        last_seen_at       timestamptz NOT NULL,
        resolved_at        timestamptz,
        UNIQUE (period, identity),
        CHECK ((state = 'resolved') = (resolved_at IS NOT NULL))
      )`);
    // A partition job resolves the active findings of its partition that it no longer sees.
    await q.query(`CREATE INDEX findings_active_partition_idx ON audit.findings (period, partition)
                   WHERE state = 'active'`);
    // History of each finding across runs (same reasons: one writer, no foreign keys).
    await q.query(`
      CREATE TABLE audit.finding_events (
        id          bigserial PRIMARY KEY,
        finding_id  bigint NOT NULL,
        run_id      uuid NOT NULL,
        event       text NOT NULL CHECK (event IN ('appeared', 'changed', 'resolved', 'reappeared')),
        tax_at_risk numeric(18, 2) NOT NULL,
        -- What the finding became where it changed or came back; the finding row holds the rest.
        details     jsonb,
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX finding_events_finding_idx ON audit.finding_events (finding_id, id)`);
    await q.query(`CREATE INDEX finding_events_run_idx ON audit.finding_events (run_id)`);

    // Active findings per bureau (every tier), period and category; recomputed per period.
    await q.query(`
      CREATE TABLE audit.rollups (
        period      text NOT NULL,
        bureau_code text COLLATE "C" NOT NULL REFERENCES registry.bureaus (code),
        category    text NOT NULL,
        findings    integer NOT NULL,
        tax_at_risk numeric(18, 2) NOT NULL,
        run_id      uuid NOT NULL REFERENCES audit.runs (id),
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (period, bureau_code, category)
      )`);

    // 协查: the buyer's bureau asks the seller's bureau (another province) to investigate.
    await q.query(`
      CREATE TABLE audit.assist_requests (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        finding_id        bigint NOT NULL UNIQUE REFERENCES audit.findings (id),
        period            text NOT NULL,
        from_bureau_code  text COLLATE "C" NOT NULL REFERENCES registry.bureaus (code),
        to_bureau_code    text COLLATE "C" NOT NULL REFERENCES registry.bureaus (code),
        status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'replied', 'closed')),
        opened_by_run_id  uuid NOT NULL REFERENCES audit.runs (id),
        opened_at         timestamptz NOT NULL DEFAULT now(),
        due_at            timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX assist_requests_to_idx ON audit.assist_requests (to_bureau_code, status, due_at)`,
    );
    await q.query(
      `CREATE INDEX assist_requests_from_idx ON audit.assist_requests (from_bureau_code, status, due_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'assist_requests',
      'rollups',
      'finding_events',
      'findings',
      'run_taxpayer_totals',
      'run_findings',
      'run_partitions',
      'run_scope_taxpayers',
      'runs',
    ]) {
      await q.query(`DROP TABLE audit.${table}`);
    }
  }
}
