import { randomInt } from 'node:crypto';

/**
 * A special-invoice code of `region` (4 digits) and `amountVersion`, random in between
 * (year, batch, language, copies). Ranges are national, so tests that share a database
 * must not share codes; together with {@link newNumberBlock} a clash is negligible.
 */
export function newInvoiceCode(region = '4400', amountVersion: 1 | 2 | 3 | 4 = 3): string {
  return `${region}${String(randomInt(100_000)).padStart(5, '0')}${amountVersion}`;
}

/**
 * A random block of 100,000 invoice numbers; `n(k)` is the 8-digit number at offset k
 * (1..99,999) in it, so a test can write "1–100 then 101–200" without colliding with others.
 */
export function newNumberBlock(): (offset: number) => string {
  const base = randomInt(999) * 100_000;
  return (offset: number) => {
    if (!Number.isInteger(offset) || offset < 1 || offset >= 100_000) throw new Error(`offset ${offset}`);
    return String(base + offset).padStart(8, '0');
  };
}
