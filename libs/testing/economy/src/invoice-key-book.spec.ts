import { calendarOf } from './economy-calendar';
import type { InvoiceKey, NumberRangeRow } from './economy-rows';
import { planTaxpayers } from './economy-taxpayers';
import { InvoiceKeyBook, SCENARIO_NUMBERS_PER_SELLER } from './invoice-key-book';

const keyOf = (k: InvoiceKey) => `${k.invoiceCode}/${k.invoiceNumber}`;

describe('InvoiceKeyBook', () => {
  const taxpayers = planTaxpayers('keys-spec', 16, { calendar: calendarOf('2017-09'), onlineShare: 0.1 });
  const book = () => new InvoiceKeyBook('keys-spec', calendarOf('2017-09'), taxpayers, 10);
  const owner = (ranges: NumberRangeRow[], key: InvoiceKey) =>
    ranges.find(
      (r) =>
        r.invoiceCode === key.invoiceCode &&
        Number(key.invoiceNumber) >= r.startNumber &&
        Number(key.invoiceNumber) <= r.endNumber,
    )?.taxId;

  it('gives each region a code per amount version: region, year of the period, version', () => {
    const codes = book().codes();
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^\d{4}17\d{3}[13]$/);
    expect(codes.map((c) => c.slice(0, 4))).toContain('4401');
    expect(book().codes()).toEqual(codes);
  });

  it('allocates ranges that never overlap within a code', () => {
    const ranges = [...book().rangeRows()];
    expect(ranges).toHaveLength(16 * 2);
    for (const a of ranges) {
      for (const b of ranges) {
        if (a === b || a.invoiceCode !== b.invoiceCode) continue;
        expect(a.endNumber < b.startNumber || b.endNumber < a.startNumber).toBe(true);
      }
      expect(a.invoiceCode.slice(0, 4)).toBe(taxpayers.find((t) => t.taxId === a.taxId)!.region);
      expect(Number(a.invoiceCode[9])).toBe(a.amountVersion);
    }
  });

  it("hands out numbers inside the seller's range, and forged ones outside every range", () => {
    const keys = book();
    const ranges = [...keys.rangeRows()];
    const seller = taxpayers[3];
    const issued = [keys.backgroundKey(seller, 0), keys.backgroundKey(seller, 9), keys.scenarioKey(seller)];
    issued.push(keys.scenarioKey(seller, 1));
    for (const key of issued) expect(owner(ranges, key)).toBe(seller.taxId);
    expect(new Set(issued.map((k) => `${k.invoiceCode}/${k.invoiceNumber}`)).size).toBe(issued.length);
    for (const key of [
      keys.forgedKey(seller),
      keys.forgedKey(seller, 1),
      keys.backgroundForgedKey(seller, 5),
    ]) {
      expect(owner(ranges, key)).toBeUndefined();
    }
  });

  it('forges distinct numbers for distinct invoices of one region', () => {
    const keys = book();
    const region = taxpayers.filter((t) => t.region === taxpayers[0].region);
    const forged = region.flatMap((seller) =>
      [0, 1, 9].map((seq) => keyOf(keys.backgroundForgedKey(seller, seq))),
    );
    expect(new Set(forged).size).toBe(forged.length);
  });

  it('refuses to hand out a number twice', () => {
    const keys = book();
    const seller = taxpayers[0];
    expect(() => keys.backgroundKey(seller, 10)).toThrow(RangeError);
    expect(() => keys.backgroundForgedKey(seller, 10)).toThrow(RangeError);
    for (let i = 0; i < SCENARIO_NUMBERS_PER_SELLER; i++) keys.scenarioKey(seller);
    expect(() => keys.scenarioKey(seller)).toThrow(RangeError);
  });
});
