import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CollectionAppModule } from '../../apps/collection/src/app.module';
import { IssuanceAppModule } from '../../apps/issuance/src/app.module';
import { periodOf } from '@app/domain';
import {
  CLAIMS_CSV_HEADER,
  claimCsvLine,
  claimNdjsonLine,
  CollectionProbe,
  createTestApp,
  enrolledTaxpayer,
  issueInvoice,
  IssuedInvoice,
  postUpload,
  uploadAndWait,
  uploadErrors,
} from '@app/testing';

const ERRORS_HEADER = 'row_number,code,detail\n';

/**
 * Bulk files follow the text rule of every API (issue 15): a row with NUL, a lone surrogate
 * or an invisible format character is a row error TEXT_INVALID, the rows around it are
 * loaded, and the upload completes; bytes that are not UTF-8 refuse the file with 400.
 * Never a 500, never an upload left failed or stuck.
 */
describe('bulk uploads: text no field may hold', () => {
  let issuance: INestApplication;
  let collection: INestApplication;
  let probe: CollectionProbe;

  beforeAll(async () => {
    [issuance, collection] = await Promise.all([
      createTestApp(IssuanceAppModule.forRoot()),
      createTestApp(CollectionAppModule.forRoot()),
    ]);
    probe = new CollectionProbe(collection.get(DataSource));
  });
  afterAll(async () => {
    await Promise.all([collection.close(), issuance.close()]);
  });

  async function scenario(n: number) {
    const [seller, buyer] = await Promise.all([
      enrolledTaxpayer(issuance),
      enrolledTaxpayer(issuance, { invoiceCode: null }),
    ]);
    const invoices: IssuedInvoice[] = [];
    for (let i = 0; i < n; i++) invoices.push(await issueInvoice(issuance, seller, buyer));
    return { buyer, invoices, period: periodOf(invoices[0].issueDate) };
  }

  it('CSV: a NUL byte, a right-to-left override and a C1 control reject their rows only', async () => {
    const { buyer, invoices, period } = await scenario(4);
    const [a, b, c, d] = invoices;
    const status = await uploadAndWait(collection, buyer, {
      kind: 'claims',
      period,
      body: [
        CLAIMS_CSV_HEADER,
        claimCsvLine(a),
        claimCsvLine(b, { contentHash: `${b.seal.contentHash}\u0000` }),
        claimCsvLine(c, { invoiceNumber: `\u202e${c.invoiceNumber}` }),
        claimCsvLine(d, { signature: `${d.seal.signature}\u0085` }),
        '',
      ].join('\n'),
    });
    expect(status).toMatchObject({ status: 'completed', rowsTotal: 4, rowsAccepted: 1, rowsRejected: 3 });
    expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
      ERRORS_HEADER +
        '2,TEXT_INVALID,field 8 contains U+0000\n' +
        '3,TEXT_INVALID,field 2 contains U+202E\n' +
        '4,TEXT_INVALID,field 7 contains U+0085\n',
    );
    expect((await probe.claimsOfUpload(status.uploadId)).map((row) => row.rowNumber)).toEqual([1]);
  });

  it('NDJSON: an escaped NUL, an escaped lone surrogate and a zero-width space reject their rows only', async () => {
    const { buyer, invoices, period } = await scenario(4);
    const [a, b, c, d] = invoices;
    const status = await uploadAndWait(collection, buyer, {
      kind: 'claims',
      period,
      contentType: 'application/x-ndjson',
      body: [
        claimNdjsonLine(a),
        claimNdjsonLine(b).replace(`"${b.amount}"`, `"${b.amount}\\u0000"`),
        claimNdjsonLine(c).replace(`"${c.invoiceCode}"`, `"${c.invoiceCode}\\ud800"`),
        claimNdjsonLine(d, { issueDate: `${d.issueDate}\u200b` }),
        '',
      ].join('\n'),
    });
    expect(status).toMatchObject({ status: 'completed', rowsTotal: 4, rowsAccepted: 1, rowsRejected: 3 });
    expect(await uploadErrors(collection, buyer, status.uploadId)).toBe(
      ERRORS_HEADER +
        '2,TEXT_INVALID,amount contains U+0000\n' +
        '3,TEXT_INVALID,invoiceCode contains U+D800\n' +
        '4,TEXT_INVALID,issueDate contains U+200B\n',
    );
  });

  it.each([
    ['a lone surrogate written as CESU-8 bytes', Buffer.from([0xed, 0xa0, 0x80])],
    ['an overlong encoding', Buffer.from([0xc0, 0xaf])],
    ['a stray continuation byte', Buffer.from([0x80])],
  ])(
    'a row with %s: the file is refused with 400 FILE_ENCODING_INVALID, nothing kept',
    async (_what, bytes) => {
      const { buyer, invoices, period } = await scenario(1);
      const body = Buffer.concat([
        Buffer.from(`${CLAIMS_CSV_HEADER}\n${claimCsvLine(invoices[0])}\n1,`),
        bytes,
        Buffer.from(',3,4,5,6,7,8\n'),
      ]);
      const res = await postUpload(collection, buyer, { kind: 'claims', period, body });
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 400,
        code: 'FILE_ENCODING_INVALID',
      });
      expect(await probe.uploadCount(buyer.taxId)).toBe(0);
      expect(await probe.stagingRowsOf(buyer.taxId)).toBe(0);
    },
  );
});
