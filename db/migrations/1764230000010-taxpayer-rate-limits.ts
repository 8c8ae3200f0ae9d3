import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A taxpayer's own request rate (docs/adr/0017-abuse-limits.md): a bureau admin raises it
 * for a big issuer, or resets it to the installation's default (all four columns NULL).
 * The enterprise guard reads the two figures in the same query that looks an API key up.
 * The bounds are those of RATE_LIMIT_ENTERPRISE_PER_SECOND and RATE_LIMIT_ENTERPRISE_BURST.
 */
export class TaxpayerRateLimits1764230000010 implements MigrationInterface {
  name = 'TaxpayerRateLimits1764230000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE registry.taxpayers
        ADD COLUMN rate_limit_per_second integer CHECK (rate_limit_per_second BETWEEN 1 AND 1000000),
        ADD COLUMN rate_limit_burst      integer CHECK (rate_limit_burst BETWEEN 1 AND 10000000),
        ADD COLUMN rate_limit_set_by     uuid REFERENCES registry.users (id),
        ADD COLUMN rate_limit_set_at     timestamptz,
        ADD CONSTRAINT taxpayers_rate_limit_whole CHECK (
          (rate_limit_per_second IS NULL) = (rate_limit_burst IS NULL)
          AND (rate_limit_per_second IS NULL) = (rate_limit_set_by IS NULL)
          AND (rate_limit_per_second IS NULL) = (rate_limit_set_at IS NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE registry.taxpayers
        DROP CONSTRAINT taxpayers_rate_limit_whole,
        DROP COLUMN rate_limit_set_at,
        DROP COLUMN rate_limit_set_by,
        DROP COLUMN rate_limit_burst,
        DROP COLUMN rate_limit_per_second`);
  }
}
