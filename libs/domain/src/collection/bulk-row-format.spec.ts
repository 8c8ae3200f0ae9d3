import { makeTaxId } from '../identifiers/unified-social-credit-code';
import { claimRowFormatError, sellerCopyRowFormatError } from './bulk-row-format';

const SELLER = makeTaxId('91440106MA59XK7T0');
const BUYER = makeTaxId('91440101MA59XK7T1');
const WRONG_CHECK = SELLER.slice(0, 17) + (SELLER[17] === '0' ? '1' : '0');
const HASH = 'a'.repeat(64);
const SEAL = 'QUJD+/ab==';

/** invoice_code, invoice_number, issue_date, seller_tax_id, amount, tax_amount, signature, content_hash */
const claim = (
  over: Partial<
    Record<'code' | 'number' | 'date' | 'seller' | 'amount' | 'tax' | 'sig' | 'hash', string>
  > = {},
) => [
  over.code ?? '4400261131',
  over.number ?? '00000001',
  over.date ?? '2026-11-30',
  over.seller ?? SELLER,
  over.amount ?? '1000.00',
  over.tax ?? '130.00',
  over.sig ?? SEAL,
  over.hash ?? HASH,
];

/** type, invoice_code, invoice_number, issue_date, buyer_tax_id, amount, tax_amount, content_hash, signature, certificate_serial */
const copy = (
  over: Partial<
    Record<
      'type' | 'code' | 'number' | 'date' | 'buyer' | 'amount' | 'tax' | 'hash' | 'sig' | 'serial',
      string
    >
  > = {},
) => [
  over.type ?? 'special',
  over.code ?? '4400261131',
  over.number ?? '00000001',
  over.date ?? '2026-11-30',
  over.buyer ?? BUYER,
  over.amount ?? '1000.00',
  over.tax ?? '130.00',
  over.hash ?? HASH,
  over.sig ?? SEAL,
  over.serial ?? '0A1b',
];

describe('claimRowFormatError', () => {
  it('passes a well-formed row, with a seal or without one', () => {
    expect(claimRowFormatError(claim())).toBeNull();
    expect(claimRowFormatError(claim({ sig: '', hash: '' }))).toBeNull();
    expect(claimRowFormatError(claim({ amount: '0.01', tax: '0' }))).toBeNull();
    expect(claimRowFormatError(claim({ date: '2024-02-29' }))).toBeNull();
  });

  it.each([
    [{ code: '440026113' }, 'INVOICE_CODE_INVALID'],
    [{ code: '4400261135' }, 'INVOICE_CODE_INVALID'],
    [{ code: '44002611３1' }, 'INVOICE_CODE_INVALID'],
    [{ number: '0000001' }, 'INVOICE_NUMBER_INVALID'],
    [{ number: '00000000' }, 'INVOICE_NUMBER_INVALID'],
    [{ date: '2025-02-29' }, 'DATE_INVALID'],
    [{ date: '2026-04-31' }, 'DATE_INVALID'],
    [{ date: '2026-13-01' }, 'DATE_INVALID'],
    [{ date: '0000-01-15' }, 'DATE_INVALID'],
    [{ date: '26-01-15' }, 'DATE_INVALID'],
    [{ date: '2026-01-15\n' }, 'DATE_INVALID'],
    [{ seller: WRONG_CHECK }, 'TAX_ID_INVALID'],
    [{ seller: SELLER.toLowerCase() }, 'TAX_ID_INVALID'],
    [{ seller: SELLER.slice(0, 17) }, 'TAX_ID_INVALID'],
    [{ amount: '0' }, 'MONEY_INVALID'],
    [{ amount: '0.00' }, 'MONEY_INVALID'],
    [{ amount: '1000.001' }, 'MONEY_INVALID'],
    [{ amount: '-1.00' }, 'MONEY_INVALID'],
    [{ amount: '01.00' }, 'MONEY_INVALID'],
    [{ amount: '12345678901234567' }, 'MONEY_INVALID'],
    [{ tax: '1e3' }, 'MONEY_INVALID'],
    [{ tax: '' }, 'MONEY_INVALID'],
    [{ hash: '' }, 'SEAL_INCOMPLETE'],
    [{ sig: '' }, 'SEAL_INCOMPLETE'],
    [{ sig: 'not base64!' }, 'SEAL_MALFORMED'],
    [{ hash: HASH.toUpperCase() }, 'SEAL_MALFORMED'],
    [{ hash: HASH.slice(1) }, 'SEAL_MALFORMED'],
  ])('%j breaks %s', (over, code) => {
    expect(claimRowFormatError(claim(over))).toBe(code);
  });

  it('reports the first rule broken, in the order of the columns', () => {
    expect(claimRowFormatError(claim({ number: '0', amount: 'x', hash: '' }))).toBe('INVOICE_NUMBER_INVALID');
    expect(claimRowFormatError(claim({ seller: WRONG_CHECK, amount: 'x' }))).toBe('TAX_ID_INVALID');
  });

  it('excuses the check character of an overridden tax ID, never its shape, and judges the rest of the row', () => {
    const overrides = new Set([WRONG_CHECK]);
    expect(claimRowFormatError(claim({ seller: WRONG_CHECK }), overrides)).toBeNull();
    expect(claimRowFormatError(claim({ seller: WRONG_CHECK, amount: 'x' }), overrides)).toBe('MONEY_INVALID');
    const lower = SELLER.toLowerCase();
    expect(claimRowFormatError(claim({ seller: lower }), new Set([lower]))).toBe('TAX_ID_INVALID');
  });
});

describe('sellerCopyRowFormatError', () => {
  it('passes a well-formed copy', () => {
    expect(sellerCopyRowFormatError(copy())).toBeNull();
    expect(sellerCopyRowFormatError(copy({ type: 'ordinary' }))).toBeNull();
  });

  it.each([
    [{ type: 'Special' }, 'INVOICE_TYPE_INVALID'],
    [{ code: '4400261130' }, 'INVOICE_CODE_INVALID'],
    [{ number: '00000000' }, 'INVOICE_NUMBER_INVALID'],
    [{ date: '2026-02-29' }, 'DATE_INVALID'],
    [{ buyer: BUYER.slice(1) }, 'TAX_ID_INVALID'],
    [{ buyer: BUYER.replace(/.$/, 'I') }, 'TAX_ID_INVALID'],
    [{ amount: '0.0' }, 'MONEY_INVALID'],
    [{ tax: '-1' }, 'MONEY_INVALID'],
    [{ hash: '' }, 'SEAL_MALFORMED'],
    [{ sig: '' }, 'SEAL_MALFORMED'],
    [{ serial: 'A' }, 'SEAL_MALFORMED'],
    [{ serial: 'G0' }, 'SEAL_MALFORMED'],
    [{ serial: '0'.repeat(65) }, 'SEAL_MALFORMED'],
  ])('%j breaks %s', (over, code) => {
    expect(sellerCopyRowFormatError(copy(over))).toBe(code);
  });

  it('leaves the check character of the buyer to the copy intake, where overrides apply', () => {
    const wrong = BUYER.slice(0, 17) + (BUYER[17] === '0' ? '1' : '0');
    expect(sellerCopyRowFormatError(copy({ buyer: wrong }))).toBeNull();
  });
});
