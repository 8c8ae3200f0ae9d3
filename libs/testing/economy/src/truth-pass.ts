import type { FindingIdentityParts } from '@app/domain';
import type { TradeInvoice } from './background-trade';
import type { Cents } from './cents';
import type { EconomyCalendar } from './economy-calendar';
import type { ClaimRow, InvoiceFields, PartyRegistrationRow, StatusChangeRow } from './economy-rows';
import type { EconomyTaxpayer } from './economy-taxpayers';
import type { FindingSink, TruthRecorder } from './ground-truth';
import { invoiceKeyOf, RiskLedger } from './risk-ledger';
import { reconcileRisk } from './risk-truth';
import type { ScenarioBook } from './scenarios/scenario-book';
import { TaxpayerLedger } from './taxpayer-ledger';
import { judgeTrade } from './trade-truth';

export interface TruthPassInput {
  calendar: EconomyCalendar;
  taxpayers: readonly EconomyTaxpayer[];
  allocated: (taxId: string) => number;
  book: ScenarioBook;
  statusChanges: readonly StatusChangeRow[];
  parties: readonly PartyRegistrationRow[];
  trade: (index: number) => TradeInvoice;
  tradeInvoices: number;
  truth: TruthRecorder;
}

/**
 * The one pass over every row behind the ground truth: the scenarios' rows and declared
 * findings, then the trade invoice by invoice (made again from its index, nothing kept),
 * into the per-taxpayer totals (票表比对) and the risk ledger; then the risk stage's
 * findings, as declared and checked ({@link reconcileRisk}). Returns the totals, from
 * which the returns are filed.
 */
export function truthOfRows(input: TruthPassInput): TaxpayerLedger {
  const { calendar, book, truth } = input;
  const ledger = new TaxpayerLedger(calendar.period);
  const risk = new RiskLedger(calendar, input.taxpayers, input.allocated);
  risk.statusChanges(input.statusChanges);
  risk.parties(input.parties);
  // The scenarios' copies as the watermark sees them, for their claims.
  const copies = new Map<string, InvoiceFields>();
  for (const row of book.invoices) {
    ledger.online(row);
    risk.online(row);
    if (!row.late) copies.set(invoiceKeyOf(row), row);
  }
  for (const row of book.sellerCopies) {
    ledger.offline(row);
    risk.offline(row);
    if (!row.late && row.status === 'accepted' && !copies.has(invoiceKeyOf(row)))
      copies.set(invoiceKeyOf(row), row);
  }
  for (const row of book.claims) {
    ledger.claim(row);
    risk.claim(row, copies.get(invoiceKeyOf(row)) ?? null);
  }
  for (const f of book.findings) {
    truth.finding(f.parts, f.taxAtRisk, f.origin);
    risk.finding(f.parts, f.taxAtRisk, acceptedIn(book.claims, f.parts, calendar.period));
  }
  truth.matched(book.matched);
  const sink = new TradeSink(truth, risk, calendar.period);
  for (let i = 0; i < input.tradeInvoices; i++) {
    const t = input.trade(i);
    if (t.online) {
      ledger.online(t.online);
      risk.online(t.online);
    }
    if (t.offline) {
      ledger.offline(t.offline);
      risk.offline(t.offline);
    }
    const copy = t.online ?? t.offline;
    for (const claim of t.claims) {
      ledger.claim(claim);
      risk.claim(claim, copy);
    }
    sink.claims = t.claims;
    judgeTrade(t, sink);
  }
  const actors = new Set(input.taxpayers.filter((t) => t.trader === null).map((t) => t.taxId));
  const evaluated = risk.findings((taxId) => ledger.of(taxId).claimedTax);
  for (const f of reconcileRisk(evaluated, book.riskFindings, actors))
    truth.finding(f.parts, f.taxAtRisk, f.origin);
  return ledger;
}

/** Whether the finding's buyer had its claim of the finding's invoice accepted for the period. */
function acceptedIn(claims: readonly ClaimRow[], parts: FindingIdentityParts, period: string): boolean {
  return claims.some(
    (c) =>
      c.invoiceCode === parts.invoiceCode &&
      c.invoiceNumber === parts.invoiceNumber &&
      c.buyerTaxId === parts.buyerTaxId &&
      c.status === 'accepted' &&
      c.period === period &&
      !c.late,
  );
}

/** Passes a trade invoice's findings to the truth, and to the risk ledger as input it may rest on. */
class TradeSink implements FindingSink {
  claims: readonly ClaimRow[] = [];

  constructor(
    private readonly truth: TruthRecorder,
    private readonly risk: RiskLedger,
    private readonly period: string,
  ) {}

  finding(parts: FindingIdentityParts, taxAtRisk: Cents, origin: string): void {
    this.truth.finding(parts, taxAtRisk, origin);
    this.risk.finding(parts, taxAtRisk, acceptedIn(this.claims, parts, this.period));
  }

  matched(claims?: number): void {
    this.truth.matched(claims);
  }
}
