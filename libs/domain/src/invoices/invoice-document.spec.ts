import { documentOfDraft, invoiceDocumentOf, type InvoiceDocument } from './invoice-document';
import { buildInvoiceDraft } from './invoice-draft';

const REQUIRED_KEYS = [
  'invoiceCode',
  'invoiceNumber',
  'type',
  'issueDate',
  'sellerTaxId',
  'sellerName',
  'buyerTaxId',
  'buyerName',
  'amount',
  'taxAmount',
  'total',
  'lines',
];

const base = (): InvoiceDocument => ({
  invoiceCode: '1100261130',
  invoiceNumber: '00000001',
  type: 'special',
  issueDate: '2026-11-20',
  sellerTaxId: '91110108MA01KPGK0L',
  sellerName: '北京某某科技有限公司',
  buyerTaxId: '91310115MA1K3YJ12N',
  buyerName: '上海某某贸易有限公司',
  amount: '100.00',
  taxAmount: '13.00',
  total: '113.00',
  lines: [{ description: '软件服务', amount: '100.00', taxRate: '0.13', taxAmount: '13.00' }],
});

describe('invoiceDocumentOf', () => {
  it('keeps every required field as given', () => {
    const doc = invoiceDocumentOf(base());
    expect(doc).toEqual(base());
    expect(Object.keys(doc).sort()).toEqual([...REQUIRED_KEYS].sort());
  });

  it('omits optional fields that are undefined (the key itself, not just the value)', () => {
    const doc = invoiceDocumentOf({
      ...base(),
      remarks: undefined,
      originalInvoiceCode: undefined,
      originalInvoiceNumber: undefined,
    });
    expect(Object.keys(doc).sort()).toEqual([...REQUIRED_KEYS].sort());
    expect('remarks' in doc).toBe(false);
    expect('originalInvoiceCode' in doc).toBe(false);
    expect('originalInvoiceNumber' in doc).toBe(false);
  });

  it('keeps optional fields that are present, including an empty remark', () => {
    const credit: InvoiceDocument = {
      ...base(),
      invoiceNumber: '00000002',
      amount: '-100.00',
      taxAmount: '-13.00',
      total: '-113.00',
      lines: [{ description: '软件服务', amount: '-100.00', taxRate: '0.13', taxAmount: '-13.00' }],
      remarks: '',
      originalInvoiceCode: '1100261130',
      originalInvoiceNumber: '00000001',
    };
    const doc = invoiceDocumentOf(credit);
    expect(doc).toEqual(credit);
    expect(Object.keys(doc).sort()).toEqual(
      [...REQUIRED_KEYS, 'remarks', 'originalInvoiceCode', 'originalInvoiceNumber'].sort(),
    );
  });

  it('keeps each optional field independently of the others', () => {
    const doc = invoiceDocumentOf({ ...base(), remarks: '合同号 2026-117', originalInvoiceCode: undefined });
    expect(doc.remarks).toBe('合同号 2026-117');
    expect(Object.keys(doc).sort()).toEqual([...REQUIRED_KEYS, 'remarks'].sort());
  });

  it('does not modify its argument', () => {
    const fields = { ...base(), remarks: undefined };
    invoiceDocumentOf(fields);
    expect(Object.keys(fields)).toContain('remarks');
  });

  // The document is what contentHash covers and what anyone must be able to rebuild from the
  // invoice, so a caller passing a richer object (a database row) must not change it.
  it('drops fields that are not part of the document', () => {
    const row = { ...base(), id: 'c0a8012e-0000-4000-8000-000000000001', createdAt: '2026-11-20T02:00:00Z' };
    const doc = invoiceDocumentOf(row);
    expect(Object.keys(doc).sort()).toEqual([...REQUIRED_KEYS].sort());
  });
});

describe('documentOfDraft', () => {
  it('numbers and addresses a draft, with its money as 2-decimal strings', () => {
    const draft = buildInvoiceDraft(
      { issueDate: '2026-11-18', lines: [{ description: '办公用品', amount: '100.5', taxRate: '0.13' }] },
      { sellerKind: 'general', today: '2026-11-20', colour: 'blue' },
    );
    const heading = {
      invoiceCode: '4400261133',
      invoiceNumber: '00000007',
      type: 'special' as const,
      sellerTaxId: 'S',
      sellerName: 'Seller',
      buyerTaxId: 'B',
      buyerName: 'Buyer',
      remarks: 'r',
    };
    expect(documentOfDraft(draft, heading)).toEqual({
      ...heading,
      issueDate: '2026-11-18',
      amount: '100.50',
      taxAmount: '13.07',
      total: '113.57',
      lines: draft.lines,
    });
  });

  it('dates a credit note by its draft and names the invoice it credits', () => {
    const draft = buildInvoiceDraft(
      { lines: [{ description: '退货', amount: '-40', taxRate: '0.13' }] },
      { sellerKind: 'general', today: '2026-11-20', colour: 'red', rateDate: '2026-10-02' },
    );
    const document = documentOfDraft(draft, {
      invoiceCode: '4400261133',
      invoiceNumber: '00000008',
      type: 'special',
      sellerTaxId: 'S',
      sellerName: 'Seller',
      buyerTaxId: 'B',
      buyerName: 'Buyer',
      originalInvoiceCode: '4400261133',
      originalInvoiceNumber: '00000007',
    });
    expect(document).toMatchObject({
      issueDate: '2026-11-20',
      amount: '-40.00',
      taxAmount: '-5.20',
      total: '-45.20',
      originalInvoiceCode: '4400261133',
      originalInvoiceNumber: '00000007',
    });
    // Absent fields are absent from what is hashed, as invoiceDocumentOf leaves them out.
    expect(JSON.parse(JSON.stringify(document))).toEqual(invoiceDocumentOf(document));
  });
});
