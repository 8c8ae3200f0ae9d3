import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PKI (CAs, device certificates, revocations), number ranges and their counters, API
 * keys, invoices, idempotency keys (issuance and registry), and the claims table the
 * void rule consults.
 *
 * Ownership (DESIGN §2): the bureau app writes registry.number_ranges and
 * pki.revocations; the issuance app writes pki.authorities, pki.certificates and the
 * issuance schema; the collection app writes collection.claims.
 */
export class PkiAndIssuance1764230000003 implements MigrationInterface {
  name = 'PkiAndIssuance1764230000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS pki`);
    await q.query(`
      CREATE TABLE pki.authorities (
        serial_number          text COLLATE "C" PRIMARY KEY,
        kind                   text NOT NULL CHECK (kind IN ('root', 'issuing')),
        province_code          char(2),
        certificate_pem        text NOT NULL,
        private_key_ciphertext text NOT NULL,
        key_version            integer NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'root') = (province_code IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX authorities_one_root ON pki.authorities (kind) WHERE kind = 'root'`);
    await q.query(`CREATE UNIQUE INDEX authorities_one_per_province ON pki.authorities (province_code)`);
    await q.query(`
      CREATE TABLE pki.certificates (
        serial_number          text COLLATE "C" PRIMARY KEY,
        tax_id                 text COLLATE "C" NOT NULL REFERENCES registry.taxpayers (tax_id),
        issuer_serial          text COLLATE "C" NOT NULL REFERENCES pki.authorities (serial_number),
        certificate_pem        text NOT NULL,
        key_source             text NOT NULL CHECK (key_source IN ('service', 'csr')),
        private_key_ciphertext text,
        key_version            integer,
        not_before             timestamptz NOT NULL,
        not_after              timestamptz NOT NULL,
        created_at             timestamptz NOT NULL DEFAULT now(),
        CHECK ((key_source = 'service') = (private_key_ciphertext IS NOT NULL AND key_version IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX certificates_tax_id_idx ON pki.certificates (tax_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE pki.revocations (
        serial_number text COLLATE "C" PRIMARY KEY REFERENCES pki.certificates (serial_number),
        revoked_at    timestamptz NOT NULL,
        reason        text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        revoked_by    uuid NOT NULL REFERENCES registry.users (id),
        recorded_at   timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE registry.number_ranges (
        id             bigserial PRIMARY KEY,
        tax_id         text COLLATE "C" NOT NULL REFERENCES registry.taxpayers (tax_id),
        invoice_code   text NOT NULL CHECK (invoice_code ~ '^[0-9]{10}$'),
        start_number   integer NOT NULL CHECK (start_number BETWEEN 1 AND 99999999),
        end_number     integer NOT NULL CHECK (end_number BETWEEN 1 AND 99999999),
        amount_version smallint NOT NULL CHECK (amount_version BETWEEN 1 AND 4),
        allocated_by   uuid NOT NULL REFERENCES registry.users (id),
        allocated_at   timestamptz NOT NULL DEFAULT now(),
        CHECK (start_number <= end_number),
        -- The invoice key (code, number) is unique nationally: no two ranges of one code overlap.
        EXCLUDE USING gist (invoice_code WITH =, int4range(start_number, end_number, '[]') WITH &&)
      )`);
    await q.query(`CREATE INDEX number_ranges_tax_id_idx ON registry.number_ranges (tax_id, id)`);

    await q.query(`
      CREATE TABLE issuance.number_counters (
        range_id    bigint PRIMARY KEY REFERENCES registry.number_ranges (id),
        next_number integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE issuance.enrollments (
        token_hash         bytea PRIMARY KEY,
        tax_id             text COLLATE "C" NOT NULL REFERENCES registry.taxpayers (tax_id),
        certificate_serial text COLLATE "C" NOT NULL REFERENCES pki.certificates (serial_number),
        enrolled_at        timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE issuance.api_keys (
        id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tax_id     text COLLATE "C" NOT NULL REFERENCES registry.taxpayers (tax_id),
        key_hash   bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE issuance.invoices (
        invoice_code            text NOT NULL,
        invoice_number          text NOT NULL,
        type                    text NOT NULL CHECK (type IN ('special', 'ordinary')),
        seller_tax_id           text COLLATE "C" NOT NULL REFERENCES registry.taxpayers (tax_id),
        seller_name             text NOT NULL,
        buyer_tax_id            text COLLATE "C" NOT NULL,
        buyer_name              text NOT NULL,
        issue_date              date NOT NULL,
        amount                  numeric(18, 2) NOT NULL,
        tax_amount              numeric(18, 2) NOT NULL,
        total                   numeric(18, 2) NOT NULL,
        lines                   jsonb NOT NULL,
        remarks                 text,
        content_hash            text NOT NULL,
        seal_payload            text NOT NULL,
        seal_signature          text NOT NULL,
        certificate_serial      text COLLATE "C" NOT NULL REFERENCES pki.certificates (serial_number),
        check_code              text NOT NULL,
        original_invoice_code   text,
        original_invoice_number text,
        credit_reason           text,
        credited_amount         numeric(18, 2) NOT NULL DEFAULT 0,
        credited_tax_amount     numeric(18, 2) NOT NULL DEFAULT 0,
        voided_at               timestamptz,
        void_reason             text,
        issued_at               timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (invoice_code, invoice_number),
        FOREIGN KEY (original_invoice_code, original_invoice_number)
          REFERENCES issuance.invoices (invoice_code, invoice_number),
        CHECK (total = amount + tax_amount),
        -- A red-letter invoice references its original and is negative; a blue one is neither.
        CHECK ((original_invoice_code IS NULL) = (amount >= 0)),
        -- What has been credited never exceeds the original: its remainder stays >= 0
        -- (a credit note itself, negative, is never credited).
        CHECK (credited_amount >= 0 AND credited_amount <= greatest(amount, 0)),
        CHECK (credited_tax_amount >= 0 AND credited_tax_amount <= greatest(tax_amount, 0))
      )`);
    await q.query(`CREATE INDEX invoices_seller_idx ON issuance.invoices (seller_tax_id, issue_date)`);
    await q.query(`CREATE INDEX invoices_buyer_idx ON issuance.invoices (buyer_tax_id, issue_date)`);
    await q.query(
      `CREATE INDEX invoices_original_idx ON issuance.invoices (original_invoice_code, original_invoice_number)
        WHERE original_invoice_code IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE issuance.verification_checks (
        invoice_code   text NOT NULL,
        invoice_number text NOT NULL,
        check_day      date NOT NULL,
        checks         integer NOT NULL,
        PRIMARY KEY (invoice_code, invoice_number, check_day)
      )`);
    for (const schema of ['issuance', 'registry']) {
      await q.query(`
      CREATE TABLE ${schema}.idempotency_keys (
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

    await q.query(`
      CREATE TABLE collection.claims (
        id             bigserial PRIMARY KEY,
        buyer_tax_id   text COLLATE "C" NOT NULL,
        period         text NOT NULL CHECK (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        invoice_code   text NOT NULL,
        invoice_number text NOT NULL,
        issue_date     date NOT NULL,
        seller_tax_id  text COLLATE "C" NOT NULL,
        amount         numeric(18, 2) NOT NULL,
        tax_amount     numeric(18, 2) NOT NULL,
        signature      text,
        content_hash   text,
        status         text NOT NULL CHECK (status IN ('accepted', 'rejected')),
        reason_code    text,
        seal_verified  boolean NOT NULL DEFAULT false,
        source         text NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'upload')),
        upload_id      uuid,
        row_number     integer,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'rejected') = (reason_code IS NOT NULL)),
        CHECK ((source = 'upload') = (upload_id IS NOT NULL))
      )`);
    // A buyer deducts an invoice once; a second attempt is kept as rejected evidence. Also the
    // index of "is this invoice claimed" (the void rule). Claims are written a million at a
    // time by bulk uploads, so every further index is a cost paid per row: the audit reads
    // claims set-based by period and adds its own access paths.
    await q.query(`CREATE UNIQUE INDEX claims_accepted_once ON collection.claims (invoice_code, invoice_number, buyer_tax_id)
                   WHERE status = 'accepted'`);
    // The error report of an upload lists its rejected rows.
    await q.query(`CREATE INDEX claims_rejected_upload_rows ON collection.claims (upload_id, row_number)
                   WHERE status = 'rejected' AND upload_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE collection.claims`);
    await q.query(`DROP TABLE registry.idempotency_keys`);
    await q.query(`DROP TABLE issuance.idempotency_keys`);
    await q.query(`DROP TABLE issuance.verification_checks`);
    await q.query(`DROP TABLE issuance.invoices`);
    await q.query(`DROP TABLE issuance.api_keys`);
    await q.query(`DROP TABLE issuance.enrollments`);
    await q.query(`DROP TABLE issuance.number_counters`);
    await q.query(`DROP TABLE registry.number_ranges`);
    await q.query(`DROP TABLE pki.revocations`);
    await q.query(`DROP TABLE pki.certificates`);
    await q.query(`DROP TABLE pki.authorities`);
    await q.query(`DROP SCHEMA pki`);
  }
}
