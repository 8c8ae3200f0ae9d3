import { FINDING_CATEGORIES, PER_TAXPAYER_CATEGORIES, RISK_CATEGORIES } from '@app/domain';
import { DeviceRegistry } from '../devices';
import { calendarOf } from '../economy-calendar';
import { planActors, planTaxpayers, unregisteredTaxIds } from '../economy-taxpayers';
import { InvoiceKeyBook } from '../invoice-key-book';
import { catalogueActors, FAULT_CATALOGUE, plantScenarios } from './fault-catalogue';
import type { ScenarioEnvironment } from './scenario-environment';

function environment(lateAt: string | null): ScenarioEnvironment {
  const calendar = calendarOf('2017-09');
  const traders = planTaxpayers('catalogue-spec', 24, { calendar, onlineShare: 0.1 });
  const actors = planActors('catalogue-spec', catalogueActors(lateAt !== null), calendar, traders);
  const taxpayers = [...traders, ...actors.values()];
  const strangers = unregisteredTaxIds('catalogue-spec', 8, new Set(taxpayers.map((t) => t.taxId)));
  return {
    seed: 'catalogue-spec',
    calendar,
    taxpayers: traders.filter((t) => !t.trader!.newlyRegistered),
    registry: new Map(taxpayers.map((t) => [t.taxId, t])),
    actors,
    keys: new InvoiceKeyBook('catalogue-spec', calendar, taxpayers, 0),
    devices: new DeviceRegistry('catalogue-spec', calendar, new Map()),
    unregistered: () => strangers.shift()!,
    lateAt,
  };
}

describe('the fault catalogue', () => {
  const book = plantScenarios(environment('2100-01-01T00:00:00.000Z'));

  it('names each scenario once (a name is also its random stream)', () => {
    const names = FAULT_CATALOGUE.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('declares every per-invoice category of the matching, and matched claims', () => {
    const declared = new Set(book.findings.map((f) => f.parts.category));
    const perInvoice = FINDING_CATEGORIES.filter(
      (c) => !PER_TAXPAYER_CATEGORIES.includes(c) && !RISK_CATEGORIES.includes(c),
    );
    expect([...declared].sort()).toEqual([...perInvoice].sort());
    expect(book.matched).toBeGreaterThan(0);
  });

  it('declares every category of the risk stage, in its own list', () => {
    const declared = new Set(book.riskFindings.map((f) => f.parts.category));
    expect([...declared].sort()).toEqual([...RISK_CATEGORIES].sort());
  });

  it('declares findings only about invoices its scenario wrote, claimed or forged', () => {
    const written = new Set(
      [...book.sellerCopies, ...book.invoices, ...book.claims].map(
        (r) => `${r.invoiceCode}/${r.invoiceNumber}`,
      ),
    );
    for (const f of book.findings)
      expect(written).toContain(`${f.parts.invoiceCode}/${f.parts.invoiceNumber}`);
  });

  it('gives each scenario invoice keys of its own', () => {
    const owner = new Map<string, string>();
    for (const f of book.findings) {
      const key = `${f.parts.invoiceCode}/${f.parts.invoiceNumber}`;
      expect(owner.get(key) ?? f.origin).toBe(f.origin);
      owner.set(key, f.origin);
    }
  });

  it('covers the combinations the audit must keep apart', () => {
    const categoriesOf = new Map<string, Set<string>>();
    for (const f of book.findings) {
      const key = `${f.parts.invoiceCode}/${f.parts.invoiceNumber}|${f.parts.buyerTaxId}`;
      categoriesOf.set(key, (categoriesOf.get(key) ?? new Set()).add(f.parts.category));
    }
    const combos = [...categoriesOf.values()].map((s) => [...s].sort().join('+'));
    for (const combo of [
      'DUPLICATE_CLAIM+VOID_CLAIMED',
      'DUPLICATE_CLAIM+FIELD_MISMATCH',
      'DUPLICATE_CLAIM+FORGED',
      'DUPLICATE_CLAIM+MISSING_SELLER_COPY',
      'FORGED+UNCLAIMED',
      'REVOKED_SEAL+UNCLAIMED',
      'OVERSTATED_CLAIM+REVOKED_SEAL',
    ]) {
      expect(combos).toContain(combo);
    }
  });

  it('leaves the late-arrival scenarios out of an economy without late rows', () => {
    const early = plantScenarios(environment(null));
    expect(early.claims.filter((c) => c.late)).toEqual([]);
    const late = new Set(FAULT_CATALOGUE.filter((s) => s.late).map((s) => s.name));
    expect(early.findings.filter((f) => late.has(f.origin))).toEqual([]);
    expect(book.findings.filter((f) => late.has(f.origin)).length).toBeGreaterThan(0);
  });
});
