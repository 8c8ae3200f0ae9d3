import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { encodeCopyRow, type CopyValue } from '@app/bulk';
import { createIssuingCa, createRootCa } from '@app/pki';
import { COPY_TABLES, type CopyTable, type LoadContext } from './copy-tables';
import type { EconomyPlan } from './economy-plan';

export interface LoadEconomyOptions {
  /** Told after each table: its name, the rows written and how long it took. */
  onTable?: (table: string, rows: number, milliseconds: number) => void;
  /** ANALYZE the tables afterwards, so the audit's plans see the new rows; default true. */
  analyze?: boolean;
}

export interface LoadedEconomy {
  /** Rows written per table. */
  rows: Record<string, number>;
  officerId: string;
  issuerSerial: string;
}

/** COPY text gathered before it is handed to the stream. */
const CHUNK_CHARACTERS = 1 << 16;
/** Made-up province codes for the economy's issuing CA, as the test factories use: no real province's. */
const UNUSED_PROVINCES = ['90', '91', '92', '93', '94', '95', '96', '97', '98', '99'];
const OFFICER = 'economy-system-officer';

/**
 * Writes a planned economy into Postgres in one transaction, table by table with COPY,
 * pulling rows from the plan's iterables as the stream drains: memory stays flat however
 * many rows there are. Refuses (before writing anything) bureaus that do not take
 * taxpayers and invoice codes that already have ranges (another economy with this seed,
 * or a clash with someone's codes). On failure the transaction is rolled back and the
 * error rethrown; a client whose COPY was aborted is best discarded, not reused.
 */
export async function loadEconomy(
  client: ClientBase,
  plan: EconomyPlan,
  options: LoadEconomyOptions = {},
): Promise<LoadedEconomy> {
  await client.query('BEGIN');
  let loaded: LoadedEconomy;
  try {
    loaded = await loadInTransaction(client, plan, options);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  if (options.analyze ?? true) await client.query(`ANALYZE ${COPY_TABLES.map((t) => t.name).join(', ')}`);
  return loaded;
}

async function loadInTransaction(
  client: ClientBase,
  plan: EconomyPlan,
  options: LoadEconomyOptions,
): Promise<LoadedEconomy> {
  await assertBureausTakeTaxpayers(client, plan.bureauCodes);
  await assertCodesUnallocated(client, plan.invoiceCodes);
  const ctx: LoadContext = {
    officerId: await systemOfficer(client),
    issuerSerial: await issuingAuthority(client),
  };
  const rows: Record<string, number> = {};
  for (const table of COPY_TABLES) {
    const started = Date.now();
    rows[table.name] = await copyTable(client, table, table.rows(plan, ctx));
    options.onTable?.(table.name, rows[table.name], Date.now() - started);
  }
  return { rows, ...ctx };
}

async function copyTable(client: ClientBase, table: CopyTable, rows: Iterable<readonly CopyValue[]>) {
  let count = 0;
  function* chunks(): Generator<Buffer> {
    let text = '';
    for (const row of rows) {
      text += encodeCopyRow(row);
      count++;
      if (text.length >= CHUNK_CHARACTERS) {
        yield Buffer.from(text);
        text = '';
      }
    }
    if (text !== '') yield Buffer.from(text);
  }
  const sql = `COPY ${table.name} (${table.columns.join(', ')}) FROM STDIN`;
  await pipeline(Readable.from(chunks(), { objectMode: false }), client.query(copyFrom(sql)));
  return count;
}

async function assertBureausTakeTaxpayers(client: ClientBase, codes: readonly string[]): Promise<void> {
  const { rows } = await client.query<{ code: string }>(
    `SELECT code FROM registry.bureaus WHERE code = ANY ($1) AND (level = 'district' OR accepts_taxpayers)`,
    [codes],
  );
  const found = new Set(rows.map((r) => r.code));
  const missing = codes.filter((c) => !found.has(c));
  if (missing.length > 0) throw new Error(`economy: bureaus that take no taxpayers: ${missing.join(', ')}`);
}

async function assertCodesUnallocated(client: ClientBase, codes: readonly string[]): Promise<void> {
  const { rows } = await client.query<{ invoice_code: string }>(
    `SELECT DISTINCT invoice_code FROM registry.number_ranges WHERE invoice_code = ANY ($1)`,
    [codes],
  );
  if (rows.length > 0) {
    const taken = rows.map((r) => r.invoice_code).join(', ');
    throw new Error(`economy: invoice codes already allocated (loaded before? use another seed): ${taken}`);
  }
}

/** The registry user standing as allocated_by / revoked_by; it has no usable password. */
async function systemOfficer(client: ClientBase): Promise<string> {
  await client.query(
    `INSERT INTO registry.users (username, password_hash, bureau_code, role)
     VALUES ($1, 'economy$unusable', '10000000000', 'reviewer') ON CONFLICT (username) DO NOTHING`,
    [OFFICER],
  );
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM registry.users WHERE username = $1`, [
    OFFICER,
  ]);
  return rows[0].id;
}

/**
 * An issuing CA for the economy's device certificates, under a made-up province code (the
 * table allows one CA per province). Its certificate is real, because the issuance app
 * publishes every stored CA certificate as the chain; its key is thrown away. When every
 * made-up code is taken (other economies, test CAs), the CA already under one is reused.
 */
async function issuingAuthority(client: ClientBase): Promise<string> {
  const now = new Date(Date.UTC(2016, 0, 1));
  const root = createRootCa({ commonName: 'Jinshui Economy Root CA', now, validYears: 30 });
  for (let attempt = 0; attempt < UNUSED_PROVINCES.length; attempt++) {
    const { rows: taken } = await client.query<{ province_code: string }>(
      `SELECT province_code FROM pki.authorities WHERE province_code = ANY ($1)`,
      [UNUSED_PROVINCES],
    );
    const province = UNUSED_PROVINCES.find((p) => !taken.some((t) => t.province_code === p));
    if (!province) break;
    const ca = createIssuingCa(root, { provinceCode: province, now, validYears: 20 });
    // A concurrent loader or test may take the same code first: then try the next free one.
    const { rows } = await client.query<{ serial_number: string }>(
      `INSERT INTO pki.authorities (serial_number, kind, province_code, certificate_pem, private_key_ciphertext, key_version)
       VALUES ($1, 'issuing', $2, $3, 'economy-placeholder-not-a-key', 1)
       ON CONFLICT (province_code) DO NOTHING
       RETURNING serial_number`,
      [ca.serialNumber, province, ca.certificatePem],
    );
    if (rows.length === 1) return rows[0].serial_number;
  }
  const { rows } = await client.query<{ serial_number: string }>(
    `SELECT serial_number FROM pki.authorities WHERE province_code = ANY ($1) ORDER BY province_code LIMIT 1`,
    [UNUSED_PROVINCES],
  );
  return rows[0].serial_number;
}
