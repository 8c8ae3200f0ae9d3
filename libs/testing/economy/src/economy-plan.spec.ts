import { FINDING_CATEGORIES, RISK_CATEGORIES } from '@app/domain';
import type { InvoiceKey } from './economy-rows';
import { planEconomy, type EconomyOptions, type EconomyPlan } from './economy-plan';
import { RISK_SCENARIOS } from './scenarios/fault-catalogue';

const LATE_AT = new Date('2100-01-01T00:00:00Z');
const OPTIONS: EconomyOptions = { seed: 'plan-spec', period: '2017-09', tradeInvoices: 600, lateAt: LATE_AT };
const keyOf = (k: InvoiceKey) => `${k.invoiceCode}/${k.invoiceNumber}`;

/** Every row of every table, as plain data. */
function allRows(plan: EconomyPlan) {
  return {
    taxpayers: [...plan.taxpayerRows()],
    certificates: [...plan.certificateRows()],
    revocations: [...plan.revocationRows()],
    ranges: [...plan.numberRangeRows()],
    online: [...plan.onlineInvoiceRows()],
    offline: [...plan.sellerCopyRows()],
    claims: [...plan.claimRows()],
    returns: [...plan.vatReturnRows()],
    statusChanges: [...plan.statusChangeRows()],
  };
}

describe('planEconomy', () => {
  const plan = planEconomy(OPTIONS);
  const rows = allRows(plan);
  const truth = plan.groundTruth();

  it('is a function of its options: same seed, same rows and truth; another seed, another economy', () => {
    const again = planEconomy(OPTIONS);
    expect(allRows(again)).toEqual(rows);
    expect(again.groundTruth()).toEqual(truth);
    const other = planEconomy({ ...OPTIONS, seed: 'another' });
    expect(other.invoiceCodes).not.toEqual(plan.invoiceCodes);
    expect(other.taxpayers.map((t) => t.taxId)).not.toContain(plan.taxpayers[0].taxId);
  });

  it('writes each invoice key once, within its seller’s range unless it is a forgery', () => {
    const copies = [...rows.online, ...rows.offline.filter((c) => c.status === 'accepted')];
    expect(new Set(copies.map(keyOf)).size).toBe(copies.length);
    const inRange = (k: InvoiceKey, seller: string) =>
      rows.ranges.some(
        (r) =>
          r.taxId === seller &&
          r.invoiceCode === k.invoiceCode &&
          Number(k.invoiceNumber) >= r.startNumber &&
          Number(k.invoiceNumber) <= r.endNumber,
      );
    for (const copy of copies) expect(inRange(copy, copy.sellerTaxId)).toBe(true);
    // Claims of numbers that exist nowhere are the forgeries, and are expected as such.
    const copied = new Set(copies.map(keyOf));
    const forgeries = rows.claims.filter(
      (c) => c.period === plan.calendar.period && !copied.has(keyOf(c)) && !inRange(c, c.sellerTaxId),
    );
    expect(forgeries.length).toBeGreaterThan(0);
    const forged = new Set(
      truth
        .findings!.filter((f) => f.category === 'FORGED')
        .map((f) => `${f.invoiceCode}/${f.invoiceNumber} ${f.buyerTaxId}`),
    );
    for (const c of forgeries) expect(forged).toContain(`${keyOf(c)} ${c.buyerTaxId}`);
  });

  it('keeps claims in the period and its neighbours, refused ones with a reason', () => {
    const { previous, period, next } = plan.calendar;
    for (const c of rows.claims) {
      expect([previous, period, next]).toContain(c.period);
      expect(c.status === 'rejected').toBe(c.reasonCode !== null);
      // Only a clerical refusal (not judged by the audit) claims an invoice issued after its period.
      if (c.reasonCode !== 'ISSUE_DATE_AFTER_PERIOD') expect(c.issueDate <= `${c.period}-31`).toBe(true);
    }
  });

  it('credits online invoices by what their credit notes took back, never more', () => {
    const notes = rows.online.filter((i) => i.original !== null);
    expect(notes.length).toBeGreaterThan(0);
    const firstNote = rows.online.indexOf(notes[0]);
    for (const original of rows.online.filter((i) => i.original === null)) {
      const mine = notes.filter((n) => keyOf(n.original!) === keyOf(original));
      expect(original.credited).toBe(mine.reduce((sum, n) => sum - n.amount, 0));
      expect(original.credited).toBeLessThanOrEqual(original.amount);
      expect(original.creditedTax).toBeLessThanOrEqual(original.tax);
      if (mine.length > 0) expect(rows.online.indexOf(original)).toBeLessThan(firstNote);
    }
  });

  it('stamps late rows at lateAt, and has none without it', () => {
    const late = [...rows.offline, ...rows.claims, ...rows.returns, ...rows.revocations].filter(
      (r) => r.late,
    );
    expect(late.length).toBeGreaterThan(0);
    expect(rows.online.some((i) => i.late || i.voided?.late)).toBe(true);
    const early = allRows(planEconomy({ ...OPTIONS, lateAt: null }));
    const lateRows = [
      ...early.offline,
      ...early.claims,
      ...early.returns,
      ...early.revocations,
      ...early.online,
    ];
    expect(lateRows.filter((r) => r.late)).toEqual([]);
    expect(early.online.filter((i) => i.voided?.late)).toEqual([]);
  });

  it('expects every category, each identity once, and counts what it expects', () => {
    const planted = FINDING_CATEGORIES;
    expect(Object.keys(truth.counts).sort()).toEqual([...planted, 'MATCHED'].sort());
    const identities = truth.findings!.map((f) => f.identity);
    expect(new Set(identities).size).toBe(identities.length);
    for (const category of planted) {
      expect(truth.counts[category]).toBe(truth.findings!.filter((f) => f.category === category).length);
    }
    expect(truth.assistRequests).toHaveLength(truth.assistRequestCount);
  });

  it('judges returns against the tolerance: exactly at it is no finding, a cent beyond is', () => {
    const byProfile = (profile: string) => plan.taxpayers.filter((t) => t.returnProfile === profile);
    const declared = (taxId: string) =>
      truth.findings!.filter(
        (f) =>
          (f.category === 'UNDER_DECLARED' && f.sellerTaxId === taxId) ||
          (f.category === 'INPUT_OVERCLAIMED' && f.buyerTaxId === taxId),
      );
    for (const t of [
      ...byProfile('within'),
      ...byProfile('honest'),
      ...byProfile('none'),
      ...byProfile('corrected'),
    ]) {
      expect(declared(t.taxId)).toEqual([]);
    }
    const beyond = byProfile('just-beyond').flatMap((t) => declared(t.taxId).map((f) => f.taxAtRisk));
    expect(beyond).toContain('10.01');
    const wider = planEconomy({ ...OPTIONS, declarationTolerance: '50.00' }).groundTruth();
    expect(wider.declarationTolerance).toBe('50.00');
    expect(wider.findings!.filter((f) => f.taxAtRisk === '50.01').length).toBeGreaterThan(0);
  });

  it('plants each risk rule a few times, beside scenarios just short of it that find nothing', () => {
    for (const category of RISK_CATEGORIES) expect(truth.counts[category]).toBeGreaterThanOrEqual(3);
    const origins = new Set(truth.findings!.map((f) => f.origin));
    const shortOf = RISK_SCENARIOS.filter((s) => !origins.has(s.name));
    expect(shortOf.length).toBeGreaterThanOrEqual(15);
  });

  it('writes online invoices with lines: 19-digit tax codes in chapters their seller deals in', () => {
    const byId = new Map(plan.taxpayers.map((t) => [t.taxId, t]));
    const trade = rows.online.filter((i) => byId.get(i.sellerTaxId)?.trader && i.original === null);
    expect(trade.length).toBeGreaterThan(50);
    for (const invoice of trade) {
      expect(invoice.lines.reduce((sum, l) => sum + l.amount, 0)).toBe(invoice.amount);
      expect(invoice.lines.reduce((sum, l) => sum + l.tax, 0)).toBe(invoice.tax);
      for (const line of invoice.lines) {
        expect(line.taxCode).toMatch(/^[13]\d{18}$/);
        // Stock bought from a maker in another line of business is the one exception.
        if (!byId.get(invoice.buyerTaxId)!.industry.startsWith('F')) {
          expect(byId.get(invoice.sellerTaxId)!.goods.sells).toContain(line.taxCode!.slice(0, 5));
        }
      }
    }
  });

  it('issues nothing before its seller was registered, from ranges allocated after that', () => {
    const registered = new Map(plan.taxpayers.map((t) => [t.taxId, t.registeredOn]));
    for (const copy of [...rows.online, ...rows.offline]) {
      expect(copy.issueDate > registered.get(copy.sellerTaxId)!).toBe(true);
    }
    for (const r of rows.ranges) {
      expect(Date.parse(r.allocatedAt.replace(' ', 'T').replace(/\+08$/, '+08:00'))).toBeGreaterThan(
        Date.parse(
          plan.taxpayers
            .find((t) => t.taxId === r.taxId)!
            .registeredAt.replace(' ', 'T')
            .replace(/\+08$/, '+08:00'),
        ),
      );
    }
  });

  it('records taxpayers set abnormal and back, their status the latest', () => {
    expect(rows.statusChanges.filter((c) => c.toStatus === 'abnormal').length).toBeGreaterThan(5);
    const latest = new Map(rows.statusChanges.map((c) => [c.taxId, c.toStatus]));
    for (const t of rows.taxpayers) expect(t.status).toBe(latest.get(t.taxId) ?? 'normal');
  });

  it('gives the same counts when it records no findings (big economies)', () => {
    const counted = planEconomy({ ...OPTIONS, recordFindings: false }).groundTruth();
    expect(counted).toMatchObject({ findings: null, assistRequests: null });
    expect(counted.counts).toEqual(truth.counts);
    expect(counted.taxAtRisk).toEqual(truth.taxAtRisk);
    expect(counted.assistRequestCount).toBe(truth.assistRequestCount);
  });

  it('generates the trade lazily: ten million invoices are planned without being made', () => {
    const big = planEconomy({ seed: 'lazy', period: '2018-06', taxpayers: 2000, tradeInvoices: 10_000_000 });
    const before = process.memoryUsage().heapUsed;
    const first: unknown[] = [];
    for (const row of big.claimRows()) if (first.push(row) >= 1000) break;
    expect(first).toHaveLength(1000);
    // A materialised table would be gigabytes; a thousand rows are kilobytes.
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024);
  });
});
