import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claims and seller-copies files are judged by their format rules as each row is staged
 * (libs/domain bulk-row-format), not by regular expressions in Postgres after staging:
 * V8 runs them in a fraction of the time (3.2 s of a million-row claims file's validation
 * went to Postgres' regex engine). upload_rows keeps the verdicts: format_error, the first
 * rule a row breaks, and for a claim whose seller tax ID has a wrong check character,
 * format_error_if_overridden, its verdict should registry.tax_id_overrides excuse that ID
 * (looked up by validation: staging holds no second connection while it copies).
 *
 * Rows staged by the previous version and not yet validated get their verdicts here, by the
 * rules that version ran after staging, so that an upload in flight across the upgrade is
 * judged exactly as before.
 */
export class RowFormatAtStaging1764230000021 implements MigrationInterface {
  name = 'RowFormatAtStaging1764230000021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE collection.upload_rows ADD COLUMN format_error text,
                                                    ADD COLUMN format_error_if_overridden text`);
    const money = `'^(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})?$'`;
    const badDate = (c: string) => `
      ${c} !~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
      OR (substr(${c}, 9, 2) > '28' AND substr(${c}, 9, 2)::int > extract(day from make_date(substr(${c}, 1, 4)::int,
            substr(${c}, 6, 2)::int, 1) + interval '1 month' - interval '1 day'))`;
    await q.query(`
      UPDATE collection.upload_rows r
         SET format_error = CASE
               WHEN r.c1 !~ '^[0-9]{9}[1-4]$' THEN 'INVOICE_CODE_INVALID'
               WHEN r.c2 !~ '^[0-9]{8}$' OR r.c2 = '00000000' THEN 'INVOICE_NUMBER_INVALID'
               WHEN ${badDate('r.c3')} THEN 'DATE_INVALID'
               WHEN NOT (r.c4 ~ '^[0-9A-HJ-NPQRTUWXY]{18}$' AND (registry.tax_id_check_ok(r.c4)
                         OR EXISTS (SELECT 1 FROM registry.tax_id_overrides o WHERE o.tax_id = r.c4))) THEN 'TAX_ID_INVALID'
               WHEN r.c5 !~ ${money} OR r.c5 ~ '^0(\\.0*)?$' OR r.c6 !~ ${money} THEN 'MONEY_INVALID'
               WHEN (r.c7 = '') <> (r.c8 = '') THEN 'SEAL_INCOMPLETE'
               WHEN r.c7 <> '' AND (r.c7 !~ '^[A-Za-z0-9+/]+={0,2}$' OR length(r.c8) <> 64 OR r.c8 !~ '^[0-9a-f]+$')
                 THEN 'SEAL_MALFORMED'
             END
        FROM collection.uploads u
       WHERE u.id = r.upload_id AND u.kind = 'claims' AND u.phase IS NULL AND r.parse_error IS NULL`);
    await q.query(`
      UPDATE collection.upload_rows r
         SET format_error = CASE
               WHEN r.c1 NOT IN ('special', 'ordinary') THEN 'INVOICE_TYPE_INVALID'
               WHEN r.c2 !~ '^[0-9]{9}[1-4]$' THEN 'INVOICE_CODE_INVALID'
               WHEN r.c3 !~ '^[0-9]{8}$' OR r.c3 = '00000000' THEN 'INVOICE_NUMBER_INVALID'
               WHEN ${badDate('r.c4')} THEN 'DATE_INVALID'
               WHEN length(r.c5) <> 18 OR r.c5 !~ '^[0-9A-HJ-NPQRTUWXY]+$' THEN 'TAX_ID_INVALID'
               WHEN r.c6 !~ ${money} OR r.c6 ~ '^0(\\.0*)?$' OR r.c7 !~ ${money} THEN 'MONEY_INVALID'
               WHEN length(r.c8) <> 64 OR r.c8 !~ '^[0-9a-f]+$' OR r.c9 !~ '^[A-Za-z0-9+/]+={0,2}$'
                 OR length(r.c10) NOT BETWEEN 2 AND 64 OR r.c10 !~ '^[0-9A-Fa-f]+$' THEN 'SEAL_MALFORMED'
             END
        FROM collection.uploads u
       WHERE u.id = r.upload_id AND u.kind = 'seller-copies' AND u.phase IS NULL AND r.parse_error IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE collection.upload_rows DROP COLUMN format_error,
                                                    DROP COLUMN format_error_if_overridden`);
  }
}
