import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hash-partitions the three tables the cross-audit joins — online invoices, offline seller
 * copies and buyer claims — on the invoice key (invoice_code, invoice_number), all three
 * with the same modulus. A key lands in partition k of every table, so one audit job joins
 * claims_pNN with invoices_pNN and seller_copies_pNN and never looks elsewhere
 * (docs/adr/0011-audit-partitions.md). Existing rows are moved; ids and sequences are kept.
 *
 * Partitioned tables need the partition key in every unique index: claims and seller
 * copies get (invoice_code, invoice_number, id) as primary key instead of (id).
 *
 * How many partitions is chosen at installation: 16 unless INVOICE_KEY_PARTITIONS says
 * otherwise. It bounds how many audit jobs run at once (ADR 0011). Changing it later is a
 * repartitioning migration.
 */
export function invoiceKeyPartitions(setting: string | undefined): number {
  if (setting === undefined || setting === '') return 16;
  const n = Number(setting);
  if (!Number.isInteger(n) || n < 1 || n > 1024) {
    throw new Error(`INVOICE_KEY_PARTITIONS must be an integer from 1 to 1024, got "${setting}"`);
  }
  return n;
}

interface TableSpec {
  table: string;
  primaryKey: string;
  /** Sequence owned by the table's id column, moved to the new table. */
  sequence?: string;
  /** Foreign keys and indexes, recreated after the move (names as before). */
  after: string[];
}

const TABLES: TableSpec[] = [
  {
    table: 'issuance.invoices',
    primaryKey: 'invoice_code, invoice_number',
    after: [
      `ALTER TABLE issuance.invoices ADD FOREIGN KEY (seller_tax_id) REFERENCES registry.taxpayers (tax_id)`,
      `ALTER TABLE issuance.invoices ADD FOREIGN KEY (certificate_serial) REFERENCES pki.certificates (serial_number)`,
      `ALTER TABLE issuance.invoices ADD FOREIGN KEY (original_invoice_code, original_invoice_number)
         REFERENCES issuance.invoices (invoice_code, invoice_number)`,
      `CREATE INDEX invoices_seller_idx ON issuance.invoices (seller_tax_id, issue_date)`,
      `CREATE INDEX invoices_buyer_idx ON issuance.invoices (buyer_tax_id, issue_date)`,
      `CREATE INDEX invoices_original_idx ON issuance.invoices (original_invoice_code, original_invoice_number)
         WHERE original_invoice_code IS NOT NULL`,
    ],
  },
  {
    table: 'collection.seller_copies',
    primaryKey: 'invoice_code, invoice_number, id',
    sequence: 'collection.seller_copies_id_seq',
    after: [
      `CREATE UNIQUE INDEX seller_copies_key ON collection.seller_copies (invoice_code, invoice_number)
         WHERE status = 'accepted'`,
      `CREATE INDEX seller_copies_seller_idx ON collection.seller_copies (seller_tax_id, issue_date)`,
      `CREATE INDEX seller_copies_rejected_upload_rows ON collection.seller_copies (upload_id, row_number)
         WHERE status = 'rejected' AND upload_id IS NOT NULL`,
    ],
  },
  {
    table: 'collection.claims',
    primaryKey: 'invoice_code, invoice_number, id',
    sequence: 'collection.claims_id_seq',
    after: [
      `CREATE UNIQUE INDEX claims_accepted_once ON collection.claims (invoice_code, invoice_number, buyer_tax_id)
         WHERE status = 'accepted'`,
      `CREATE INDEX claims_rejected_upload_rows ON collection.claims (upload_id, row_number)
         WHERE status = 'rejected' AND upload_id IS NOT NULL`,
    ],
  },
];

/** Rebuilds `spec.table` under the same name, partitioned or not, keeping rows, checks and defaults. */
async function rebuild(
  q: QueryRunner,
  spec: TableSpec,
  partitions: number | null,
  primaryKey: string,
): Promise<void> {
  const [schema, name] = spec.table.split('.');
  const old = `${schema}.${name}_moving`;
  await q.query(`ALTER TABLE ${spec.table} RENAME TO ${name}_moving`);
  await q.query(
    `CREATE TABLE ${spec.table} (LIKE ${old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)` +
      (partitions ? ` PARTITION BY HASH (invoice_code, invoice_number)` : ''),
  );
  for (let k = 0; k < (partitions ?? 0); k++) {
    await q.query(
      `CREATE TABLE ${spec.table}_p${String(k).padStart(2, '0')} PARTITION OF ${spec.table}
         FOR VALUES WITH (MODULUS ${partitions}, REMAINDER ${k})`,
    );
  }
  await q.query(`INSERT INTO ${spec.table} SELECT * FROM ${old}`);
  if (spec.sequence) await q.query(`ALTER SEQUENCE ${spec.sequence} OWNED BY ${spec.table}.id`);
  await q.query(`DROP TABLE ${old}`);
  await q.query(`ALTER TABLE ${spec.table} ADD PRIMARY KEY (${primaryKey})`);
  for (const statement of spec.after) await q.query(statement);
}

export class InvoiceKeyPartitions1764230000005 implements MigrationInterface {
  name = 'InvoiceKeyPartitions1764230000005';

  async up(q: QueryRunner): Promise<void> {
    const partitions = invoiceKeyPartitions(process.env.INVOICE_KEY_PARTITIONS);
    for (const spec of TABLES) await rebuild(q, spec, partitions, spec.primaryKey);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const spec of [...TABLES].reverse()) {
      await rebuild(q, spec, null, spec.sequence ? 'id' : spec.primaryKey);
    }
  }
}
