import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rule of libs/domain `certificateCoversIssueDate` in SQL, for the audit (ADR 0021): a
 * certificate covers an issue date when its validity touches that calendar day in the
 * business time zone. Immutable (`timezone(text, timestamptz)` is) and a single expression,
 * so the planner inlines it: calling it costs what writing it out would. A test holds it to
 * the TypeScript rule's answers on the day boundaries.
 */
export class IssueDateValidity1764230000013 implements MigrationInterface {
  name = 'IssueDateValidity1764230000013';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION pki.covers_issue_date(not_before timestamptz, not_after timestamptz,
                                            issue_date date, time_zone text)
        RETURNS boolean
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN (not_before AT TIME ZONE time_zone)::date <= issue_date
           AND issue_date <= (not_after AT TIME ZONE time_zone)::date`);
    await q.query(`COMMENT ON FUNCTION pki.covers_issue_date(timestamptz, timestamptz, date, text) IS
      'Whether a certificate valid from not_before to not_after can seal an invoice dated issue_date: the validity touches that day in time_zone. libs/domain certificateCoversIssueDate.'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION pki.covers_issue_date(timestamptz, timestamptz, date, text)`);
  }
}
