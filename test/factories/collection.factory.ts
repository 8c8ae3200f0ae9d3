import { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { generateRsaKeyPair, type OfflineSealedCopy, sealOfflineCopy } from '@app/pki';
import { EnrolledTaxpayer, GUANGDONG_CODES, invoiceBody } from './issuance.factory';
import { RegistryFactory } from './registry.factory';

/** An invoice as the issuance API returns it (the fields collection tests use). */
export interface IssuedInvoice {
  type: 'special' | 'ordinary';
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  sellerTaxId: string;
  buyerTaxId: string;
  amount: string;
  taxAmount: string;
  seal: { signature: string; contentHash: string; certificateSerial: string; payload: string };
}

/** Issues a real sealed invoice from `seller` to `buyer` through the issuance API. */
export async function issueInvoice(
  issuance: INestApplication,
  seller: EnrolledTaxpayer,
  buyer: { taxId: string; name: string },
  overrides: Record<string, unknown> = {},
): Promise<IssuedInvoice> {
  const res = await request(issuance.getHttpServer())
    .post('/v1/invoices')
    .set('Authorization', `Bearer ${seller.apiKey}`)
    .send(invoiceBody(buyer, overrides))
    .expect(201);
  return res.body as IssuedInvoice;
}

/** The `POST /v1/claims` item for an issued invoice, with its seal unless told otherwise. */
export function claimItemOf(inv: IssuedInvoice, withSeal = true) {
  return {
    invoiceCode: inv.invoiceCode,
    invoiceNumber: inv.invoiceNumber,
    issueDate: inv.issueDate,
    sellerTaxId: inv.sellerTaxId,
    amount: inv.amount,
    taxAmount: inv.taxAmount,
    ...(withSeal ? { seal: { signature: inv.seal.signature, contentHash: inv.seal.contentHash } } : {}),
  };
}

// ---------------------------------------------------------------------------------------
// Bulk files
// ---------------------------------------------------------------------------------------

export const CLAIMS_CSV_HEADER =
  'invoice_code,invoice_number,issue_date,seller_tax_id,amount,tax_amount,signature,content_hash';
export const RETURNS_CSV_HEADER =
  'period,special_sales,special_output_tax,other_sales,other_output_tax,input_tax';
export const SELLER_COPIES_CSV_HEADER =
  'type,invoice_code,invoice_number,issue_date,buyer_tax_id,amount,tax_amount,content_hash,signature,certificate_serial';

/** The eight claim columns of an issued invoice, in CSV column order; `overrides` replace by column name. */
export function claimFields(
  inv: IssuedInvoice,
  overrides: Partial<
    Record<
      | 'invoiceCode'
      | 'invoiceNumber'
      | 'issueDate'
      | 'sellerTaxId'
      | 'amount'
      | 'taxAmount'
      | 'signature'
      | 'contentHash',
      string
    >
  > = {},
): string[] {
  const row = {
    invoiceCode: inv.invoiceCode,
    invoiceNumber: inv.invoiceNumber,
    issueDate: inv.issueDate,
    sellerTaxId: inv.sellerTaxId,
    amount: inv.amount,
    taxAmount: inv.taxAmount,
    signature: inv.seal.signature,
    contentHash: inv.seal.contentHash,
    ...overrides,
  };
  return [
    row.invoiceCode,
    row.invoiceNumber,
    row.issueDate,
    row.sellerTaxId,
    row.amount,
    row.taxAmount,
    row.signature,
    row.contentHash,
  ];
}

/** One CSV line (no line end) of a claim for an issued invoice. */
export function claimCsvLine(inv: IssuedInvoice, overrides: Parameters<typeof claimFields>[1] = {}): string {
  return claimFields(inv, overrides).join(',');
}

/** One NDJSON line (no line end) of a claim for an issued invoice. */
export function claimNdjsonLine(
  inv: IssuedInvoice,
  overrides: Parameters<typeof claimFields>[1] = {},
): string {
  const [invoiceCode, invoiceNumber, issueDate, sellerTaxId, amount, taxAmount, signature, contentHash] =
    claimFields(inv, overrides);
  return JSON.stringify({
    invoiceCode,
    invoiceNumber,
    issueDate,
    sellerTaxId,
    amount,
    taxAmount,
    signature,
    contentHash,
  });
}

export type UploadKindName = 'claims' | 'returns' | 'seller-copies';

/** `POST /v1/uploads` with a raw body (the caller chooses content type and expectations). */
export function postUpload(
  app: INestApplication,
  as: { apiKey: string },
  options: { kind: string; period?: string; contentType?: string; body: string | Buffer },
) {
  const query = new URLSearchParams({ kind: options.kind });
  if (options.period !== undefined) query.set('period', options.period);
  return request(app.getHttpServer())
    .post(`/v1/uploads?${query.toString()}`)
    .set('Authorization', `Bearer ${as.apiKey}`)
    .set('Content-Type', options.contentType ?? 'text/csv')
    .send(options.body);
}

export interface UploadStatus {
  uploadId: string;
  kind: string;
  period: string | null;
  status: string;
  phase: string | null;
  rowsTotal: number;
  rowsAccepted: number;
  rowsRejected: number;
  progress: number;
  duplicate: boolean;
  error: string | null;
}

/**
 * Polls `GET /v1/uploads/{id}` until the upload is completed or failed, at most `attempts`
 * times `intervalMs` apart; throws with the last status when it never gets there.
 */
export async function waitForUpload(
  app: INestApplication,
  as: { apiKey: string },
  uploadId: string,
  { attempts = 300, intervalMs = 100 } = {},
): Promise<UploadStatus> {
  let last: UploadStatus | undefined;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const res = await request(app.getHttpServer())
      .get(`/v1/uploads/${uploadId}`)
      .set('Authorization', `Bearer ${as.apiKey}`)
      .expect(200);
    last = res.body as UploadStatus;
    if (last.status === 'completed' || last.status === 'failed') return last;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`upload ${uploadId} did not finish after ${attempts} polls: ${JSON.stringify(last)}`);
}

/** Uploads a file, expects 202, waits until it is processed and returns its final status. */
export async function uploadAndWait(
  app: INestApplication,
  as: { apiKey: string },
  options: { kind: UploadKindName; period?: string; contentType?: string; body: string | Buffer },
): Promise<UploadStatus> {
  const res = await postUpload(app, as, options).expect(202);
  return waitForUpload(app, as, (res.body as UploadStatus).uploadId);
}

/** The text of `GET /v1/uploads/{id}/errors` (CSV). */
export async function uploadErrors(
  app: INestApplication,
  as: { apiKey: string },
  uploadId: string,
): Promise<string> {
  const res = await request(app.getHttpServer())
    .get(`/v1/uploads/${uploadId}/errors`)
    .set('Authorization', `Bearer ${as.apiKey}`)
    .expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/csv/);
  return res.text;
}

/**
 * A POST whose `Content-Length` header says `declaredLength` while only `body` is sent: the
 * way to show a size check that happens before the body is read. supertest cannot do this
 * (its server would wait for the missing bytes on close), so this uses node:http on a
 * server of its own and drops the connection once the answer is in.
 */
export async function postWithDeclaredLength(
  app: INestApplication,
  path: string,
  headers: Record<string, string>,
  body: string,
  declaredLength: number,
): Promise<{ status: number; body: unknown }> {
  // The app's own server, listening only for this request (as supertest does).
  const server = app.getHttpServer() as http.Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method: 'POST',
          agent: false,
          headers: { ...headers, 'Content-Length': String(declaredLength) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: text === '' ? null : JSON.parse(text) });
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

// ---------------------------------------------------------------------------------------
// Offline sellers (enrolled with a CSR; they hold their own key)
// ---------------------------------------------------------------------------------------

export interface OfflineSeller extends EnrolledTaxpayer {
  /** PKCS#8 PEM of the key the seller keeps; the service never saw it. */
  privateKeyPem: string;
  /** The special-invoice code of its allocated range. */
  invoiceCode: string;
  /** The 8-digit number at offset k (0-based) of its allocated range. */
  number(k: number): string;
  range: { start: number; end: number };
}

/**
 * A CSR made by the openssl command line for an existing key, as an offline device does:
 * `openssl req -new -key key.pem -subj /CN=<taxId>`.
 */
export function opensslCsrForKey(privateKeyPem: string, subject: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'jinshui-offline-'));
  try {
    const key = join(dir, 'key.pem');
    writeFileSync(key, privateKeyPem, { mode: 0o600 });
    return execFileSync('openssl', ['req', '-new', '-key', key, '-subj', subject], {
      stdio: 'pipe',
    }).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Registers a taxpayer, enrolls it through the issuance API with a CSR for a key pair made
 * here (so the test can seal offline), and allocates it `rangeSize` numbers of `invoiceCode`.
 */
export async function offlineSeller(
  issuance: INestApplication,
  opts: Parameters<RegistryFactory['taxpayer']>[0] & { invoiceCode?: string; rangeSize?: number } = {},
): Promise<OfflineSeller> {
  const registry = new RegistryFactory(issuance.get(DataSource));
  const taxpayer = await registry.taxpayer(opts);
  const keys = generateRsaKeyPair();
  const csr = opensslCsrForKey(keys.privateKeyPem, `/CN=${taxpayer.taxId}`);
  const res = await request(issuance.getHttpServer())
    .post('/v1/enrollment')
    .send({ taxId: taxpayer.taxId, enrollmentToken: taxpayer.enrollmentToken, csr })
    .expect(201);
  const invoiceCode = opts.invoiceCode ?? GUANGDONG_CODES.v3;
  const range = await registry.numberRange(taxpayer.taxId, invoiceCode, opts.rangeSize ?? 100);
  return {
    ...taxpayer,
    ...(res.body as Omit<EnrolledTaxpayer, keyof typeof taxpayer>),
    privateKeyPem: keys.privateKeyPem,
    invoiceCode,
    range,
    number: (k: number) => String(range.start + k).padStart(8, '0'),
  };
}

/** An offline-sealed invoice as `POST /v1/seller-copies` takes it. */
export type OfflineCopy = OfflineSealedCopy;

/**
 * Seals an invoice with the seller's own key, exactly as its offline device would: the
 * contentHash of the whole document (one line), and the seal over the key fields.
 * `signedAs` changes fields in what is signed only, to make a copy whose seal does not
 * match what it claims.
 */
export function sealOffline(
  seller: OfflineSeller,
  fields: Pick<OfflineCopy, 'invoiceNumber' | 'issueDate' | 'buyerTaxId'> &
    Partial<Pick<OfflineCopy, 'type' | 'invoiceCode' | 'amount' | 'taxAmount' | 'certificateSerial'>>,
  signedAs: Partial<Pick<OfflineCopy, 'amount' | 'taxAmount' | 'buyerTaxId' | 'issueDate'>> = {},
): OfflineCopy {
  const amount = fields.amount ?? '1000.00';
  const taxAmount = fields.taxAmount ?? '130.00';
  const document = {
    type: fields.type ?? 'special',
    invoiceCode: fields.invoiceCode ?? seller.invoiceCode,
    invoiceNumber: fields.invoiceNumber,
    issueDate: fields.issueDate,
    sellerTaxId: seller.taxId,
    sellerName: seller.name,
    buyerTaxId: fields.buyerTaxId,
    amount,
    taxAmount,
    lines: [{ description: '离线开具货物', amount, taxRate: '0.13', taxAmount }],
  };
  return sealOfflineCopy(
    document,
    createPrivateKey(seller.privateKeyPem),
    fields.certificateSerial ?? seller.serialNumber,
    signedAs,
  );
}

/** One seller-copies CSV line (no line end). */
export function sellerCopyCsvLine(copy: OfflineCopy): string {
  return [
    copy.type,
    copy.invoiceCode,
    copy.invoiceNumber,
    copy.issueDate,
    copy.buyerTaxId,
    copy.amount,
    copy.taxAmount,
    copy.contentHash,
    copy.signature,
    copy.certificateSerial,
  ].join(',');
}

// ---------------------------------------------------------------------------------------
// What the collection app stored
// ---------------------------------------------------------------------------------------

export interface StoredClaim {
  invoiceCode: string;
  invoiceNumber: string;
  period: string;
  status: 'accepted' | 'rejected';
  reasonCode: string | null;
  sealVerified: boolean;
  source: 'api' | 'upload';
  uploadId: string | null;
  rowNumber: number | null;
}

export interface StoredSellerCopy {
  id: string;
  invoiceCode: string;
  invoiceNumber: string;
  status: 'accepted' | 'rejected';
  reasonCode: string | null;
  contentHash: string;
  amount: string;
  source: 'api' | 'upload';
  uploadId: string | null;
  rowNumber: number | null;
}

export interface StoredReturn {
  period: string;
  version: number;
  specialSales: string;
  specialOutputTax: string;
  otherSales: string;
  otherOutputTax: string;
  inputTax: string;
  source: 'api' | 'upload';
  rowNumber: number | null;
}

/** Read-only questions about collection.*, so a test can assert what was (and was not) stored. */
export class CollectionProbe {
  constructor(private readonly db: DataSource) {}

  /** Claims filed by this buyer, oldest first. */
  claimsOf(buyerTaxId: string): Promise<StoredClaim[]> {
    return this.db.query(
      `SELECT invoice_code AS "invoiceCode", invoice_number AS "invoiceNumber", period, status,
              reason_code AS "reasonCode", seal_verified AS "sealVerified", source, upload_id AS "uploadId",
              row_number AS "rowNumber"
         FROM collection.claims WHERE buyer_tax_id = $1 ORDER BY id`,
      [buyerTaxId],
    );
  }

  /** Claims stored from one upload, by row number. */
  claimsOfUpload(uploadId: string): Promise<StoredClaim[]> {
    return this.db.query(
      `SELECT invoice_code AS "invoiceCode", invoice_number AS "invoiceNumber", period, status,
              reason_code AS "reasonCode", seal_verified AS "sealVerified", source, upload_id AS "uploadId",
              row_number AS "rowNumber"
         FROM collection.claims WHERE upload_id = $1 ORDER BY row_number`,
      [uploadId],
    );
  }

  /** Seller copies stored for this seller, oldest first. */
  sellerCopiesOf(sellerTaxId: string): Promise<StoredSellerCopy[]> {
    return this.db.query(
      `SELECT id::text, invoice_code AS "invoiceCode", invoice_number AS "invoiceNumber", status,
              reason_code AS "reasonCode", content_hash AS "contentHash", amount::text, source,
              upload_id AS "uploadId", row_number AS "rowNumber"
         FROM collection.seller_copies WHERE seller_tax_id = $1 ORDER BY id`,
      [sellerTaxId],
    );
  }

  /** Every version of every return of this taxpayer, by period then version. */
  returnsOf(taxId: string): Promise<StoredReturn[]> {
    return this.db.query(
      `SELECT period, version, special_sales::text AS "specialSales", special_output_tax::text AS "specialOutputTax",
              other_sales::text AS "otherSales", other_output_tax::text AS "otherOutputTax",
              input_tax::text AS "inputTax", source, row_number AS "rowNumber"
         FROM collection.vat_returns WHERE tax_id = $1 ORDER BY period, version`,
      [taxId],
    );
  }

  /** Uploads of this taxpayer (any status). */
  async uploadCount(taxId: string): Promise<number> {
    const [row] = await this.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM collection.uploads WHERE tax_id = $1`,
      [taxId],
    );
    return row.n;
  }

  /**
   * Scratch rows (each kind's staging table, upload_duplicates, upload_seal_checks) of this
   * taxpayer's uploads, plus those of any upload that no longer exists: what a finished or
   * discarded upload must not leave behind.
   */
  async stagingRowsOf(taxId: string): Promise<number> {
    let total = 0;
    const tables = [
      'claim_upload_rows',
      'return_upload_rows',
      'seller_copy_upload_rows',
      'upload_duplicates',
      'upload_seal_checks',
    ];
    for (const table of tables) {
      const [row] = await this.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM collection.${table} s
          WHERE s.upload_id IN (SELECT id FROM collection.uploads WHERE tax_id = $1)
             OR NOT EXISTS (SELECT 1 FROM collection.uploads u WHERE u.id = s.upload_id)`,
        [taxId],
      );
      total += row.n;
    }
    return total;
  }
}
