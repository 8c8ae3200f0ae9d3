import { MigrationInterface, QueryRunner } from 'typeorm';

/** The role officer queries run as (SET LOCAL ROLE): row-level security applies to it. */
export const OFFICER_DB_ROLE = 'jinshui_officer';

/**
 * Bureau review (DESIGN §1, §8): the case trail of each finding and the replies to assist
 * requests, in the bureau app's own schema `review` (made by migration 1); the indexes the findings list needs;
 * and row-level security, so that an officer's query that forgets its jurisdiction filter
 * still sees nothing outside the officer's subtree (docs/adr/0014-jurisdiction-in-postgres.md).
 *
 * Officer queries run in a transaction that sets `jinshui.scope_prefix` (the subtree's code
 * prefix, docs/adr/0002) and `SET LOCAL ROLE jinshui_officer`. That role is not the tables'
 * owner and not a superuser, so the policies below bind it; with no scope set it sees no row.
 * The audit worker and migrations keep running as the owner, which RLS does not restrict.
 */
export class Review1764230000007 implements MigrationInterface {
  name = 'Review1764230000007';

  async up(q: QueryRunner): Promise<void> {
    // Roles belong to the cluster, not the database: another database (or a parallel test
    // run) may have made it already.
    await q.query(`
      DO $$ BEGIN
        CREATE ROLE ${OFFICER_DB_ROLE} NOLOGIN;
      EXCEPTION WHEN duplicate_object THEN NULL;
      END $$`);
    // A deployment that connects as a non-superuser must be allowed to SET ROLE to it.
    await q.query(`
      DO $$ BEGIN
        IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
          EXECUTE format('GRANT ${OFFICER_DB_ROLE} TO %I', current_user);
        END IF;
      END $$`);

    // The caller's subtree prefix, or NULL: nobody. A custom setting once set in a session
    // reads as '' after the transaction that set it, hence nullif.
    await q.query(`
      CREATE FUNCTION review.caller_scope() RETURNS text
        LANGUAGE sql STABLE
        AS $$ SELECT nullif(current_setting('jinshui.scope_prefix', true), '') $$`);

    // A finding without a row here is 'open'; the row is made by its first transition.
    await q.query(`
      CREATE TABLE review.cases (
        finding_id bigint PRIMARY KEY REFERENCES audit.findings (id),
        status     text NOT NULL CHECK (status IN ('open', 'investigating', 'confirmed', 'cleared')),
        updated_by uuid NOT NULL REFERENCES registry.users (id),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX cases_status_idx ON review.cases (status, finding_id)`);
    // Every transition: who, when, why. Never updated or deleted.
    await q.query(`
      CREATE TABLE review.case_events (
        id                bigserial PRIMARY KEY,
        finding_id        bigint NOT NULL REFERENCES audit.findings (id),
        from_status       text NOT NULL,
        to_status         text NOT NULL,
        comment           text NOT NULL CHECK (length(comment) BETWEEN 1 AND 2000),
        actor_id          uuid NOT NULL REFERENCES registry.users (id),
        actor_username    text NOT NULL,
        actor_bureau_code text COLLATE "C" NOT NULL,
        at                timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_events_finding_idx ON review.case_events (finding_id, id)`);

    // The answer to an assist request (协查回复): one per request.
    await q.query(`
      CREATE TABLE review.assist_replies (
        request_id        uuid PRIMARY KEY REFERENCES audit.assist_requests (id),
        conclusion        text NOT NULL CHECK (conclusion IN ('genuine', 'false', 'undetermined')),
        evidence_note     text NOT NULL CHECK (length(evidence_note) BETWEEN 1 AND 4000),
        replied_by        uuid NOT NULL REFERENCES registry.users (id),
        replied_by_bureau text COLLATE "C" NOT NULL,
        replied_at        timestamptz NOT NULL DEFAULT now()
      )`);

    // The findings list: by period in order of tax at risk (national and provincial lists,
    // exports), by either party's bureau (a code range: text comparison is leakproof, so it
    // can use these under row-level security where LIKE cannot), and by either taxpayer.
    // The lists' sort key in cents: under row-level security only leakproof operators may
    // start an index scan, and numeric's are not (int8's are), so a keyset cursor on the
    // numeric column would be a filter that walks the index from the top on every page.
    await q.query(`ALTER TABLE audit.findings
                     ADD COLUMN tax_at_risk_cents bigint GENERATED ALWAYS AS ((tax_at_risk * 100)::bigint) STORED`);
    await q.query(
      `CREATE INDEX findings_risk_idx ON audit.findings (period, tax_at_risk_cents DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX findings_seller_bureau_idx ON audit.findings (seller_bureau_code, period)`);
    await q.query(`CREATE INDEX findings_buyer_bureau_idx ON audit.findings (buyer_bureau_code, period)`);
    await q.query(`CREATE INDEX findings_seller_idx ON audit.findings (seller_tax_id, period)`);
    await q.query(`CREATE INDEX findings_buyer_idx ON audit.findings (buyer_tax_id, period)`);

    await q.query(
      `GRANT USAGE ON SCHEMA registry, issuance, collection, audit, review TO ${OFFICER_DB_ROLE}`,
    );
    await q.query(
      `GRANT SELECT ON ALL TABLES IN SCHEMA registry, issuance, collection, audit TO ${OFFICER_DB_ROLE}`,
    );
    await q.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA review TO ${OFFICER_DB_ROLE}`);
    await q.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA review TO ${OFFICER_DB_ROLE}`);
    // Tables later migrations add (made by the same user) are readable the same way.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA registry, issuance, collection, audit
                   GRANT SELECT ON TABLES TO ${OFFICER_DB_ROLE}`);

    // A finding is the business of the districts of both parties and all their ancestors.
    const findingVisible = `(seller_bureau_code LIKE review.caller_scope() || '%'
                           OR buyer_bureau_code LIKE review.caller_scope() || '%')`;
    // Rows that hang off a finding are visible with it (the subquery is itself under RLS).
    const ofVisibleFinding = `EXISTS (SELECT 1 FROM audit.findings f WHERE f.id = finding_id)`;
    const assistVisible = `(from_bureau_code LIKE review.caller_scope() || '%'
                          OR to_bureau_code LIKE review.caller_scope() || '%')`;
    const policies: [table: string, using: string][] = [
      ['audit.findings', findingVisible],
      ['audit.finding_events', ofVisibleFinding],
      ['audit.assist_requests', assistVisible],
      ['audit.rollups', `bureau_code LIKE review.caller_scope() || '%'`],
      ['review.cases', ofVisibleFinding],
      ['review.case_events', ofVisibleFinding],
      ['review.assist_replies', `EXISTS (SELECT 1 FROM audit.assist_requests a WHERE a.id = request_id)`],
    ];
    for (const [table, using] of policies) {
      await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(
        `CREATE POLICY in_jurisdiction ON ${table} TO ${OFFICER_DB_ROLE} USING (${using}) WITH CHECK (${using})`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit.findings',
      'audit.finding_events',
      'audit.assist_requests',
      'audit.rollups',
    ]) {
      await q.query(`DROP POLICY in_jurisdiction ON ${table}`);
      await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
    }
    for (const index of [
      'findings_risk_idx',
      'findings_seller_bureau_idx',
      'findings_buyer_bureau_idx',
      'findings_seller_idx',
      'findings_buyer_idx',
    ]) {
      await q.query(`DROP INDEX audit.${index}`);
    }
    await q.query(`ALTER TABLE audit.findings DROP COLUMN tax_at_risk_cents`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA registry, issuance, collection, audit
                   REVOKE SELECT ON TABLES FROM ${OFFICER_DB_ROLE}`);
    await q.query(
      `REVOKE ALL ON ALL TABLES IN SCHEMA registry, issuance, collection, audit FROM ${OFFICER_DB_ROLE}`,
    );
    await q.query(`REVOKE USAGE ON SCHEMA registry, issuance, collection, audit FROM ${OFFICER_DB_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA review FROM ${OFFICER_DB_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA review FROM ${OFFICER_DB_ROLE}`);
    for (const table of ['assist_replies', 'case_events', 'cases'])
      await q.query(`DROP TABLE review.${table}`);
    await q.query(`DROP FUNCTION review.caller_scope()`);
  }
}
