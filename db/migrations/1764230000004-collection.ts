import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collection: VAT returns (versioned: a correction supersedes, both kept), offline seller
 * copies, bulk uploads with their staging rows, per-row errors and seal-check results.
 * Staging tables are UNLOGGED: they are a scratch copy of the uploaded file, fast to COPY
 * into; a Postgres crash empties them and the upload is reported failed (re-upload).
 */
export class Collection1764230000004 implements MigrationInterface {
  name = 'Collection1764230000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE collection.vat_returns (
        tax_id             text COLLATE "C" NOT NULL REFERENCES registry.taxpayers (tax_id),
        period             text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        version            integer NOT NULL CHECK (version >= 1),
        special_sales      numeric(18, 2) NOT NULL CHECK (special_sales >= 0),
        special_output_tax numeric(18, 2) NOT NULL CHECK (special_output_tax >= 0),
        other_sales        numeric(18, 2) NOT NULL CHECK (other_sales >= 0),
        other_output_tax   numeric(18, 2) NOT NULL CHECK (other_output_tax >= 0),
        input_tax          numeric(18, 2) NOT NULL CHECK (input_tax >= 0),
        source             text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'upload')),
        upload_id          uuid,
        row_number         integer,
        filed_at           timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tax_id, period, version)
      )`);
    await q.query(`
      CREATE VIEW collection.current_vat_returns AS
        SELECT DISTINCT ON (tax_id, period) *
          FROM collection.vat_returns
         ORDER BY tax_id, period, version DESC`);

    await q.query(`
      CREATE TABLE collection.seller_copies (
        id                 bigserial PRIMARY KEY,
        invoice_code       text NOT NULL,
        invoice_number     text NOT NULL,
        type               text NOT NULL,
        seller_tax_id      text COLLATE "C" NOT NULL,
        buyer_tax_id       text COLLATE "C" NOT NULL,
        issue_date         date NOT NULL,
        amount             numeric(18, 2) NOT NULL,
        tax_amount         numeric(18, 2) NOT NULL,
        content_hash       text NOT NULL,
        signature          text NOT NULL,
        certificate_serial text COLLATE "C" NOT NULL,
        status             text NOT NULL CHECK (status IN ('accepted', 'rejected')),
        reason_code        text,
        source             text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'upload')),
        upload_id          uuid,
        row_number         integer,
        created_at         timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'rejected') = (reason_code IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX seller_copies_key ON collection.seller_copies (invoice_code, invoice_number)
                   WHERE status = 'accepted'`);
    await q.query(
      `CREATE INDEX seller_copies_seller_idx ON collection.seller_copies (seller_tax_id, issue_date)`,
    );
    await q.query(`CREATE INDEX seller_copies_rejected_upload_rows ON collection.seller_copies (upload_id, row_number)
                   WHERE status = 'rejected' AND upload_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE collection.uploads (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tax_id         text COLLATE "C" NOT NULL REFERENCES registry.taxpayers (tax_id),
        kind           text NOT NULL CHECK (kind IN ('claims', 'returns', 'seller-copies')),
        period         text,
        format         text NOT NULL CHECK (format IN ('csv', 'ndjson')),
        file_sha256    text,
        bytes          bigint NOT NULL DEFAULT 0,
        status         text NOT NULL CHECK (status IN ('receiving', 'queued', 'processing', 'completed', 'failed')),
        phase          text,
        rows_total     integer NOT NULL DEFAULT 0,
        last_row       integer NOT NULL DEFAULT 0,
        rows_accepted  integer NOT NULL DEFAULT 0,
        rows_rejected  integer NOT NULL DEFAULT 0,
        -- Rows merged so far (the sum of committed batches).
        merged_through integer NOT NULL DEFAULT 0,
        error          text,
        created_at     timestamptz NOT NULL DEFAULT now(),
        started_at     timestamptz,
        completed_at   timestamptz
      )`);
    // The same file for the same purpose is processed once: a second upload returns the first.
    await q.query(`CREATE UNIQUE INDEX uploads_same_file ON collection.uploads (tax_id, kind, coalesce(period, ''), file_sha256)
                   WHERE status IN ('queued', 'processing', 'completed')`);
    await q.query(`CREATE INDEX uploads_tax_id_idx ON collection.uploads (tax_id, created_at DESC)`);

    await q.query(`
      CREATE UNLOGGED TABLE collection.upload_rows (
        upload_id    uuid NOT NULL,
        row_number   integer NOT NULL,
        parse_error  text,
        parse_detail text,
        c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text, c9 text, c10 text,
        PRIMARY KEY (upload_id, row_number)
      )`);
    await q.query(`
      CREATE UNLOGGED TABLE collection.upload_duplicates (
        upload_id  uuid NOT NULL,
        row_number integer NOT NULL,
        PRIMARY KEY (upload_id, row_number)
      )`);
    // GB 32100-2015 check character, for set-based validation of bulk files (mirrors
    // libs/domain checkTaxId; a unit test compares both on random codes).
    await q.query(`
      CREATE FUNCTION registry.tax_id_check_ok(id text) RETURNS boolean
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT length(id) = 18 AND substr('0123456789ABCDEFGHJKLMNPQRTUWXY',
                 ((31 - sum((strpos('0123456789ABCDEFGHJKLMNPQRTUWXY', substr(id, i::int, 1)) - 1) * w) % 31) % 31)::int + 1,
                 1) = substr(id, 18, 1)
          FROM unnest(ARRAY[1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]) WITH ORDINALITY AS t(w, i)
      $$`);
    await q.query(`
      CREATE TABLE collection.upload_errors (
        upload_id  uuid NOT NULL REFERENCES collection.uploads (id),
        row_number integer NOT NULL,
        code       text NOT NULL,
        detail     text,
        PRIMARY KEY (upload_id, row_number)
      )`);
    // Merged batches of an upload: written in the batch's own transaction, so a resumed job
    // redoes exactly the batches that did not commit (batches run concurrently).
    await q.query(`
      CREATE TABLE collection.upload_batches (
        upload_id uuid NOT NULL REFERENCES collection.uploads (id),
        from_row  integer NOT NULL,
        to_row    integer NOT NULL,
        accepted  integer NOT NULL,
        rejected  integer NOT NULL,
        merged_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (upload_id, from_row)
      )`);
    await q.query(`
      CREATE UNLOGGED TABLE collection.upload_seal_checks (
        upload_id  uuid NOT NULL,
        row_number integer NOT NULL,
        verdict    text NOT NULL,
        PRIMARY KEY (upload_id, row_number)
      )`);
    await q.query(`
      CREATE TABLE collection.idempotency_keys (
        scope           text NOT NULL,
        key             text NOT NULL,
        request_hash    text NOT NULL,
        state           text NOT NULL CHECK (state IN ('in_flight', 'done')),
        response_status integer,
        response_body   jsonb,
        started_at      timestamptz NOT NULL DEFAULT now(),
        completed_at    timestamptz,
        PRIMARY KEY (scope, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE collection.idempotency_keys`);
    await q.query(`DROP TABLE collection.upload_seal_checks`);
    await q.query(`DROP TABLE collection.upload_batches`);
    await q.query(`DROP TABLE collection.upload_errors`);
    await q.query(`DROP FUNCTION registry.tax_id_check_ok(text)`);
    await q.query(`DROP TABLE collection.upload_duplicates`);
    await q.query(`DROP TABLE collection.upload_rows`);
    await q.query(`DROP TABLE collection.uploads`);
    await q.query(`DROP TABLE collection.seller_copies`);
    await q.query(`DROP VIEW collection.current_vat_returns`);
    await q.query(`DROP TABLE collection.vat_returns`);
  }
}
