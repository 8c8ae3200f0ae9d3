import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public verification counts its checks in Redis now, per client address × invoice ×
 * Beijing day and per client address for misses (ADR 0019), on the abuse-limit core's
 * counters that expire by themselves. issuance.verification_checks, one global count per
 * invoice and day that anyone could exhaust and that nothing pruned, is dropped; its
 * counts are not carried over (they were today's at most). `down` recreates it empty.
 */
export class VerificationChecksInRedis1764230000012 implements MigrationInterface {
  name = 'VerificationChecksInRedis1764230000012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE issuance.verification_checks`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE issuance.verification_checks (
        invoice_code   text NOT NULL,
        invoice_number text NOT NULL,
        check_day      date NOT NULL,
        checks         integer NOT NULL,
        PRIMARY KEY (invoice_code, invoice_number, check_day)
      )`);
  }
}
