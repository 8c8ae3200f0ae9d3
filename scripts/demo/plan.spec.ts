import { checkTaxId } from '@app/domain';
import { demoTag, firstTaxIdOf, planDemo, seedSlug } from './plan';

describe('demo economy plan', () => {
  const plan = planDemo({ seed: 'spec', instance: 0, taxpayers: 60, invoices: 600 });

  it('is the same for the same seed, and fresh taxpayers and codes for another instance', () => {
    const again = planDemo({ seed: 'spec', instance: 0, taxpayers: 60, invoices: 600 });
    expect(JSON.stringify([...again.officers.districts])).toBe(JSON.stringify([...plan.officers.districts]));
    expect(again.invoices).toEqual(plan.invoices);
    expect(again.taxpayers).toEqual(plan.taxpayers);
    const next = planDemo({ seed: 'spec', instance: 1, taxpayers: 60, invoices: 600 });
    expect(next.invoices.map((i) => i.fate)).toEqual(plan.invoices.map((i) => i.fate));
    const ids = new Set(plan.taxpayers.map((t) => t.taxId));
    expect(next.taxpayers.some((t) => ids.has(t.taxId))).toBe(false);
    expect(next.ranges[0].invoiceCode).not.toBe(plan.ranges[0].invoiceCode);
    expect(firstTaxIdOf('spec', 1)).toBe(next.taxpayers[0].taxId);
    expect(next.tag).toBe('demo-spec-1');
  });

  it('registers valid, distinct credit codes across four provinces, some small-scale, some offline', () => {
    expect(plan.taxpayers.every((t) => checkTaxId(t.taxId).ok)).toBe(true);
    expect(new Set(plan.taxpayers.map((t) => t.taxId)).size).toBe(60);
    expect(new Set(plan.taxpayers.map((t) => t.bureauCode.slice(1, 3)))).toEqual(
      new Set(['44', '11', '31', '51']),
    );
    expect(plan.taxpayers.filter((t) => t.kind === 'small_scale')).toHaveLength(6);
    const offline = plan.taxpayers.filter((t) => t.offline);
    expect(offline.length).toBeGreaterThanOrEqual(3);
    expect(offline.every((t) => t.kind === 'general')).toBe(true);
    expect(plan.taxpayers.every((t) => t.taxId.slice(2, 8) === t.bureauCode.slice(1, 7))).toBe(true);
  });

  it('has an officer for a province, a city and every district, usernames the bureau accepts', () => {
    const all = [
      plan.officers.nationalAuditor,
      plan.officers.province,
      plan.officers.city,
      ...plan.officers.districts.values(),
    ];
    expect(all.every((o) => /^[a-z0-9._-]{3,64}$/.test(o.username) && o.password.length >= 12)).toBe(true);
    expect(plan.officers.province.bureauCode).toBe('14400000000');
    expect(plan.officers.city.bureauCode).toBe('14401000000');
    for (const t of plan.taxpayers) expect(plan.officers.districts.has(t.bureauCode)).toBe(true);
  });

  it('sells only between different taxpayers, to general buyers, special only from general sellers online', () => {
    const tp = plan.taxpayers;
    for (const inv of plan.invoices) {
      expect(inv.seller).not.toBe(inv.buyer);
      expect(tp[inv.buyer].kind).toBe('general');
      expect(tp[inv.seller].offline).toBe(false);
      if (tp[inv.seller].kind === 'small_scale')
        expect(inv).toMatchObject({ type: 'ordinary', fate: 'ordinary' });
      expect(inv.lines.length).toBeGreaterThanOrEqual(1);
    }
  });

  it('deals every fault at least once and leaves most invoices plainly claimed', () => {
    const fates = new Map<string, number>();
    for (const inv of plan.invoices) fates.set(inv.fate, (fates.get(inv.fate) ?? 0) + 1);
    for (const fate of [
      'unclaimed',
      'void',
      'void-claimed',
      'credit-partial',
      'credit-full-claimed',
      'mismatch',
      'overstated',
      'duplicate',
      'fake-seal',
      'bulk',
    ]) {
      expect(fates.get(fate) ?? 0).toBeGreaterThan(0);
    }
    expect((fates.get('claim') ?? 0) / plan.invoices.length).toBeGreaterThan(0.6);
    expect(plan.invoices.filter((i) => i.fate === 'bulk').every((i) => i.buyer === plan.bulkBuyer)).toBe(
      true,
    );
    expect(plan.offlineCopies.map((c) => c.fate)).toEqual(
      expect.arrayContaining(['copy-claimed', 'copy-missing', 'revoked-before', 'revoked-after']),
    );
    expect(plan.returns.filter((r) => r.inputTaxCents > 0).length).toBeGreaterThan(0);
    expect(plan.underDeclarations.length).toBeGreaterThan(0);
  });

  it('allocates disjoint ranges; phantom claims name an unused allocated number or one never allocated', () => {
    const byCode = new Map<string, { start: number; end: number; seller: number }[]>();
    for (const r of plan.ranges) byCode.set(r.invoiceCode, [...(byCode.get(r.invoiceCode) ?? []), r]);
    for (const ranges of byCode.values()) {
      const sorted = [...ranges].sort((a, b) => a.start - b.start);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i].start).toBeGreaterThan(sorted[i - 1].end);
    }
    expect(
      plan.ranges.every(
        (r) =>
          r.invoiceCode.slice(0, 4) === plan.taxpayers[r.seller].region &&
          r.invoiceCode.endsWith(String(plan.taxpayers[r.seller].maxAmountVersion)),
      ),
    ).toBe(true);
    const issuedBy = new Map<number, number>();
    for (const inv of plan.invoices) issuedBy.set(inv.seller, (issuedBy.get(inv.seller) ?? 0) + 1);
    for (const p of plan.phantomClaims) {
      const n = Number(p.invoiceNumber);
      const own = plan.ranges.find((r) => r.seller === p.seller)!;
      const anyRange = plan.ranges.some((r) => r.invoiceCode === p.invoiceCode && n >= r.start && n <= r.end);
      if (p.kind === 'missing-allocated') {
        expect(n).toBeLessThanOrEqual(own.end);
        // far past what the seller will issue (invoices and credit notes)
        expect(n - own.start).toBeGreaterThan(2 * (issuedBy.get(p.seller) ?? 0));
      } else {
        expect(anyRange).toBe(false);
      }
    }
  });

  it('makes username-safe tags from any seed', () => {
    expect(seedSlug('My Seed #42')).toBe('myseed42');
    expect(seedSlug('种子')).toMatch(/^s[0-9a-z]+$/);
    expect(demoTag('7', 3)).toBe('demo-7-3');
    expect(() => planDemo({ seed: 'x', instance: 0, taxpayers: 8, invoices: 100 })).toThrow(RangeError);
  });
});

describe('demo plan: under-declarations (days 1–15)', () => {
  it('names distinct online sellers whose buyers declare no input tax, and a declared tax far below the invoiced', () => {
    const plan = planDemo({ seed: 'under', instance: 0, taxpayers: 200, invoices: 500 });
    const overclaimers = new Set(plan.returns.filter((r) => r.inputTaxCents > 0).map((r) => r.taxpayer));
    const sellers = plan.underDeclarations.map((u) => u.seller);
    expect(new Set(sellers).size).toBe(sellers.length);
    for (const u of plan.underDeclarations) {
      expect(plan.taxpayers[u.seller]).toMatchObject({ kind: 'general', offline: false });
      expect(plan.taxpayers[u.buyer].kind).toBe('general');
      expect(u.buyer).not.toBe(u.seller);
      expect(overclaimers.has(u.buyer) || overclaimers.has(u.seller)).toBe(false);
      expect(Math.round(u.amountCents * 0.13) - u.declaredTaxCents).toBeGreaterThan(10_00);
    }
  });
});
