/** Money in integer cents for the demo's own arithmetic; the API speaks decimal strings. */

/** 12345 → '123.45'; -5 → '-0.05'. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`not a whole number of cents: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** '123.45' → 12345; '-0.5' → -50. Two decimals at most. */
export function parseCents(text: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw new RangeError(`not a money string: ${text}`);
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

/** Line tax as the service computes it: round-half-up(amount × rate) to the cent (amount ≥ 0). */
export function taxOfCents(amountCents: number, taxRate: string): number {
  const basisPoints = Math.round(Number(taxRate) * 10_000);
  if (amountCents < 0) return -taxOfCents(-amountCents, taxRate);
  return Math.floor((amountCents * basisPoints + 5_000) / 10_000);
}
