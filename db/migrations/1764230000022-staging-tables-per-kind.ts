import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each kind of bulk file is staged in a table of its own whose text columns are named for
 * the file's columns (its CSV headers), instead of all kinds sharing collection.upload_rows
 * and its generic c1..c10 (ADR 0008). Written out here rather than read from the app's
 * UPLOAD_KIND_SPECS, so that this migration stays what it was when the specs change.
 *
 * Every table keeps what upload_rows had: the bookkeeping columns before the file's, the
 * primary key (upload_id, row_number), logged (migration 15), no foreign key (the COPY
 * checks none). Rows of uploads in flight move to their kind's table by the upload's kind;
 * rows of uploads that no longer exist were scratch nobody could reach, and go.
 */
const KINDS = [
  {
    kind: 'claims',
    table: 'collection.claim_upload_rows',
    columns: [
      'invoice_code',
      'invoice_number',
      'issue_date',
      'seller_tax_id',
      'amount',
      'tax_amount',
      'signature',
      'content_hash',
    ],
  },
  {
    kind: 'returns',
    table: 'collection.return_upload_rows',
    columns: [
      'period',
      'special_sales',
      'special_output_tax',
      'other_sales',
      'other_output_tax',
      'input_tax',
    ],
  },
  {
    kind: 'seller-copies',
    table: 'collection.seller_copy_upload_rows',
    columns: [
      'type',
      'invoice_code',
      'invoice_number',
      'issue_date',
      'buyer_tax_id',
      'amount',
      'tax_amount',
      'content_hash',
      'signature',
      'certificate_serial',
    ],
  },
];

const BOOKKEEPING =
  'upload_id, row_number, parse_error, parse_detail, format_error, format_error_if_overridden';

/** c1..cN: the generic columns upload_rows stored a file's columns in, in order. */
const generic = (columns: readonly string[], alias = '') =>
  columns.map((_, i) => `${alias}c${i + 1}`).join(', ');

export class StagingTablesPerKind1764230000022 implements MigrationInterface {
  name = 'StagingTablesPerKind1764230000022';

  async up(q: QueryRunner): Promise<void> {
    for (const { kind, table, columns } of KINDS) {
      await q.query(`
        CREATE TABLE ${table} (
          upload_id                  uuid NOT NULL,
          row_number                 integer NOT NULL,
          parse_error                text,
          parse_detail               text,
          format_error               text,
          format_error_if_overridden text,
          ${columns.map((c) => `${c} text`).join(', ')},
          PRIMARY KEY (upload_id, row_number)
        )`);
      await q.query(
        `INSERT INTO ${table} (${BOOKKEEPING}, ${columns.join(', ')})
         SELECT r.upload_id, r.row_number, r.parse_error, r.parse_detail, r.format_error, r.format_error_if_overridden,
                ${generic(columns, 'r.')}
           FROM collection.upload_rows r JOIN collection.uploads u ON u.id = r.upload_id
          WHERE u.kind = $1`,
        [kind],
      );
    }
    await q.query(`DROP TABLE collection.upload_rows`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE collection.upload_rows (
        upload_id    uuid NOT NULL,
        row_number   integer NOT NULL,
        parse_error  text,
        parse_detail text,
        c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text, c9 text, c10 text,
        format_error text,
        format_error_if_overridden text,
        PRIMARY KEY (upload_id, row_number)
      )`);
    for (const { table, columns } of KINDS) {
      await q.query(
        `INSERT INTO collection.upload_rows (${BOOKKEEPING}, ${generic(columns)})
         SELECT ${BOOKKEEPING}, ${columns.join(', ')} FROM ${table}`,
      );
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
