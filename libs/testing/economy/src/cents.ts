import { parseMoney, VAT_RATE_TABLE, type IsoDate } from '@app/domain';

/**
 * Money inside the generator is integer cents (a JavaScript number: exact up to 2^53, far
 * beyond any sum an economy reaches), formatted as the decimal strings Postgres stores.
 */
export type Cents = number;

export function formatCents(cents: Cents): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A decimal string such as '10.00' in cents. */
export function centsOf(amount: string, field: string): Cents {
  return parseMoney(amount, { field, allowNegative: true }).times(100).toNumber();
}

/** A VAT rate as basis points: '0.17' → 1700. */
export type RateBasisPoints = number;

/** Tax of an amount at a rate, rounded half away from zero like every tax in Jinshui (DESIGN §4). */
export function taxOf(amount: Cents, rate: RateBasisPoints): Cents {
  const sign = amount < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(amount) * rate + 5000) / 10000);
}

export function rateText(rate: RateBasisPoints): string {
  return (rate / 10000).toFixed(2);
}

const generalRatesByDate = new Map<IsoDate, RateBasisPoints[]>();

/** The positive general-scheme rates in force on `date`, from the domain's rate table. */
export function generalRatesOn(date: IsoDate): readonly RateBasisPoints[] {
  let rates = generalRatesByDate.get(date);
  if (!rates) {
    rates = VAT_RATE_TABLE.filter(
      (e) =>
        e.scheme === 'general' &&
        e.rate !== '0.00' &&
        e.validFrom <= date &&
        (e.validTo === null || date <= e.validTo),
    ).map((e) => Math.round(Number(e.rate) * 10000));
    if (rates.length === 0) throw new RangeError(`no VAT rate in force on ${date}`);
    generalRatesByDate.set(date, rates);
  }
  return rates;
}
