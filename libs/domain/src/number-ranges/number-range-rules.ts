import { BusinessRuleError, ValidationError } from '../errors/domain-error';
import { InvoiceCodeParts, parseInvoiceCode, parseInvoiceNumber } from '../identifiers/invoice-code';

/** An allocation request after parsing: the code's parts and an inclusive integer range. */
export interface RequestedRange {
  readonly code: InvoiceCodeParts;
  readonly start: number;
  readonly end: number;
}

/** What of a taxpayer decides which invoice codes it may receive. */
export interface CodeHolder {
  readonly bureauCode: string;
  readonly maxAmountVersion: number;
}

/**
 * Parses `{ invoiceCode, startNumber, endNumber }` as received (any JSON values).
 * @throws ValidationError `INVOICE_CODE_INVALID`, `INVOICE_NUMBER_INVALID` (also for
 *   00000000: numbers start at 1), `NUMBER_RANGE_INVALID` (start after end)
 */
export function parseRequestedRange(body: {
  invoiceCode: unknown;
  startNumber: unknown;
  endNumber: unknown;
}): RequestedRange {
  const code = parseInvoiceCode(body.invoiceCode, 'invoiceCode');
  const start = positiveNumber(body.startNumber, 'startNumber');
  const end = positiveNumber(body.endNumber, 'endNumber');
  if (start > end) {
    throw new ValidationError('NUMBER_RANGE_INVALID', 'startNumber must not be after endNumber.', {
      startNumber: body.startNumber,
      endNumber: body.endNumber,
    });
  }
  return { code, start, end };
}

function positiveNumber(value: unknown, field: string): number {
  const n = Number(parseInvoiceNumber(value, field));
  if (n === 0) {
    throw new ValidationError('INVOICE_NUMBER_INVALID', `${field} must be 00000001–99999999.`, {
      field,
      reason: 'OUT_OF_RANGE',
    });
  }
  return n;
}

/**
 * A code is printed for one region: its first two digits must be the taxpayer's province
 * and digits 3–4 its city or `00` (province-wide). Bureau code = `1` + division code, so
 * the province is `bureauCode[1..2]` and the city `bureauCode[3..4]`. The amount version
 * must not exceed what the taxpayer was approved for.
 * @throws BusinessRuleError `INVOICE_CODE_REGION_MISMATCH`, `AMOUNT_VERSION_NOT_ALLOWED`
 */
export function assertCodeFits(code: InvoiceCodeParts, holder: CodeHolder): void {
  const province = holder.bureauCode.slice(1, 3);
  const city = holder.bureauCode.slice(3, 5);
  const codeCity = code.regionCode.slice(2, 4);
  if (code.provinceCode !== province || (codeCity !== '00' && codeCity !== city)) {
    throw new BusinessRuleError(
      'INVOICE_CODE_REGION_MISMATCH',
      `Invoice code region ${code.regionCode} does not fit a taxpayer of bureau ${holder.bureauCode} ` +
        `(expected ${province}00 or ${province}${city}).`,
      { invoiceCode: code.code, regionCode: code.regionCode, bureauCode: holder.bureauCode },
    );
  }
  if (code.amountVersion > holder.maxAmountVersion) {
    throw new BusinessRuleError(
      'AMOUNT_VERSION_NOT_ALLOWED',
      `Amount version ${code.amountVersion} is above the taxpayer's maximum ${holder.maxAmountVersion}.`,
      { amountVersion: code.amountVersion, maxAmountVersion: holder.maxAmountVersion },
    );
  }
}
