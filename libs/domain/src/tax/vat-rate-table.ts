import Decimal from 'decimal.js';
import { BusinessRuleError, ValidationError } from '../errors/domain-error';
import { Money } from '../money/money';
import { parseDate, type IsoDate } from '../periods/tax-period';
import type { TaxpayerKind } from '../taxpayers/taxpayer';

/** General scheme (一般计税) or simplified scheme (简易计税, small-scale or elected). */
export type VatScheme = 'general' | 'simplified';

/** One period during which a rate was in force. Dates are inclusive; `validTo: null` = open. */
export interface VatRateEntry {
  readonly rate: string;
  readonly scheme: VatScheme;
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
}

/**
 * The table starts on 2016-05-01, when 营改增 (business tax → VAT) was completed; issue
 * dates before it are not supported. 0% (exports, 零税率) is open to every taxpayer.
 * Changing a rate means adding a row here, never an `if` in code.
 */
export const VAT_RATE_TABLE_START: IsoDate = '2016-05-01';

export const VAT_RATE_TABLE: readonly VatRateEntry[] = [
  { rate: '0.17', scheme: 'general', validFrom: '2016-05-01', validTo: '2018-04-30' },
  { rate: '0.16', scheme: 'general', validFrom: '2018-05-01', validTo: '2019-03-31' },
  { rate: '0.13', scheme: 'general', validFrom: '2016-05-01', validTo: '2017-06-30' },
  { rate: '0.13', scheme: 'general', validFrom: '2019-04-01', validTo: null },
  { rate: '0.11', scheme: 'general', validFrom: '2016-05-01', validTo: '2018-04-30' },
  { rate: '0.10', scheme: 'general', validFrom: '2018-05-01', validTo: '2019-03-31' },
  { rate: '0.09', scheme: 'general', validFrom: '2019-04-01', validTo: null },
  { rate: '0.06', scheme: 'general', validFrom: '2016-05-01', validTo: null },
  { rate: '0.00', scheme: 'general', validFrom: '2016-05-01', validTo: null },
  { rate: '0.05', scheme: 'simplified', validFrom: '2016-05-01', validTo: null },
  { rate: '0.03', scheme: 'simplified', validFrom: '2016-05-01', validTo: null },
  { rate: '0.01', scheme: 'simplified', validFrom: '2020-03-01', validTo: '2027-12-31' },
];

// A rate is a fraction written like "0.13", "0.1" or "0.130"; "13", "13%" and "0.13e0" are not rates.
const RATE_PATTERN = /^0(?:\.\d{1,4})?$/;

/** The table's rates as numbers, made once: every invoice line looks its rate up. */
const TABLE_RATES: readonly { entry: VatRateEntry; rate: Decimal }[] = VAT_RATE_TABLE.map((entry) => ({
  entry,
  rate: new Money(entry.rate),
}));

function entriesFor(rate: Decimal): VatRateEntry[] {
  return TABLE_RATES.filter((t) => t.rate.eq(rate)).map((t) => t.entry);
}

function inForce(e: VatRateEntry, date: IsoDate): boolean {
  return e.validFrom <= date && (e.validTo === null || date <= e.validTo);
}

/** Whether `kind` may invoice at `rate`, whose table entries are `entries` (all of that rate). */
function allowedFor(rate: Decimal, entries: VatRateEntry[], kind: TaxpayerKind): boolean {
  // Small-scale taxpayers only have the simplified scheme (and 0%); general taxpayers may elect either.
  return kind === 'general' || rate.isZero() || entries.some((e) => e.scheme === 'simplified');
}

/**
 * Resolves a rate sent by a client to the Decimal used in the tax computation, checking
 * that the rate exists, that this kind of taxpayer may use it, and that it was in force
 * on the issue date.
 * @throws ValidationError `TAX_RATE_INVALID` (details `{ field, reason, rate? }`, reason
 *   `NOT_A_STRING` | `FORMAT` | `UNKNOWN_RATE`);
 *   BusinessRuleError `TAX_RATE_NOT_ALLOWED` (details `{ field, rate, taxpayerKind }`);
 *   BusinessRuleError `TAX_RATE_NOT_IN_FORCE` (details `{ field, rate, issueDate, validity: [{validFrom, validTo}] }`).
 */
export function resolveVatRate(
  rate: unknown,
  issueDate: IsoDate,
  taxpayerKind: TaxpayerKind,
  field: string,
): Decimal {
  parseDate(issueDate, 'issueDate');
  if (typeof rate !== 'string' || !RATE_PATTERN.test(rate)) {
    const reason = typeof rate === 'string' ? 'FORMAT' : 'NOT_A_STRING';
    throw new ValidationError('TAX_RATE_INVALID', `${field} must be a rate string such as "0.13"`, {
      field,
      reason,
    });
  }
  const value = new Money(rate);
  const entries = entriesFor(value);
  if (entries.length === 0) {
    throw new ValidationError('TAX_RATE_INVALID', `${field} ${rate} is not a VAT rate`, {
      field,
      reason: 'UNKNOWN_RATE',
      rate,
    });
  }
  if (!allowedFor(value, entries, taxpayerKind)) {
    throw new BusinessRuleError(
      'TAX_RATE_NOT_ALLOWED',
      `A ${taxpayerKind} taxpayer cannot invoice at rate ${rate}`,
      {
        field,
        rate,
        taxpayerKind,
      },
    );
  }
  if (!entries.some((e) => inForce(e, issueDate))) {
    const validity = entries.map((e) => ({ validFrom: e.validFrom, validTo: e.validTo }));
    const why = issueDate < VAT_RATE_TABLE_START ? ` (the rate table starts ${VAT_RATE_TABLE_START})` : '';
    throw new BusinessRuleError(
      'TAX_RATE_NOT_IN_FORCE',
      `Rate ${rate} was not in force on ${issueDate}${why}`,
      {
        field,
        rate,
        issueDate,
        validity,
      },
    );
  }
  return value;
}
