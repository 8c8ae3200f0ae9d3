import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { periodOf, previousPeriod, todayIn } from '@app/domain';
import {
  CLAIMS_CSV_HEADER,
  claimCsvLine,
  claimFields,
  claimNdjsonLine,
  CollectionProbe,
  createTestApp,
  enrolledTaxpayer,
  EnrolledTaxpayer,
  GUANGDONG_CODES,
  issueInvoice,
  IssuedInvoice,
  newInvoiceCode,
  newTaxId,
  offlineSeller,
  postUpload,
  postWithDeclaredLength,
  RegistryFactory,
  RETURNS_CSV_HEADER,
  sealOffline,
  SELLER_COPIES_CSV_HEADER,
  sellerCopyCsvLine,
  uploadAndWait,
  uploadErrors,
  UploadStatus,
  waitForUpload,
  withWrongCheckCharacter,
} from '@app/testing';

const CSV = 'text/csv';
const NDJSON = 'application/x-ndjson';
const ERRORS_HEADER = 'row_number,code,detail\n';

// Each test boots parties, issues invoices and may wait for a bulk job: more than jest's 5 s default.
jest.setTimeout(60_000);

/** DESIGN §6/§10 bulk files: bad input is reported per row with a stable code, good rows are kept. */
describe('bulk uploads (POST /v1/uploads)', () => {
  let issuance: INestApplication;
  let collection: INestApplication;
  let probe: CollectionProbe;

  beforeAll(async () => {
    issuance = await createTestApp(IssuanceAppModule.forRoot());
    collection = await createTestApp(CollectionAppModule.forRoot());
    probe = new CollectionProbe(collection.get(DataSource));
  });
  afterAll(async () => {
    await collection.close();
    await issuance.close();
  });

  /** A fresh seller and buyer, and `n` special invoices between them (issued today). */
  async function scenario(n: number) {
    const [seller, buyer] = await Promise.all([
      enrolledTaxpayer(issuance),
      enrolledTaxpayer(issuance, { invoiceCode: null }),
    ]);
    const invoices: IssuedInvoice[] = [];
    for (let i = 0; i < n; i++) invoices.push(await issueInvoice(issuance, seller, buyer));
    return { seller, buyer, invoices, period: periodOf(invoices[0]?.issueDate ?? todayIn()) };
  }

  /** What the upload stored in collection.claims, in a compact form. */
  const storedClaims = async (uploadId: string) =>
    (await probe.claimsOfUpload(uploadId)).map((c) => ({
      row: c.rowNumber,
      invoiceNumber: c.invoiceNumber,
      status: c.status,
      reason: c.reasonCode,
      sealVerified: c.sealVerified,
    }));
  const accepted = (row: number, inv: IssuedInvoice, sealVerified = true) => ({
    row,
    invoiceNumber: inv.invoiceNumber,
    status: 'accepted',
    reason: null,
    sealVerified,
  });
  const rejected = (row: number, inv: IssuedInvoice, reason: string) => ({
    row,
    invoiceNumber: inv.invoiceNumber,
    status: 'rejected',
    reason,
    sealVerified: false,
  });

  const csvFile = (lines: string[], eol = '\n') => [CLAIMS_CSV_HEADER, ...lines].join(eol) + eol;
  const ndjsonFile = (lines: string[]) => lines.join('\n') + '\n';

  async function expectRefusedWithoutTrace(
    res: request.Response,
    taxpayer: EnrolledTaxpayer,
    status: number,
    code: string,
  ): Promise<void> {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(await probe.uploadCount(taxpayer.taxId)).toBe(0);
    expect(await probe.stagingRowsOf(taxpayer.taxId)).toBe(0);
    expect(await probe.claimsOf(taxpayer.taxId)).toEqual([]);
  }

  describe('claims files: rows that cannot be read', () => {
    it('rejects a row with a missing column and keeps the rows around it', async () => {
      const { buyer, invoices, period } = await scenario(3);
      const [a, b, c] = invoices;
      const missing = claimFields(b).slice(0, 7).join(',');
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        body: csvFile([claimCsvLine(a), missing, claimCsvLine(c)]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 3, rowsAccepted: 2, rowsRejected: 1 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}2,CSV_COLUMN_COUNT,"expected 8 fields, got 7"\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(1, a), accepted(3, c)]);
      expect(await probe.stagingRowsOf(buyer.taxId)).toBe(0);
    });

    it('rejects a row with an extra column and keeps the rows around it', async () => {
      const { buyer, invoices, period } = await scenario(3);
      const [a, b, c] = invoices;
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        body: csvFile([claimCsvLine(a), `${claimCsvLine(b)},extra`, claimCsvLine(c)]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 3, rowsAccepted: 2, rowsRejected: 1 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}2,CSV_COLUMN_COUNT,"expected 8 fields, got 9"\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(1, a), accepted(3, c)]);
    });

    it.each([
      ['a misspelt column', CLAIMS_CSV_HEADER.replace('invoice_number', 'invoice_no')],
      ['columns in another order', CLAIMS_CSV_HEADER.replace('amount,tax_amount', 'tax_amount,amount')],
      ['a missing column', CLAIMS_CSV_HEADER.replace(',content_hash', '')],
      [
        'camelCase names',
        'invoiceCode,invoiceNumber,issueDate,sellerTaxId,amount,taxAmount,signature,contentHash',
      ],
      ['no header at all (data first)', null],
    ])(
      'refuses a file with a wrong header (%s): 400 CSV_HEADER_INVALID, nothing stored',
      async (_, header) => {
        const { buyer, invoices, period } = await scenario(1);
        const lines = header === null ? [claimCsvLine(invoices[0])] : [header, claimCsvLine(invoices[0])];
        const res = await postUpload(collection, buyer, {
          kind: 'claims',
          period,
          body: lines.join('\n') + '\n',
        });
        await expectRefusedWithoutTrace(res, buyer, 400, 'CSV_HEADER_INVALID');
        expect(res.body.details.expected).toEqual(CLAIMS_CSV_HEADER.split(','));
      },
    );

    it('reads quoted fields, counts a quoted line break as part of its record, and rejects the field it spoils', async () => {
      const { buyer, invoices, period } = await scenario(3);
      const [a, b, c] = invoices;
      const quoted = claimFields(a)
        .map((f) => `"${f}"`)
        .join(',');
      const withNewline = [`"${b.invoiceCode}\n"`, ...claimFields(b).slice(1)].join(',');
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        body: csvFile([quoted, withNewline, claimCsvLine(c)]),
      });
      // Four physical lines of data, three records: c is row 3, not 4.
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 3, rowsAccepted: 2, rowsRejected: 1 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}2,INVOICE_CODE_INVALID,\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(1, a), accepted(3, c)]);
    });

    it('accepts a file that starts with a UTF-8 BOM', async () => {
      const { buyer, invoices, period } = await scenario(2);
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        body: Buffer.from(`\uFEFF${csvFile(invoices.map((i) => claimCsvLine(i)))}`, 'utf8'),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 2, rowsAccepted: 2, rowsRejected: 0 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(ERRORS_HEADER);
      expect(await storedClaims(status.uploadId)).toEqual([
        accepted(1, invoices[0]),
        accepted(2, invoices[1]),
      ]);
    });

    it('accepts CRLF line ends, leaving no \\r in the last column', async () => {
      const { buyer, invoices, period } = await scenario(2);
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        body: csvFile(
          invoices.map((i) => claimCsvLine(i)),
          '\r\n',
        ),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 2, rowsAccepted: 2, rowsRejected: 0 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(ERRORS_HEADER);
      const hashes = await collection
        .get(DataSource)
        .query<{ content_hash: string }[]>(
          `SELECT content_hash FROM collection.claims WHERE upload_id = $1 ORDER BY row_number`,
          [status.uploadId],
        );
      expect(hashes.map((h) => h.content_hash)).toEqual(invoices.map((i) => i.seal.contentHash));
    });

    it('accepts an NDJSON file with a BOM and CRLF line ends; blank lines are no rows', async () => {
      const { buyer, invoices, period } = await scenario(2);
      const [a, b] = invoices;
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType: NDJSON,
        body: Buffer.from(`\uFEFF${claimNdjsonLine(a)}\r\n\r\n${claimNdjsonLine(b)}\r\n`, 'utf8'),
      });
      expect(await storedClaims(status.uploadId)).toEqual([accepted(1, a), accepted(2, b)]);
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(ERRORS_HEADER);
      // Every row is accounted for: total = accepted + rejected (the blank line 2 is no data row).
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 2, rowsAccepted: 2, rowsRejected: 0 });
    });

    it.each([
      ['an empty CSV body', CSV, ''],
      ['a CSV of blank lines', CSV, '\r\n\r\n'],
      ['an empty NDJSON body', NDJSON, ''],
      ['an NDJSON body of blank lines', NDJSON, '\n  \n'],
    ])('refuses %s: 400 FILE_EMPTY, nothing stored', async (_, contentType, body) => {
      const { buyer, period } = await scenario(0);
      const res = await postUpload(collection, buyer, { kind: 'claims', period, contentType, body });
      await expectRefusedWithoutTrace(res, buyer, 400, 'FILE_EMPTY');
    });

    it('refuses a file that is not UTF-8 (a GBK export): 400 FILE_ENCODING_INVALID, nothing stored', async () => {
      const { buyer, invoices, period } = await scenario(1);
      const gbk = Buffer.concat([
        Buffer.from(`${CLAIMS_CSV_HEADER}\n${claimCsvLine(invoices[0])}\n`, 'utf8'),
        Buffer.from([0xb0, 0xec, 0xb9, 0xab, 0x0a]), // "办公" in GBK
      ]);
      const res = await postUpload(collection, buyer, { kind: 'claims', period, body: gbk });
      await expectRefusedWithoutTrace(res, buyer, 400, 'FILE_ENCODING_INVALID');
    });

    it('answers a wrong header on a large file with a clean 400, not a dropped connection', async () => {
      const { buyer, invoices, period } = await scenario(1);
      const line = claimCsvLine(invoices[0]);
      const body = [CLAIMS_CSV_HEADER.replace('amount', 'amt'), ...new Array<string>(20_000).fill(line)].join(
        '\n',
      );
      expect(body.length).toBeGreaterThan(4 * 1024 * 1024);
      const res = await postUpload(collection, buyer, { kind: 'claims', period, body });
      await expectRefusedWithoutTrace(res, buyer, 400, 'CSV_HEADER_INVALID');
    });

    it('takes a header-only file as an upload of no rows', async () => {
      const { buyer, period } = await scenario(0);
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        body: CLAIMS_CSV_HEADER,
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 0, rowsAccepted: 0, rowsRejected: 0 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(ERRORS_HEADER);
    });

    it('rejects a truncated last line (cut mid-record) and keeps the rows before it', async () => {
      const { buyer, invoices, period } = await scenario(2);
      const [a, b] = invoices;
      const cut = claimCsvLine(b).slice(0, 30); // "<code>,<number>,<date…": no line end
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        body: `${CLAIMS_CSV_HEADER}\n${claimCsvLine(a)}\n${cut}`,
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 2, rowsAccepted: 1, rowsRejected: 1 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}2,CSV_COLUMN_COUNT,"expected 8 fields, got 3"\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(1, a)]);
    });

    it('rejects a last line cut inside a quoted field and keeps the rows before it', async () => {
      const { buyer, invoices, period } = await scenario(2);
      const [a, b] = invoices;
      const fields = claimFields(b);
      const cut = [...fields.slice(0, 7), `"${fields[7].slice(0, 20)}`].join(',');
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        body: `${CLAIMS_CSV_HEADER}\n${claimCsvLine(a)}\n${cut}`,
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 2, rowsAccepted: 1, rowsRejected: 1 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}2,CSV_UNTERMINATED_QUOTE,a quoted field is still open at the end of the file\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(1, a)]);
    });

    it('rejects a broken NDJSON line by its line number and keeps the lines around it', async () => {
      const { buyer, invoices, period } = await scenario(3);
      const [a, b, c] = invoices;
      const broken = claimNdjsonLine(b).slice(0, 60);
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType: NDJSON,
        body: ndjsonFile([claimNdjsonLine(a), broken, claimNdjsonLine(c)]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 3, rowsAccepted: 2, rowsRejected: 1 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}2,NDJSON_MALFORMED,the line is not valid JSON\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(1, a), accepted(3, c)]);
    });

    it('rejects NDJSON lines of the wrong shape with their own codes', async () => {
      const { buyer, invoices, period } = await scenario(5);
      const [a, b, c, d, e] = invoices;
      const object = (inv: IssuedInvoice) => JSON.parse(claimNdjsonLine(inv)) as Record<string, unknown>;
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType: NDJSON,
        body: ndjsonFile([
          claimNdjsonLine(a),
          JSON.stringify({ ...object(b), amount: Number(b.amount) }),
          JSON.stringify({ ...object(c), invoice_code: c.invoiceCode }),
          JSON.stringify([c.invoiceCode]),
          claimNdjsonLine(d).replace('{', `{"amount":"1.00",`),
          claimNdjsonLine(e),
        ]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 6, rowsAccepted: 2, rowsRejected: 4 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        ERRORS_HEADER +
          '2,NDJSON_FIELD_NOT_STRING,"amount must be a string or null, not a number"\n' +
          '3,NDJSON_UNKNOWN_FIELD,"unknown field ""invoice_code"""\n' +
          '4,NDJSON_MALFORMED,the line is not a JSON object\n' +
          '5,NDJSON_DUPLICATE_KEY,"duplicate field ""amount"""\n',
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(1, a), accepted(6, e)]);
    });
  });

  describe.each([
    ['CSV', CSV],
    ['NDJSON', NDJSON],
  ])('claims files (%s): rows that are read but refused', (_, contentType) => {
    const file = (rows: string[][]) =>
      contentType === CSV
        ? csvFile(rows.map((r) => r.join(',')))
        : ndjsonFile(
            rows.map((r) => {
              const [
                invoiceCode,
                invoiceNumber,
                issueDate,
                sellerTaxId,
                amount,
                taxAmount,
                signature,
                contentHash,
              ] = r;
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
            }),
          );

    it('rejects a bad amount and a bad tax amount with MONEY_INVALID', async () => {
      const { buyer, invoices, period } = await scenario(4);
      const [a, b, c, d] = invoices;
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType,
        body: file([
          claimFields(a),
          claimFields(b, { amount: '1000.001' }),
          claimFields(c, { taxAmount: '1e3' }),
          claimFields(d),
        ]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 4, rowsAccepted: 2, rowsRejected: 2 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}2,MONEY_INVALID,\n3,MONEY_INVALID,\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(1, a), accepted(4, d)]);
    });

    it('rejects a seller tax ID with a wrong check character or a bad shape with TAX_ID_INVALID', async () => {
      const { buyer, invoices, period } = await scenario(3);
      const [a, b, c] = invoices;
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType,
        body: file([
          claimFields(a, { sellerTaxId: withWrongCheckCharacter(a.sellerTaxId) }),
          claimFields(b, { sellerTaxId: b.sellerTaxId.toLowerCase() }),
          claimFields(c),
        ]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 3, rowsAccepted: 1, rowsRejected: 2 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}1,TAX_ID_INVALID,\n2,TAX_ID_INVALID,\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(3, c)]);
    });

    it('takes a seller tax ID on the override list despite its check character, and judges the rest of its row', async () => {
      const { buyer, invoices, period } = await scenario(3);
      const [a, b, c] = invoices;
      // The three invoices have one seller: two spellings of its ID with wrong check characters.
      const excused = withWrongCheckCharacter(a.sellerTaxId);
      const notExcused = withWrongCheckCharacter(excused);
      const unsealed = { signature: '', contentHash: '' };
      const registry = new RegistryFactory(collection.get(DataSource));
      const officer = await registry.systemOfficer();
      await collection.get(DataSource).query(
        `INSERT INTO registry.tax_id_overrides (tax_id, reason, added_by)
         SELECT unnest($1::text[]), 'test: issued before GB 32100', $2 ON CONFLICT DO NOTHING`,
        [[excused], officer],
      );
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType,
        // Without seals: a seal names the seller by its real tax ID.
        body: file([
          claimFields(a, { sellerTaxId: excused, ...unsealed }),
          claimFields(b, { sellerTaxId: excused, amount: '1.001', ...unsealed }),
          claimFields(c, { sellerTaxId: notExcused, amount: '1.001', ...unsealed }),
        ]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 3, rowsAccepted: 1, rowsRejected: 2 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}2,MONEY_INVALID,\n3,TAX_ID_INVALID,\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(1, a, false)]);
    });

    it('rejects half a seal (SEAL_INCOMPLETE) and a seal that is not base64/hex (SEAL_MALFORMED); a claim without a seal is accepted unverified', async () => {
      const { buyer, invoices, period } = await scenario(4);
      const [a, b, c, d] = invoices;
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType,
        body: file([
          claimFields(a, { contentHash: '' }),
          claimFields(b, { signature: 'not base64!' }),
          claimFields(c, { contentHash: c.seal.contentHash.toUpperCase() }),
          claimFields(d, { signature: '', contentHash: '' }),
        ]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 4, rowsAccepted: 1, rowsRejected: 3 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}1,SEAL_INCOMPLETE,\n2,SEAL_MALFORMED,\n3,SEAL_MALFORMED,\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(4, d, false)]);
    });

    it('rejects impossible issue dates with DATE_INVALID and keeps the good rows', async () => {
      const { buyer, invoices, period } = await scenario(5);
      const [a, b, c, d, e] = invoices;
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType,
        body: file([
          claimFields(a, { issueDate: '2025-02-29' }),
          claimFields(b, { issueDate: '2026-13-01' }),
          claimFields(c, { issueDate: '0000-01-15' }),
          claimFields(d, { issueDate: '26-01-15' }),
          claimFields(e),
        ]),
      });
      expect(status).toMatchObject({
        status: 'completed',
        error: null,
        rowsTotal: 5,
        rowsAccepted: 1,
        rowsRejected: 4,
      });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}1,DATE_INVALID,\n2,DATE_INVALID,\n3,DATE_INVALID,\n4,DATE_INVALID,\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([accepted(5, e)]);
    });

    it('keeps a row carrying the seal of another invoice as rejected evidence (SEAL_MISMATCH)', async () => {
      const { buyer, invoices, period } = await scenario(3);
      const [a, b, c] = invoices;
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType,
        body: file([
          claimFields(a, { signature: b.seal.signature, contentHash: b.seal.contentHash }),
          claimFields(b),
          claimFields(c, { amount: '9999.00' }), // 大头小尾 under a seal that cannot match
        ]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 3, rowsAccepted: 1, rowsRejected: 2 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}1,SEAL_MISMATCH,\n3,SEAL_MISMATCH,\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([
        rejected(1, a, 'SEAL_MISMATCH'),
        accepted(2, b),
        rejected(3, c, 'SEAL_MISMATCH'),
      ]);
    });

    it('keeps a claim for an ordinary invoice as rejected evidence (NOT_SPECIAL_INVOICE)', async () => {
      const { seller, buyer, invoices, period } = await scenario(1);
      const ordinary = await issueInvoice(issuance, seller, buyer, { type: 'ordinary' });
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType,
        body: file([claimFields(ordinary), claimFields(invoices[0])]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 2, rowsAccepted: 1, rowsRejected: 1 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}1,NOT_SPECIAL_INVOICE,\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([
        rejected(1, ordinary, 'NOT_SPECIAL_INVOICE'),
        accepted(2, invoices[0]),
      ]);
    });

    it('keeps a claim by someone who is not the buyer as rejected evidence (NOT_THE_BUYER)', async () => {
      const { buyer, invoices, period } = await scenario(2);
      const other = await enrolledTaxpayer(issuance, { invoiceCode: null });
      const status = await uploadAndWait(collection, other, {
        kind: 'claims',
        period,
        contentType,
        body: file(invoices.map((i) => claimFields(i))),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 2, rowsAccepted: 0, rowsRejected: 2 });
      expect(await uploadErrors(collection, other, status.uploadId)).toBe(
        `${ERRORS_HEADER}1,NOT_THE_BUYER,\n2,NOT_THE_BUYER,\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([
        rejected(1, invoices[0], 'NOT_THE_BUYER'),
        rejected(2, invoices[1], 'NOT_THE_BUYER'),
      ]);
      // The real buyer's right to claim is untouched.
      expect(await probe.claimsOf(buyer.taxId)).toEqual([]);
    });

    it('accepts the first of the same invoice twice in one file and keeps the second as DUPLICATE_IN_FILE', async () => {
      const { buyer, invoices, period } = await scenario(2);
      const [a, b] = invoices;
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType,
        body: file([claimFields(a), claimFields(b), claimFields(a)]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 3, rowsAccepted: 2, rowsRejected: 1 });
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}3,DUPLICATE_IN_FILE,\n`,
      );
      expect(await storedClaims(status.uploadId)).toEqual([
        accepted(1, a),
        accepted(2, b),
        rejected(3, a, 'DUPLICATE_IN_FILE'),
      ]);
    });

    it('keeps a claim the buyer made in an earlier file as ALREADY_CLAIMED, unless an earlier reason applies', async () => {
      const { buyer, invoices, period } = await scenario(3);
      const [a, b, c] = invoices;
      const first = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType,
        body: file([claimFields(a), claimFields(b)]),
      });
      expect(first).toMatchObject({ status: 'completed', rowsAccepted: 2, rowsRejected: 0 });
      const second = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        contentType,
        body: file([
          claimFields(a),
          claimFields(b, { signature: c.seal.signature, contentHash: c.seal.contentHash }),
          claimFields(c),
        ]),
      });
      expect(second).toMatchObject({ status: 'completed', rowsTotal: 3, rowsAccepted: 1, rowsRejected: 2 });
      expect(await uploadErrors(collection, buyer, second.uploadId)).toBe(
        `${ERRORS_HEADER}1,ALREADY_CLAIMED,\n2,SEAL_MISMATCH,\n`,
      );
      expect(await storedClaims(second.uploadId)).toEqual([
        rejected(1, a, 'ALREADY_CLAIMED'),
        rejected(2, b, 'SEAL_MISMATCH'),
        accepted(3, c),
      ]);
    });

    it('processes the same file sent twice once: same uploadId, duplicate: true, nothing new stored', async () => {
      const { buyer, invoices, period } = await scenario(2);
      const body = file([claimFields(invoices[0]), claimFields(invoices[1], { amount: '1.001' })]);
      const first = await uploadAndWait(collection, buyer, { kind: 'claims', period, contentType, body });
      expect(first).toMatchObject({ status: 'completed', rowsTotal: 2, rowsAccepted: 1, rowsRejected: 1 });
      const claimsBefore = await probe.claimsOf(buyer.taxId);

      const again = await postUpload(collection, buyer, { kind: 'claims', period, contentType, body }).expect(
        202,
      );
      expect(again.body).toMatchObject({
        uploadId: first.uploadId,
        duplicate: true,
        status: 'completed',
        rowsAccepted: 1,
        rowsRejected: 1,
      });
      expect(await probe.uploadCount(buyer.taxId)).toBe(1);
      expect(await probe.claimsOf(buyer.taxId)).toEqual(claimsBefore);
      expect(await probe.stagingRowsOf(buyer.taxId)).toBe(0);
      expect(await uploadErrors(collection, buyer, first.uploadId)).toBe(
        `${ERRORS_HEADER}2,MONEY_INVALID,\n`,
      );
    });
  });

  describe('refused requests', () => {
    it.each(['2026-13', '2026-00', '202611', '2026-1', 'november'])(
      'refuses ?period=%s with 400 PERIOD_INVALID, nothing stored',
      async (period) => {
        const { buyer, invoices } = await scenario(1);
        const res = await postUpload(collection, buyer, {
          kind: 'claims',
          period,
          body: csvFile([claimCsvLine(invoices[0])]),
        });
        await expectRefusedWithoutTrace(res, buyer, 400, 'PERIOD_INVALID');
      },
    );

    it('refuses a claims file without a period: 400 PERIOD_REQUIRED, nothing stored', async () => {
      const { buyer, invoices } = await scenario(1);
      const res = await postUpload(collection, buyer, {
        kind: 'claims',
        body: csvFile([claimCsvLine(invoices[0])]),
      });
      await expectRefusedWithoutTrace(res, buyer, 400, 'PERIOD_REQUIRED');
    });

    it.each([
      'text/plain',
      'application/json',
      'application/octet-stream',
      'multipart/form-data; boundary=x',
    ])('refuses content type %s: 400 UNSUPPORTED_MEDIA_TYPE, nothing stored', async (contentType) => {
      const { buyer, invoices, period } = await scenario(1);
      const body = contentType === 'application/json' ? '{"rows":[]}' : csvFile([claimCsvLine(invoices[0])]);
      const res = await postUpload(collection, buyer, { kind: 'claims', period, contentType, body });
      await expectRefusedWithoutTrace(res, buyer, 400, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it('refuses an unknown kind with 400, nothing stored', async () => {
      const { buyer, invoices, period } = await scenario(1);
      const res = await postUpload(collection, buyer, {
        kind: 'invoices',
        period,
        body: csvFile([claimCsvLine(invoices[0])]),
      });
      await expectRefusedWithoutTrace(res, buyer, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'kind' })]);
    });

    it('refuses a claims file from a small-scale taxpayer: 422 CLAIMANT_NOT_GENERAL_TAXPAYER, nothing stored', async () => {
      const { invoices, period } = await scenario(1);
      const smallScale = await enrolledTaxpayer(issuance, { invoiceCode: null, kind: 'small_scale' });
      const res = await postUpload(collection, smallScale, {
        kind: 'claims',
        period,
        body: csvFile([claimCsvLine(invoices[0])]),
      });
      await expectRefusedWithoutTrace(res, smallScale, 422, 'CLAIMANT_NOT_GENERAL_TAXPAYER');
    });

    it('refuses a body declared larger than UPLOAD_MAX_BYTES with a clear 413 PAYLOAD_TOO_LARGE before reading it', async () => {
      const { buyer, invoices, period } = await scenario(1);
      const limit = 2 * 1024 * 1024 * 1024; // CollectionConfig default
      const res = await postWithDeclaredLength(
        collection,
        `/v1/uploads?kind=claims&period=${period}`,
        { Authorization: `Bearer ${buyer.apiKey}`, 'Content-Type': CSV },
        csvFile([claimCsvLine(invoices[0])]),
        limit + 1,
      );
      expect(res).toEqual({
        status: 413,
        body: expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE', details: { maxBytes: limit } }),
      });
      expect(await probe.uploadCount(buyer.taxId)).toBe(0);
      expect(await probe.stagingRowsOf(buyer.taxId)).toBe(0);
      expect(await probe.claimsOf(buyer.taxId)).toEqual([]);
    });

    it("answers 404 UPLOAD_NOT_FOUND for another taxpayer's upload, its errors, and ids that are no upload", async () => {
      const { buyer, invoices, period } = await scenario(1);
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period,
        body: csvFile([claimCsvLine(invoices[0], { amount: 'x' })]),
      });
      const other = await enrolledTaxpayer(issuance, { invoiceCode: null });
      for (const path of [
        `/v1/uploads/${status.uploadId}`,
        `/v1/uploads/${status.uploadId}/errors`,
        '/v1/uploads/00000000-0000-0000-0000-000000000000',
        '/v1/uploads/not-a-uuid',
      ]) {
        const res = await request(collection.getHttpServer())
          .get(path)
          .set('Authorization', `Bearer ${other.apiKey}`);
        expect({ path, status: res.status, code: res.body.code }).toEqual({
          path,
          status: 404,
          code: 'UPLOAD_NOT_FOUND',
        });
      }
      // Still the owner's.
      expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
        `${ERRORS_HEADER}1,MONEY_INVALID,\n`,
      );
    });
  });

  describe('VAT returns files (kind=returns)', () => {
    const today = todayIn('Asia/Shanghai');
    const current = periodOf(today);
    const lastMonth = previousPeriod(current);
    const twoMonthsAgo = previousPeriod(lastMonth);
    const threeMonthsAgo = previousPeriod(twoMonthsAgo);
    const row = (period: string, amounts = ['100000.00', '13000.00', '20000.00', '2600.00', '9000.00']) =>
      [period, ...amounts].join(',');

    it('files valid rows (a period already filed gets version 2) and reports the others per row', async () => {
      const taxpayer = await enrolledTaxpayer(issuance, { invoiceCode: null });
      await request(collection.getHttpServer())
        .post('/v1/returns')
        .set('Authorization', `Bearer ${taxpayer.apiKey}`)
        .send({
          period: twoMonthsAgo,
          specialSales: '1.00',
          specialOutputTax: '0.13',
          otherSales: '0',
          otherOutputTax: '0',
          inputTax: '0',
        })
        .expect(201);
      const body =
        [
          RETURNS_CSV_HEADER,
          row(lastMonth),
          row(current),
          row(lastMonth, ['1.00', '0.13', '0.00', '0.00', '0.00']),
          row('2026-1'),
          row(twoMonthsAgo, ['200.00', '26.00', '0.00', '0.00', '5.50']),
          row(threeMonthsAgo, ['12.345', '1.00', '0.00', '0.00', '0.00']),
          row(threeMonthsAgo, ['-1.00', '0.00', '0.00', '0.00', '0.00']),
        ].join('\n') + '\n';
      const status = await uploadAndWait(collection, taxpayer, { kind: 'returns', body });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 7, rowsAccepted: 2, rowsRejected: 5 });
      expect(await uploadErrors(collection, taxpayer, status.uploadId)).toBe(
        ERRORS_HEADER +
          '2,PERIOD_NOT_ENDED,\n' +
          '3,DUPLICATE_IN_FILE,\n' +
          '4,PERIOD_INVALID,\n' +
          '6,MONEY_INVALID,\n' +
          '7,MONEY_INVALID,\n',
      );
      expect(await probe.returnsOf(taxpayer.taxId)).toEqual([
        expect.objectContaining({
          period: twoMonthsAgo,
          version: 1,
          source: 'api',
          rowNumber: null,
          inputTax: '0.00',
        }),
        expect.objectContaining({
          period: twoMonthsAgo,
          version: 2,
          source: 'upload',
          rowNumber: 5,
          inputTax: '5.50',
        }),
        expect.objectContaining({
          period: lastMonth,
          version: 1,
          source: 'upload',
          rowNumber: 1,
          inputTax: '9000.00',
        }),
      ]);
      const history = await request(collection.getHttpServer())
        .get(`/v1/returns/${twoMonthsAgo}`)
        .set('Authorization', `Bearer ${taxpayer.apiKey}`)
        .expect(200);
      expect(history.body.current).toMatchObject({ version: 2, supersedes: 1, specialSales: '200.00' });

      const again = await postUpload(collection, taxpayer, { kind: 'returns', body }).expect(202);
      expect(again.body).toMatchObject({ uploadId: status.uploadId, duplicate: true });
      expect(await probe.returnsOf(taxpayer.taxId)).toHaveLength(3);
    });

    it('with ?period=, refuses rows of other periods (PERIOD_NOT_OF_UPLOAD); NDJSON works the same', async () => {
      const taxpayer = await enrolledTaxpayer(issuance, { invoiceCode: null });
      const line = (period: string) =>
        JSON.stringify({
          period,
          specialSales: '10.00',
          specialOutputTax: '1.30',
          otherSales: '0.00',
          otherOutputTax: '0.00',
          inputTax: '0.00',
        });
      const status = await uploadAndWait(collection, taxpayer, {
        kind: 'returns',
        period: lastMonth,
        contentType: NDJSON,
        body: [line(twoMonthsAgo), line(lastMonth)].join('\n') + '\n',
      });
      expect(status).toMatchObject({
        status: 'completed',
        period: lastMonth,
        rowsTotal: 2,
        rowsAccepted: 1,
        rowsRejected: 1,
      });
      expect(await uploadErrors(collection, taxpayer, status.uploadId)).toBe(
        `${ERRORS_HEADER}1,PERIOD_NOT_OF_UPLOAD,\n`,
      );
      expect(await probe.returnsOf(taxpayer.taxId)).toEqual([
        expect.objectContaining({ period: lastMonth, version: 1, source: 'upload', rowNumber: 2 }),
      ]);
    });

    it('rejects period 0000-12 (no calendar month, as the API says) and keeps the good row', async () => {
      const taxpayer = await enrolledTaxpayer(issuance, { invoiceCode: null });
      const status = await uploadAndWait(collection, taxpayer, {
        kind: 'returns',
        body: [RETURNS_CSV_HEADER, row('0000-12'), row(lastMonth)].join('\n') + '\n',
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 2, rowsAccepted: 1, rowsRejected: 1 });
      expect(await uploadErrors(collection, taxpayer, status.uploadId)).toBe(
        `${ERRORS_HEADER}1,PERIOD_INVALID,\n`,
      );
      expect(await probe.returnsOf(taxpayer.taxId)).toEqual([expect.objectContaining({ period: lastMonth })]);
    });

    it('refuses a returns file with a wrong header: 400 CSV_HEADER_INVALID, nothing stored', async () => {
      const taxpayer = await enrolledTaxpayer(issuance, { invoiceCode: null });
      const res = await postUpload(collection, taxpayer, {
        kind: 'returns',
        body: `${CLAIMS_CSV_HEADER}\n${row(lastMonth)}\n`,
      });
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 400,
        code: 'CSV_HEADER_INVALID',
      });
      expect(await probe.uploadCount(taxpayer.taxId)).toBe(0);
      expect(await probe.returnsOf(taxpayer.taxId)).toEqual([]);
    });
  });

  describe('offline seller copies files (kind=seller-copies)', () => {
    it('accepts copies sealed by the seller and keeps every refused one as evidence with its reason', async () => {
      const [seller, buyer] = await Promise.all([
        offlineSeller(issuance),
        enrolledTaxpayer(issuance, { invoiceCode: null }),
      ]);
      const v1 = await new RegistryFactory(collection.get(DataSource)).numberRange(
        seller.taxId,
        GUANGDONG_CODES.v1,
        5,
      );
      const issueDate = todayIn('Asia/Shanghai');
      const base = { issueDate, buyerTaxId: buyer.taxId };
      const good = sealOffline(seller, { ...base, invoiceNumber: seller.number(0) });
      const copies = [
        good,
        sealOffline(
          seller,
          { ...base, invoiceNumber: seller.number(1), amount: '9000.00' },
          { amount: '1000.00' },
        ),
        sealOffline(seller, { ...base, invoiceNumber: '00000001', invoiceCode: newInvoiceCode('4400', 3) }),
        sealOffline(seller, {
          ...base,
          invoiceNumber: seller.number(2),
          certificateSerial: buyer.serialNumber,
        }),
        sealOffline(seller, {
          ...base,
          invoiceCode: GUANGDONG_CODES.v1,
          invoiceNumber: String(v1.start).padStart(8, '0'),
          amount: '20000.00',
          taxAmount: '2600.00',
        }),
        good,
        {
          ...sealOffline(seller, { ...base, invoiceNumber: seller.number(3) }),
          buyerTaxId: 'NOT-A-TAX-ID-00000',
        },
        sealOffline(seller, { ...base, invoiceNumber: seller.number(4), buyerTaxId: newTaxId() }),
        sealOffline(seller, {
          ...base,
          invoiceNumber: seller.number(5),
          type: 'ordinary',
          buyerTaxId: newTaxId(),
        }),
      ];
      const body = [SELLER_COPIES_CSV_HEADER, ...copies.map(sellerCopyCsvLine)].join('\n') + '\n';
      const status = await uploadAndWait(collection, seller, { kind: 'seller-copies', body });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 9, rowsAccepted: 2, rowsRejected: 7 });
      expect(await uploadErrors(collection, seller, status.uploadId)).toBe(
        ERRORS_HEADER +
          '2,SEAL_MISMATCH,\n' +
          '3,NUMBER_NOT_ALLOCATED,\n' +
          '4,CERTIFICATE_NOT_THE_SELLERS,\n' +
          '5,AMOUNT_ABOVE_VERSION_CAP,\n' +
          '6,DUPLICATE_IN_FILE,\n' +
          '7,TAX_ID_INVALID,\n' +
          '8,BUYER_NOT_GENERAL_TAXPAYER,\n',
      );
      const stored = (await probe.sellerCopiesOf(seller.taxId)).map((c) => [
        c.rowNumber,
        c.status,
        c.reasonCode,
      ]);
      expect(stored.sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual([
        [1, 'accepted', null],
        [2, 'rejected', 'SEAL_MISMATCH'],
        [3, 'rejected', 'NUMBER_NOT_ALLOCATED'],
        [4, 'rejected', 'CERTIFICATE_NOT_THE_SELLERS'],
        [5, 'rejected', 'AMOUNT_ABOVE_VERSION_CAP'],
        [6, 'rejected', 'DUPLICATE_IN_FILE'],
        [8, 'rejected', 'BUYER_NOT_GENERAL_TAXPAYER'],
        [9, 'accepted', null],
      ]);
      expect(await probe.stagingRowsOf(seller.taxId)).toBe(0);

      const again = await postUpload(collection, seller, { kind: 'seller-copies', body }).expect(202);
      expect(again.body).toMatchObject({ uploadId: status.uploadId, duplicate: true, status: 'completed' });
      expect(await probe.sellerCopiesOf(seller.taxId)).toHaveLength(8);
      expect(await probe.uploadCount(seller.taxId)).toBe(1);
    });

    it('lets the buyer claim an accepted copy by bulk file, its seal verified', async () => {
      const [seller, buyer] = await Promise.all([
        offlineSeller(issuance),
        enrolledTaxpayer(issuance, { invoiceCode: null }),
      ]);
      const issueDate = todayIn('Asia/Shanghai');
      const copy = sealOffline(seller, {
        issueDate,
        buyerTaxId: buyer.taxId,
        invoiceNumber: seller.number(0),
      });
      const uploaded = await uploadAndWait(collection, seller, {
        kind: 'seller-copies',
        contentType: NDJSON,
        body: JSON.stringify(copy) + '\n',
      });
      expect(uploaded).toMatchObject({ status: 'completed', rowsAccepted: 1, rowsRejected: 0 });

      const claim = [
        copy.invoiceCode,
        copy.invoiceNumber,
        copy.issueDate,
        seller.taxId,
        copy.amount,
        copy.taxAmount,
        copy.signature,
        copy.contentHash,
      ].join(',');
      const status = await uploadAndWait(collection, buyer, {
        kind: 'claims',
        period: periodOf(issueDate),
        body: csvFile([claim]),
      });
      expect(status).toMatchObject({ status: 'completed', rowsTotal: 1, rowsAccepted: 1, rowsRejected: 0 });
      expect(await probe.claimsOfUpload(status.uploadId)).toEqual([
        expect.objectContaining({
          status: 'accepted',
          sealVerified: true,
          invoiceNumber: copy.invoiceNumber,
        }),
      ]);
    });
  });

  it('waits for completion with a bounded poll and reports progress 100 when done', async () => {
    const { buyer, invoices, period } = await scenario(1);
    const res = await postUpload(collection, buyer, {
      kind: 'claims',
      period,
      body: csvFile([claimCsvLine(invoices[0])]),
    }).expect(202);
    expect(res.body).toMatchObject({ kind: 'claims', period, duplicate: false, rowsTotal: 1 });
    expect(['queued', 'processing', 'completed']).toContain((res.body as UploadStatus).status);
    const done = await waitForUpload(collection, buyer, (res.body as UploadStatus).uploadId);
    expect(done).toMatchObject({ status: 'completed', phase: 'completed', progress: 100, error: null });
  });
});
