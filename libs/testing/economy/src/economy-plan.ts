import { DEFAULT_AUDIT_PARAMETERS } from '@app/domain';
import { stockOnlineTraders } from './background-stock';
import { BackgroundTrade } from './background-trade';
import { centsOf, type Cents } from './cents';
import { judgeDeclaration } from './declaration-truth';
import { DeviceRegistry } from './devices';
import { calendarOf, instantOf, type EconomyCalendar } from './economy-calendar';
import type {
  CertificateRow,
  ClaimRow,
  NumberRangeRow,
  OnlineInvoiceRow,
  RevocationRow,
  SellerCopyRow,
  StatusChangeRow,
  TaxpayerRow,
  VatReturnRow,
  PartyRegistrationRow,
} from './economy-rows';
import { traderParties } from './economy-parties';
import { planActors, planTaxpayers, unregisteredTaxIds, type EconomyTaxpayer } from './economy-taxpayers';
import { TruthRecorder, type GroundTruth } from './ground-truth';
import { InvoiceKeyBook } from './invoice-key-book';
import { planReturns } from './return-profiles';
import { catalogueActors, plantScenarios } from './scenarios/fault-catalogue';
import { ScenarioBook } from './scenarios/scenario-book';
import { truthOfRows } from './truth-pass';

export interface EconomyOptions {
  /** Everything is drawn from it: the same seed gives the same rows and the same truth. */
  seed: string;
  /**
   * The audited period 'YYYY-MM'; the economy also writes into the periods either side,
   * and purchases up to three periods back (what the goods rule looks back on).
   */
  period: string;
  /**
   * General taxpayers of the background trade, spread over the economy's districts; default
   * 40, at least 8. The risk scenarios add taxpayers of their own (a few dozen).
   */
  taxpayers?: number;
  /** Invoices of the background trade (1,000,000+ for a benchmark); default 1,000. */
  tradeInvoices?: number;
  /** Share of the trade given a simple fault; default 0.02. */
  faultRate?: number;
  /**
   * Share of the traders that issue online (issuance.invoices, with lines) rather than
   * offline, and so about that share of the trade; default 0.1.
   */
  onlineShare?: number;
  /** Plant the fault catalogue (every category and combination, the risk stage's too); default true. */
  scenarios?: boolean;
  /**
   * When rows that arrive after the audit started are stamped: a time after every audit
   * run the caller will make. Null (default): no such rows, and their scenarios are left out.
   */
  lateAt?: Date | null;
  /** 票表比对 tolerance the audit will use; default the audit's default ('10.00'). */
  declarationTolerance?: string;
  /** Keep every expected finding (not only counts); default: trade of at most 200,000 invoices. */
  recordFindings?: boolean;
}

/**
 * A planned economy: its parties, and each table's rows as a lazy iterable (each call walks
 * the rows again, generating them as it goes), plus the ground truth of an audit of its period.
 */
export interface EconomyPlan {
  readonly seed: string;
  readonly calendar: EconomyCalendar;
  /** Every taxpayer: the traders, then the risk scenarios' own. */
  readonly taxpayers: readonly EconomyTaxpayer[];
  /** Every invoice code the economy allocates (no other economy or test may have ranges of them). */
  readonly invoiceCodes: readonly string[];
  /** Every bureau its taxpayers are registered with. */
  readonly bureauCodes: readonly string[];
  readonly tradeInvoices: number;
  taxpayerRows(): Iterable<TaxpayerRow>;
  /** Officers setting taxpayers abnormal (非正常户) and back, oldest first. */
  statusChangeRows(): Iterable<StatusChangeRow>;
  /** Who controls the taxpayers: the scenarios' registrations, and each trader's own. */
  partyRegistrationRows(): Iterable<PartyRegistrationRow>;
  certificateRows(): Iterable<CertificateRow>;
  revocationRows(): Iterable<RevocationRow>;
  numberRangeRows(): Iterable<NumberRangeRow>;
  /** Online invoices, originals before their credit notes. */
  onlineInvoiceRows(): Iterable<OnlineInvoiceRow>;
  sellerCopyRows(): Iterable<SellerCopyRow>;
  /** Claims in id order: the audit calls the lowest id of a key its first claim. */
  claimRows(): Iterable<ClaimRow>;
  /** Needs the ground truth's pass over the trade (done once, on first use). */
  vatReturnRows(): Iterable<VatReturnRow>;
  /** Computed once (one pass over the trade, nothing kept per invoice unless recording). */
  groundTruth(): GroundTruth;
}

/**
 * Plans an economy; cheap (the trade is generated only when its rows or the truth are read).
 *
 * ```ts
 * // A benchmark: a few million rows, streamed; the truth as counts per category.
 * const plan = planEconomy({ seed: 'bench-1', period: '2018-06', taxpayers: 2000, tradeInvoices: 5_000_000 });
 * const client = await pool.connect();
 * try { await loadEconomy(client, plan, { onTable: (t, n, ms) => log(t, n, ms) }); } finally { client.release(); }
 * const { counts, taxAtRisk, assistRequestCount } = plan.groundTruth();
 * ```
 */
export function planEconomy(options: EconomyOptions): EconomyPlan {
  return new PlannedEconomy(options);
}

class PlannedEconomy implements EconomyPlan {
  readonly seed: string;
  readonly calendar: EconomyCalendar;
  readonly taxpayers: readonly EconomyTaxpayer[];
  readonly invoiceCodes: readonly string[];
  readonly bureauCodes: readonly string[];
  readonly tradeInvoices: number;
  private readonly devices: DeviceRegistry;
  private readonly keys: InvoiceKeyBook;
  private readonly book: ScenarioBook;
  private readonly trade: BackgroundTrade;
  private readonly tolerance: { text: string; cents: Cents };
  private readonly lateAt: string | null;
  private readonly record: boolean;
  private computed?: { truth: GroundTruth; returns: VatReturnRow[] };

  constructor(options: EconomyOptions) {
    this.seed = options.seed;
    this.calendar = calendarOf(options.period);
    const onlineShare = options.onlineShare ?? 0.1;
    const traders = planTaxpayers(options.seed, options.taxpayers ?? 40, {
      calendar: this.calendar,
      onlineShare,
    });
    const late = options.lateAt !== undefined && options.lateAt !== null;
    const actors =
      options.scenarios === false
        ? new Map()
        : planActors(this.seed, catalogueActors(late), this.calendar, traders);
    this.taxpayers = [...traders, ...actors.values()];
    this.tradeInvoices = options.tradeInvoices ?? 1000;
    if (!Number.isInteger(this.tradeInvoices) || this.tradeInvoices < 0) {
      throw new RangeError('tradeInvoices must be a whole number');
    }
    const text = options.declarationTolerance ?? DEFAULT_AUDIT_PARAMETERS.declarationTolerance;
    this.tolerance = { text, cents: centsOf(text, 'declarationTolerance') };
    this.lateAt = options.lateAt ? options.lateAt.toISOString() : null;
    this.record = options.recordFindings ?? this.tradeInvoices <= 200_000;
    this.bureauCodes = [...new Set(this.taxpayers.map((t) => t.bureauCode))];
    this.devices = new DeviceRegistry(
      this.seed,
      this.calendar,
      new Map(this.taxpayers.map((t) => [t.taxId, t.registeredAt])),
    );
    const perSeller = Math.ceil(this.tradeInvoices / traders.length);
    this.keys = new InvoiceKeyBook(this.seed, this.calendar, this.taxpayers, perSeller);
    this.invoiceCodes = this.keys.codes();
    const registered = new Set(this.taxpayers.map((t) => t.taxId));
    const strangers = unregisteredTaxIds(this.seed, 16, registered);
    const environment = {
      seed: this.seed,
      calendar: this.calendar,
      // Fault scenarios leave newly registered traders alone: their sales are to stay modest.
      taxpayers: traders.filter((t) => !t.trader?.newlyRegistered),
      registry: new Map(this.taxpayers.map((t) => [t.taxId, t])),
      actors,
      keys: this.keys,
      devices: this.devices,
      unregistered: () => strangers.shift() ?? failNoStranger(),
      lateAt: this.lateAt,
    };
    this.book = options.scenarios === false ? new ScenarioBook() : plantScenarios(environment);
    stockOnlineTraders(environment, this.book, traders);
    this.trade = new BackgroundTrade({
      seed: this.seed,
      calendar: this.calendar,
      traders,
      keys: this.keys,
      devices: this.devices,
      faultRate: options.faultRate ?? 0.02,
      perSeller,
    });
  }

  *taxpayerRows(): Generator<TaxpayerRow> {
    const status = new Map<string, 'normal' | 'abnormal'>();
    for (const change of this.statusChangeRows()) status.set(change.taxId, change.toStatus);
    for (const t of this.taxpayers) {
      yield {
        taxId: t.taxId,
        name: t.name,
        bureauCode: t.bureauCode,
        industry: t.industry,
        status: status.get(t.taxId) ?? 'normal',
        maxAmountVersion: 4,
        createdAt: t.registeredAt,
      };
    }
  }

  statusChangeRows(): StatusChangeRow[] {
    const rows: StatusChangeRow[] = [...this.book.statusChanges];
    for (const t of this.taxpayers) {
      const spell = t.trader?.abnormalSpell;
      if (!spell) continue;
      rows.push({
        taxId: t.taxId,
        fromStatus: 'normal',
        toStatus: 'abnormal',
        reason: '走逃（失联）',
        changedAt: spell[0],
      });
      rows.push({
        taxId: t.taxId,
        fromStatus: 'abnormal',
        toStatus: 'normal',
        reason: '解除非正常户',
        changedAt: spell[1],
      });
    }
    return rows.sort((a, b) => instantOf(a.changedAt) - instantOf(b.changedAt));
  }

  partyRegistrationRows(): PartyRegistrationRow[] {
    const rows = [...this.book.parties];
    for (const t of this.taxpayers) {
      if (t.trader)
        rows.push({ taxId: t.taxId, parties: traderParties(this.seed, t), from: t.registeredAt, to: null });
    }
    return rows;
  }

  *certificateRows(): Generator<CertificateRow> {
    for (const t of this.taxpayers) yield this.devices.primaryRow(t.taxId);
    yield* this.book.certificates;
  }

  revocationRows(): Iterable<RevocationRow> {
    return this.book.revocations;
  }

  numberRangeRows(): Iterable<NumberRangeRow> {
    return this.keys.rangeRows();
  }

  *onlineInvoiceRows(): Generator<OnlineInvoiceRow> {
    yield* this.book.invoices.filter((i) => i.original === null);
    yield* this.book.invoices.filter((i) => i.original !== null);
    for (let i = 0; i < this.tradeInvoices; i++) {
      const online = this.trade.invoice(i).online;
      if (online) yield online;
    }
  }

  *sellerCopyRows(): Generator<SellerCopyRow> {
    yield* this.book.sellerCopies;
    for (let i = 0; i < this.tradeInvoices; i++) {
      const offline = this.trade.invoice(i).offline;
      if (offline) yield offline;
    }
  }

  *claimRows(): Generator<ClaimRow> {
    yield* this.book.claims;
    for (let i = 0; i < this.tradeInvoices; i++) yield* this.trade.invoice(i).claims;
  }

  vatReturnRows(): Iterable<VatReturnRow> {
    return this.compute().returns;
  }

  groundTruth(): GroundTruth {
    return this.compute().truth;
  }

  /** The one pass over everything: per-taxpayer totals, then returns, then the truth. */
  private compute(): { truth: GroundTruth; returns: VatReturnRow[] } {
    if (this.computed) return this.computed;
    const bureaus = new Map(this.taxpayers.map((t) => [t.taxId, t.bureauCode]));
    const truth = new TruthRecorder(this.calendar.period, this.tolerance.text, bureaus, this.record);
    const ledger = truthOfRows({
      calendar: this.calendar,
      taxpayers: this.taxpayers,
      allocated: (taxId) => this.keys.allocatedNumbers(taxId),
      book: this.book,
      statusChanges: this.statusChangeRows(),
      parties: this.partyRegistrationRows(),
      trade: (i) => this.trade.invoice(i),
      tradeInvoices: this.tradeInvoices,
      truth,
    });
    const returns: VatReturnRow[] = [];
    for (const t of this.taxpayers) {
      const totals = ledger.of(t.taxId);
      const filed = planReturns(
        this.seed,
        t.taxId,
        t.returnProfile,
        totals,
        this.calendar.period,
        this.calendar.next,
        this.tolerance.cents,
        this.lateAt,
      );
      judgeDeclaration(t, filed, totals, this.tolerance.cents, truth);
      returns.push(...filed);
    }
    this.computed = { truth: truth.result(), returns };
    return this.computed;
  }
}

function failNoStranger(): never {
  throw new Error('the economy ran out of unregistered taxpayer IDs');
}
