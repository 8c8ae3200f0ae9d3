import { checkTaxId } from '../identifiers/unified-social-credit-code';
import { isMoneyString } from '../money/money';
import { daysInMonth } from '../periods/tax-period';

/**
 * The format rules of a bulk file's rows (DESIGN §10), checked as each row is read, before
 * it is staged: `null`, or the code of the first rule the row breaks, in the order below.
 * Rows are the fields of one record in the file's column order, every one a string (`''`
 * for an empty field). They are the rules Postgres checked after staging until migration 21,
 * unchanged: run here by V8 they cost ~0.3 µs a row (0.6 µs with a seal), where Postgres'
 * regex engine took 3.2 s of a million-row file (docs/benchmarks.md, Collection).
 */
export type BulkRowFormatCode =
  | 'INVOICE_TYPE_INVALID'
  | 'INVOICE_CODE_INVALID'
  | 'INVOICE_NUMBER_INVALID'
  | 'DATE_INVALID'
  | 'TAX_ID_INVALID'
  | 'MONEY_INVALID'
  | 'SEAL_INCOMPLETE'
  | 'SEAL_MALFORMED';

const INVOICE_CODE = /^[0-9]{9}[1-4]$/;
const INVOICE_NUMBER = /^[0-9]{8}$/;
const ISO_DATE = /^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const ZERO = /^0(\.0*)?$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const CERTIFICATE_SERIAL = /^[0-9A-Fa-f]{2,64}$/;

/** A calendar date: the pattern, and a day that its month has (2026-02-30 is not one). */
function isCalendarDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const day = Number(s.slice(8, 10));
  return day <= 28 || day <= daysInMonth(Number(s.slice(0, 4)), Number(s.slice(5, 7)));
}

/** A money string of the wire format without a sign (a file states amounts, credits are not claimed). */
const isAmount = (s: string): boolean => isMoneyString(s) && s[0] !== '-';
const isPositiveAmount = (s: string): boolean => isAmount(s) && !ZERO.test(s);

/** Eighteen characters of the tax ID alphabet, whatever the check character. */
function hasTaxIdShape(id: string): boolean {
  const check = checkTaxId(id);
  return check.ok || check.reason === 'CHECK_CHARACTER';
}

/**
 * A row of a claims file: invoice_code, invoice_number, issue_date, seller_tax_id, amount,
 * tax_amount, signature, content_hash. The seller's tax ID must have a right check character
 * unless it is in `overrides` (registry.tax_id_overrides: early codes legally issued with a
 * wrong one). A claim may come without a seal, but not with half of one.
 */
export function claimRowFormatError(
  fields: readonly string[],
  overrides?: ReadonlySet<string>,
): BulkRowFormatCode | null {
  const [code, number, issueDate, sellerTaxId, amount, taxAmount, signature, contentHash] = fields;
  if (!INVOICE_CODE.test(code)) return 'INVOICE_CODE_INVALID';
  if (!INVOICE_NUMBER.test(number) || number === '00000000') return 'INVOICE_NUMBER_INVALID';
  if (!isCalendarDate(issueDate)) return 'DATE_INVALID';
  if (!checkTaxId(sellerTaxId, overrides).ok) return 'TAX_ID_INVALID';
  if (!isPositiveAmount(amount) || !isAmount(taxAmount)) return 'MONEY_INVALID';
  if ((signature === '') !== (contentHash === '')) return 'SEAL_INCOMPLETE';
  if (signature !== '' && (!BASE64.test(signature) || !SHA256_HEX.test(contentHash))) return 'SEAL_MALFORMED';
  return null;
}

/**
 * A row of an offline seller copies file: type, invoice_code, invoice_number, issue_date,
 * buyer_tax_id, amount, tax_amount, content_hash, signature, certificate_serial. The buyer's
 * check character is judged with the copy (BUYER_TAX_ID_INVALID, where overrides apply), so
 * here only its shape; the seal is required.
 */
export function sellerCopyRowFormatError(fields: readonly string[]): BulkRowFormatCode | null {
  const [type, code, number, issueDate, buyerTaxId, amount, taxAmount, contentHash, signature, serial] =
    fields;
  if (type !== 'special' && type !== 'ordinary') return 'INVOICE_TYPE_INVALID';
  if (!INVOICE_CODE.test(code)) return 'INVOICE_CODE_INVALID';
  if (!INVOICE_NUMBER.test(number) || number === '00000000') return 'INVOICE_NUMBER_INVALID';
  if (!isCalendarDate(issueDate)) return 'DATE_INVALID';
  if (!hasTaxIdShape(buyerTaxId)) return 'TAX_ID_INVALID';
  if (!isPositiveAmount(amount) || !isAmount(taxAmount)) return 'MONEY_INVALID';
  if (!SHA256_HEX.test(contentHash) || !BASE64.test(signature) || !CERTIFICATE_SERIAL.test(serial))
    return 'SEAL_MALFORMED';
  return null;
}
