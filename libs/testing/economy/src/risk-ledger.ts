import {
  amountCapOf,
  DEFAULT_RULE_SET,
  Money,
  partyRows,
  periodEnd,
  type FindingCategory,
  type FindingIdentityParts,
  type IsoDate,
  type RuleSetParameters,
} from '@app/domain';
import { findRings } from '@app/trade-graph';
import { centsOf, formatCents, type Cents } from './cents';
import { addDays, beijing, instantOf, type EconomyCalendar } from './economy-calendar';
import type {
  ClaimRow,
  InvoiceFields,
  OnlineInvoiceRow,
  PartyRegistrationRow,
  SaleLine,
  SellerCopyRow,
  StatusChangeRow,
} from './economy-rows';
import type { EconomyTaxpayer } from './economy-taxpayers';

/** A finding of the risk stage, as the rows make it. */
export interface RiskFinding {
  parts: FindingIdentityParts;
  taxAtRisk: Cents;
}

/** Amounts of sales or purchases: in all, of no known chapter, and per chapter (with their tax). */
interface ChapterBook {
  total: Cents;
  unknown: Cents;
  chapters: Map<string, { amount: Cents; tax: Cents }>;
}

/** A seller's invoices of the period (blue, not voided, seen by the watermark) and its used numbers. */
interface SellerFigures {
  invoices: number;
  edge: number;
  edgeTax: Cents;
  specialAmount: Cents;
  specialTax: Cents;
  /** Numbers carrying an invoice, at any date (voided ones and credit notes included). */
  used: number;
}

/** Each amount version's cap in cents (the domain's amountCapOf). */
const CAPS: Readonly<Record<string, Cents>> = Object.fromEntries(
  ([1, 2, 3, 4] as const).map((v) => [String(v), amountCapOf(v).times(100).toNumber()]),
);
const newBook = (): ChapterBook => ({ total: 0, unknown: 0, chapters: new Map() });
/** An invoice's key in the ledgers: `code/number`. */
export const invoiceKeyOf = (k: { invoiceCode: string; invoiceNumber: string }): string =>
  `${k.invoiceCode}/${k.invoiceNumber}`;
/** The Beijing calendar day of an instant. */
const beijingDay = (instant: string): IsoDate =>
  new Date(instantOf(instant) + 8 * 3_600_000).toISOString().slice(0, 10);

/**
 * The risk stage's five rules (docs/risk-monitoring.md) applied to the economy's rows as
 * they are generated, one row at a time, keeping per taxpayer only its figures: how the
 * ground truth checks that the risk scenarios' declarations are what their rows make and
 * that the background trade crosses no rule by accident. Written from the rules, not from
 * the audit's SQL. Rows stamped after the watermark are not there; voids after it are not
 * voids.
 */
export class RiskLedger {
  private readonly sellers = new Map<string, SellerFigures>();
  private readonly sales = new Map<string, ChapterBook>();
  private readonly purchases = new Map<string, ChapterBook>();
  private readonly firstAbnormal = new Map<string, IsoDate>();
  private readonly absconded = new Map<string, RiskFinding>();
  /** Per buyer, the tax at risk of its abnormal input, once per invoice. */
  private readonly abnormal = new Map<string, Map<string, Cents>>();
  private readonly taxpayers: ReadonlyMap<string, EconomyTaxpayer>;
  private readonly edgeFrom: Readonly<Record<string, Cents>>;
  private readonly judged: ReadonlySet<string>;
  private readonly purchasePeriods: ReadonlySet<string>;
  /** CIRCULAR_TRADING's edges: per `seller>buyer`, special invoices of the ring window. */
  private readonly edges = new Map<string, { amount: Cents; tax: Cents }>();
  private readonly ringPeriods: ReadonlySet<string>;
  /** AFFILIATED_TRADE: per `seller>buyer` of taxpayers sharing a party, the period's special invoices. */
  private readonly affiliated = new Map<string, { amount: Cents; tax: Cents }>();

  constructor(
    private readonly calendar: EconomyCalendar,
    taxpayers: readonly EconomyTaxpayer[],
    /** Every number allocated to a taxpayer, over all its ranges. */
    private readonly allocated: (taxId: string) => number,
    private readonly rules: RuleSetParameters = DEFAULT_RULE_SET,
  ) {
    this.taxpayers = new Map(taxpayers.map((t) => [t.taxId, t]));
    const fraction = new Money(rules.capEdge.capFraction);
    this.edgeFrom = Object.fromEntries(
      Object.entries(CAPS).map(([v, cap]) => [v, fraction.times(cap).ceil().toNumber()]),
    );
    this.judged = new Set(
      taxpayers
        .filter((t) => rules.goodsDivergence.industrySections.includes(t.industry[0]))
        .map((t) => t.taxId),
    );
    const back = calendar.lookback.slice(0, rules.goodsDivergence.lookbackPeriods);
    this.purchasePeriods = new Set([calendar.period, ...back]);
    this.ringPeriods = new Set(
      [calendar.period, ...calendar.lookback].slice(0, rules.circularTrading.windowPeriods),
    );
  }

  /** Status changes, all of them before any claim: who was set abnormal first, when. */
  statusChanges(rows: readonly StatusChangeRow[]): void {
    const sorted = [...rows].sort((a, b) => instantOf(a.changedAt) - instantOf(b.changedAt));
    for (const r of sorted) {
      if (r.toStatus === 'abnormal' && !this.firstAbnormal.has(r.taxId)) {
        this.firstAbnormal.set(r.taxId, beijingDay(r.changedAt));
      }
    }
  }

  /**
   * Who controls whom, before any invoice: the ordered pairs of taxpayers that share a party
   * within affiliatedTrade.maxHops of each, by the registrations in force at some moment of
   * the period (a hop: legal representative, finance officer, a shareholder of minShare or
   * more, a listed contact; through a shareholder company to its own parties; a company is
   * its own node), unless more than maxTaxpayersPerParty reach the party. Their trade of the
   * period is then summed as it comes.
   */
  parties(rows: readonly PartyRegistrationRow[]): void {
    const { maxHops, minShare, contacts, maxTaxpayersPerParty } = this.rules.affiliatedTrade;
    const start = instantOf(beijing(`${this.calendar.period}-01`, 0));
    const end = instantOf(beijing(addDays(periodEnd(this.calendar.period), 1), 0));
    const share = new Money(minShare);
    const links = new Map<string, { node: string; company: string | null }[]>();
    for (const r of rows) {
      if (instantOf(r.from) >= end || (r.to !== null && instantOf(r.to) <= start)) continue;
      // equality is all the rule needs: the normal form is the digest
      for (const [role, list] of partyRows(r.parties, (value) => value)) {
        for (const p of list) {
          if (p.share !== null && share.gt(p.share)) continue;
          if (p.valueDigest !== null && !(contacts as readonly string[]).includes(role)) continue;
          const node =
            p.idDigest !== null
              ? `person:${p.idDigest}`
              : p.partyTaxId !== null
                ? `taxpayer:${p.partyTaxId}`
                : `${role}:${p.valueDigest}`;
          let list = links.get(r.taxId);
          if (!list) links.set(r.taxId, (list = []));
          list.push({ node, company: p.partyTaxId });
        }
      }
    }
    const reachedBy = new Map<string, Set<string>>();
    const reach = (node: string, taxId: string) => {
      let by = reachedBy.get(node);
      if (!by) reachedBy.set(node, (by = new Set()));
      by.add(taxId);
    };
    for (const origin of links.keys()) {
      const seen = new Set([origin]);
      let frontier = [origin];
      for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
        const next: string[] = [];
        for (const taxId of frontier) {
          for (const link of links.get(taxId) ?? []) {
            reach(link.node, origin);
            if (link.company !== null && !seen.has(link.company)) {
              seen.add(link.company);
              next.push(link.company);
            }
          }
        }
        frontier = next;
      }
    }
    for (const [node, by] of reachedBy) {
      if (node.startsWith('taxpayer:')) by.add(node.slice('taxpayer:'.length));
      if (by.size > maxTaxpayersPerParty) continue;
      for (const a of by)
        for (const b of by) if (a !== b) this.affiliated.set(`${a}>${b}`, { amount: 0, tax: 0 });
    }
  }

  online(row: OnlineInvoiceRow): void {
    if (row.late) return;
    this.figures(row.sellerTaxId).used++;
    if (row.original !== null || (row.voided !== null && !row.voided.late)) return;
    this.blue(row, row.lines);
  }

  offline(row: SellerCopyRow): void {
    if (row.late || row.status !== 'accepted') return;
    this.figures(row.sellerTaxId).used++;
    this.blue(row, null);
  }

  /** An accepted claim of the period of an invoice whose seller absconded soon after issuing it. */
  claim(row: ClaimRow, copy: InvoiceFields | null): void {
    if (row.status !== 'accepted' || row.period !== this.calendar.period || row.late) return;
    const seller = copy?.sellerTaxId ?? row.sellerTaxId;
    const since = this.firstAbnormal.get(seller);
    if (since === undefined) return;
    const issued = copy?.issueDate ?? row.issueDate;
    if (since < issued || since > addDays(issued, this.rules.abscondedSeller.windowDays)) return;
    const parts: FindingIdentityParts = {
      category: 'ABSCONDED_SELLER_INPUT',
      invoiceCode: row.invoiceCode,
      invoiceNumber: row.invoiceNumber,
      sellerTaxId: seller,
      buyerTaxId: row.buyerTaxId,
    };
    const identity = `${invoiceKeyOf(row)}|${row.buyerTaxId}`;
    if (!this.absconded.has(identity)) this.absconded.set(identity, { parts, taxAtRisk: row.tax });
  }

  /**
   * A finding of the matching: abnormal input of its buyer when its category is listed and
   * it rests on the buyer's claim of the invoice accepted for the period.
   */
  finding(parts: FindingIdentityParts, taxAtRisk: Cents, onAcceptedClaim: boolean): void {
    if (!onAcceptedClaim || parts.buyerTaxId === null) return;
    if (!this.rules.abnormalInputShare.categories.includes(parts.category)) return;
    this.addAbnormal(parts.buyerTaxId, `${parts.invoiceCode}/${parts.invoiceNumber}`, taxAtRisk);
  }

  /** What the five rules find, given each taxpayer's accepted input tax of the period. */
  findings(acceptedInput: (taxId: string) => Cents): RiskFinding[] {
    const found: RiskFinding[] = [];
    const seller = (category: FindingCategory, taxId: string, taxAtRisk: Cents) =>
      found.push({
        parts: { category, invoiceCode: null, invoiceNumber: null, sellerTaxId: taxId, buyerTaxId: null },
        taxAtRisk,
      });
    for (const t of this.taxpayers.values()) {
      const f = this.sellers.get(t.taxId);
      if (f && this.capEdge(f)) seller('CAP_EDGE_ISSUANCE', t.taxId, f.edgeTax);
      if (this.burst(t, f)) seller('NEW_ENTITY_BURST', t.taxId, f?.specialTax ?? 0);
      const divergent = this.divergence(t.taxId);
      if (divergent !== null) seller('GOODS_DIVERGENCE', t.taxId, divergent);
    }
    for (const f of this.absconded.values()) {
      found.push(f);
      this.addAbnormal(f.parts.buyerTaxId!, `${f.parts.invoiceCode}/${f.parts.invoiceNumber}`, f.taxAtRisk);
    }
    const { minShare, minTax } = this.rules.abnormalInputShare;
    found.push(...this.rings());
    const atLeast = centsOf(this.rules.affiliatedTrade.minAmount, 'minAmount');
    for (const [pair, trade] of this.affiliated) {
      if (trade.amount === 0 || trade.amount < atLeast) continue;
      const [sellerTaxId, buyerTaxId] = pair.split('>');
      const parts = { category: 'AFFILIATED_TRADE' as const, invoiceCode: null, invoiceNumber: null };
      found.push({ parts: { ...parts, sellerTaxId, buyerTaxId }, taxAtRisk: trade.tax });
    }
    for (const [buyer, invoices] of this.abnormal) {
      let tax = 0;
      for (const t of invoices.values()) tax += t;
      if (tax > centsOf(minTax, 'minTax') && new Money(minShare).times(acceptedInput(buyer)).lte(tax)) {
        const parts = { category: 'ABNORMAL_INPUT_SHARE' as const, invoiceCode: null, invoiceNumber: null };
        found.push({ parts: { ...parts, sellerTaxId: null, buyerTaxId: buyer }, taxAtRisk: tax });
      }
    }
    return found;
  }

  /**
   * CIRCULAR_TRADING: the rings among the window's edges of at least minEdgeAmount, one
   * finding per member (the edge sums are the economy's own; the ring shape is libs/trade-graph's,
   * which its unit tests hold to the rule). Its input does not count towards
   * ABNORMAL_INPUT_SHARE here: the default categories do not list it.
   */
  private rings(): RiskFinding[] {
    const { minEdgeAmount } = this.rules.circularTrading;
    const floor = centsOf(minEdgeAmount, 'minEdgeAmount');
    const edges = [];
    for (const [pair, e] of this.edges) {
      if (e.amount < floor) continue;
      const [sellerTaxId, buyerTaxId] = pair.split('>');
      edges.push({ sellerTaxId, buyerTaxId, amount: formatCents(e.amount) });
    }
    const found: RiskFinding[] = [];
    for (const ring of findRings(edges, this.rules.circularTrading).rings) {
      ring.members.forEach((member, i) => {
        const next = ring.members[(i + 1) % ring.members.length];
        const previous = ring.members[(i + ring.members.length - 1) % ring.members.length];
        found.push({
          parts: {
            category: 'CIRCULAR_TRADING',
            invoiceCode: null,
            invoiceNumber: null,
            sellerTaxId: member,
            buyerTaxId: next,
            ringId: ring.ringId,
          },
          taxAtRisk: this.edges.get(`${previous}>${member}`)!.tax,
        });
      });
    }
    return found;
  }

  private blue(copy: InvoiceFields, lines: readonly SaleLine[] | null): void {
    const period = copy.issueDate.slice(0, 7);
    if (
      copy.type === 'special' &&
      copy.amount > 0 &&
      copy.sellerTaxId !== copy.buyerTaxId &&
      this.ringPeriods.has(period)
    ) {
      const pair = `${copy.sellerTaxId}>${copy.buyerTaxId}`;
      const edge = this.edges.get(pair);
      if (edge) {
        edge.amount += copy.amount;
        edge.tax += copy.tax;
      } else this.edges.set(pair, { amount: copy.amount, tax: copy.tax });
    }
    if (period === this.calendar.period) {
      const pair =
        copy.type === 'special' && copy.amount > 0
          ? this.affiliated.get(`${copy.sellerTaxId}>${copy.buyerTaxId}`)
          : undefined;
      if (pair) {
        pair.amount += copy.amount;
        pair.tax += copy.tax;
      }
      const f = this.figures(copy.sellerTaxId);
      f.invoices++;
      if (copy.amount >= this.edgeFrom[copy.invoiceCode[9]]) {
        f.edge++;
        f.edgeTax += copy.tax;
      }
      if (copy.type === 'special') {
        f.specialAmount += copy.amount;
        f.specialTax += copy.tax;
      }
      if (this.judged.has(copy.sellerTaxId)) this.enter(this.sales, copy.sellerTaxId, copy, lines);
    }
    if (this.purchasePeriods.has(period) && this.judged.has(copy.buyerTaxId)) {
      this.enter(this.purchases, copy.buyerTaxId, copy, lines);
    }
  }

  private enter(
    books: Map<string, ChapterBook>,
    taxId: string,
    copy: InvoiceFields,
    lines: readonly SaleLine[] | null,
  ) {
    let book = books.get(taxId);
    if (!book) books.set(taxId, (book = newBook()));
    book.total += copy.amount;
    if (lines === null) {
      book.unknown += copy.amount;
      return;
    }
    for (const line of lines) {
      if (line.taxCode === null) {
        book.unknown += line.amount;
        continue;
      }
      const chapter = line.taxCode.slice(0, 5);
      const entry = book.chapters.get(chapter);
      if (entry) {
        entry.amount += line.amount;
        entry.tax += line.tax;
      } else book.chapters.set(chapter, { amount: line.amount, tax: line.tax });
    }
  }

  private capEdge(f: SellerFigures): boolean {
    const { minInvoices, minShare } = this.rules.capEdge;
    return f.edge >= minInvoices && new Money(minShare).times(f.invoices).lte(f.edge);
  }

  private burst(t: EconomyTaxpayer, f: SellerFigures | undefined): boolean {
    const { maxAgeDays, minAmount, minRangeUsedShare } = this.rules.newEntityBurst;
    const age = (Date.parse(periodEnd(this.calendar.period)) - Date.parse(t.registeredOn)) / 86_400_000;
    if (age < 0 || age >= maxAgeDays || !f) return false;
    const allocated = this.allocated(t.taxId);
    const byNumbers = allocated > 0 && new Money(minRangeUsedShare).times(allocated).lte(f.used);
    return f.specialAmount > centsOf(minAmount, 'minAmount') || byNumbers;
  }

  /** Output tax of the divergent lines, if the seller is judged and found; else null. */
  private divergence(taxId: string): Cents | null {
    const sales = this.sales.get(taxId);
    if (!sales) return null;
    const { minSales, minDivergentShare, maxUnknownShare } = this.rules.goodsDivergence;
    const tooUnknown = (b: ChapterBook) => new Money(maxUnknownShare).times(b.total).lt(b.unknown);
    if (sales.total < centsOf(minSales, 'minSales') || tooUnknown(sales)) return null;
    const bought = this.purchases.get(taxId) ?? newBook();
    if (tooUnknown(bought)) return null;
    let amount = 0;
    let tax = 0;
    for (const [chapter, line] of sales.chapters) {
      if (bought.chapters.has(chapter)) continue;
      amount += line.amount;
      tax += line.tax;
    }
    return new Money(minDivergentShare).times(sales.total).lte(amount) ? tax : null;
  }

  private addAbnormal(buyer: string, key: string, tax: Cents): void {
    let invoices = this.abnormal.get(buyer);
    if (!invoices) this.abnormal.set(buyer, (invoices = new Map()));
    invoices.set(key, Math.max(invoices.get(key) ?? 0, tax));
  }

  private figures(taxId: string): SellerFigures {
    let f = this.sellers.get(taxId);
    if (!f) {
      f = { invoices: 0, edge: 0, edgeTax: 0, specialAmount: 0, specialTax: 0, used: 0 };
      this.sellers.set(taxId, f);
    }
    return f;
  }
}
