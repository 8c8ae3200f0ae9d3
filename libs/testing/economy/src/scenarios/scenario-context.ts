import {
  periodEnd,
  SEAL_FAILURE_REASONS,
  SEAL_REVOKED_REASON,
  type AmountVersion,
  type ControllingParties,
  type Person,
  type FindingCategory,
  type IsoDate,
  type TaxPeriod,
} from '@app/domain';
import { taxOf, type Cents, type RateBasisPoints } from '../cents';
import { beijing, dateIn, daysIn, type EconomyCalendar } from '../economy-calendar';
import type {
  ClaimRow,
  InvoiceFields,
  InvoiceKey,
  OnlineInvoiceRow,
  SaleFields,
  SaleLine,
  SellerCopyRow,
} from '../economy-rows';
import { chapterRate, goodsChapter, type GoodsChapter } from '../goods-catalogue';
import { lineOf, taxOfLines } from '../sale-lines';
import { claimOf, offlineCopyOf, onlineInvoiceOf } from '../sale-rows';
import { economyPerson, scenarioPersonNumber } from '../economy-parties';
import type { EconomyTaxpayer } from '../economy-taxpayers';
import { SeededRandom } from '../seeded-random';
import type { ScenarioBook } from './scenario-book';
import { castOf, type Cast, type CastOptions } from './scenario-cast';
import type { ClaimOptions, SaleOptions, ScenarioEnvironment } from './scenario-environment';

const SEALED_REASONS: readonly string[] = [...SEAL_FAILURE_REASONS, SEAL_REVOKED_REASON];

/**
 * The vocabulary fault scenarios are written in: make a sale, write it as an offline or
 * online seller copy, claim it, revoke a device, and declare what the audit must find.
 * Writing rows and declaring findings are separate on purpose: the declaration is the
 * rule as the scenario's author reads it, not something computed from the rows.
 */
export class ScenarioContext {
  readonly rng: SeededRandom;

  constructor(
    private readonly book: ScenarioBook,
    private readonly env: ScenarioEnvironment,
    readonly name: string,
  ) {
    this.rng = SeededRandom.of(env.seed, 'scenario', name);
  }

  get calendar(): EconomyCalendar {
    return this.env.calendar;
  }

  /** When late rows are stamped; scenarios that need late rows are skipped without it. */
  get lateAt(): string {
    if (this.env.lateAt === null) throw new Error(`${this.name} needs lateAt`);
    return this.env.lateAt;
  }

  /** A seller, a buyer and `others` more distinct taxpayers (see {@link castOf}). */
  parties(opts: CastOptions = {}): Cast {
    return castOf(this.rng, this.env.taxpayers, opts);
  }

  unregisteredTaxId(): string {
    return this.env.unregistered();
  }

  /** A day of `period` (the audited one by default) between `from` and `to`. */
  day(period: TaxPeriod = this.calendar.period, from = 1, to = daysIn(period)): IsoDate {
    return dateIn(period, this.rng.int(from, Math.min(to, daysIn(period))));
  }

  /**
   * A sale of `seller` to `buyer`, on a fresh number of the seller's range; not yet written.
   * One line in a chapter the seller sells, taxed at that chapter's rate, unless lines are given.
   */
  sale(seller: EconomyTaxpayer, buyer: EconomyTaxpayer, opts: SaleOptions = {}): SaleFields {
    const version = opts.version ?? 3;
    const date = opts.date ?? this.day();
    const chapter = goodsChapter(
      opts.chapter ?? opts.lines?.find((l) => l.chapter)?.chapter ?? this.rng.pick(seller.goods.sells),
    );
    const rate = chapterRate(chapter, date);
    const lines = this.linesOf(opts, chapter, rate, version);
    return {
      ...(opts.key ?? this.env.keys.scenarioKey(seller, version)),
      type: opts.type ?? 'special',
      sellerTaxId: seller.taxId,
      buyerTaxId: buyer.taxId,
      issueDate: date,
      amount: lines.reduce((sum, l) => sum + l.amount, 0),
      tax: taxOfLines(lines),
      rate,
      certificateSerial: opts.device ?? this.env.devices.primary(seller.taxId),
      lines,
    };
  }

  private linesOf(
    opts: SaleOptions,
    chapter: GoodsChapter,
    rate: RateBasisPoints,
    version: AmountVersion,
  ): SaleLine[] {
    if (opts.lines) {
      return opts.lines.map((l) =>
        l.chapter === null
          ? { taxCode: null, description: '货物', amount: l.amount, tax: taxOf(l.amount, rate) }
          : lineOf(goodsChapter(l.chapter), this.rng.int(0, 9), l.amount, rate),
      );
    }
    if (opts.tax !== undefined)
      return [lineOf(chapter, this.rng.int(0, 9), amountForTax(opts.tax, rate), rate)];
    const amount =
      opts.amount ?? (version === 1 ? this.rng.int(100_000, 900_000) : this.rng.int(100_000, 20_000_000));
    return [lineOf(chapter, this.rng.int(0, 9), amount, rate)];
  }

  /** A taxpayer of this risk scenario's own cast, or of the shared one (`shared/role`). */
  actor(role: string): EconomyTaxpayer {
    const actor = this.env.actors.get(role.startsWith('shared/') ? role : `${this.name}/${role}`);
    if (!actor) throw new Error(`${this.name}: no actor ${role}`);
    return actor;
  }

  /** Records an officer setting the taxpayer abnormal (非正常户) at `at`, or back to normal. */
  setStatus(taxpayer: EconomyTaxpayer, status: 'abnormal' | 'normal', at: string): void {
    this.book.statusChanges.push({
      taxId: taxpayer.taxId,
      fromStatus: status === 'abnormal' ? 'normal' : 'abnormal',
      toStatus: status,
      reason: status === 'abnormal' ? '走逃（失联）' : '解除非正常户',
      changedAt: at,
    });
  }

  /** This scenario's person `key`: the same in every call, unique in the economy. */
  person(key: string, name: string): Person {
    return economyPerson(this.env.seed, scenarioPersonNumber(`${this.name}/${key}`), name);
  }

  /**
   * Registers who controls `taxpayer` (POST /v1/taxpayers' fields), in force from the start
   * of Beijing day `from` until the start of day `to` (open when not given).
   */
  register(taxpayer: EconomyTaxpayer, parties: ControllingParties, from: IsoDate, to?: IsoDate): void {
    this.book.parties.push({
      taxId: taxpayer.taxId,
      parties,
      from: beijing(from, 0, 0),
      to: to === undefined ? null : beijing(to, 0, 0),
    });
  }

  /**
   * Declares a finding of the risk stage: about a seller or a buyer for the period (per
   * taxpayer), or about a claim (ABSCONDED_SELLER_INPUT: named like other claim findings).
   */
  expectRisk(category: FindingCategory, about: RiskSubject, taxAtRisk: Cents): void {
    const claimed = 'claim' in about ? about : null;
    this.book.riskFindings.push({
      parts: {
        category,
        invoiceCode: claimed?.claim.invoiceCode ?? null,
        invoiceNumber: claimed?.claim.invoiceNumber ?? null,
        sellerTaxId: claimed ? claimed.copy.sellerTaxId : 'seller' in about ? about.seller.taxId : null,
        buyerTaxId: claimed ? claimed.claim.buyerTaxId : 'buyer' in about ? about.buyer.taxId : null,
        ...('ringId' in about ? { ringId: about.ringId } : {}),
      },
      taxAtRisk,
      origin: this.name,
    });
  }

  /** A number of `seller`'s region that no range covers. */
  forgedKey(seller: EconomyTaxpayer, version: AmountVersion = 3): InvoiceKey {
    return this.env.keys.forgedKey(seller, version);
  }

  /** A fresh number of `owner`'s range (to be claimed under someone else's name). */
  keyOf(owner: EconomyTaxpayer, version: AmountVersion = 3): InvoiceKey {
    return this.env.keys.scenarioKey(owner, version);
  }

  /** Writes the sale as an offline copy, uploaded (抄税) the evening of its issue date. */
  offline(sale: InvoiceFields, opts: { reasonCode?: string; late?: boolean } = {}): SellerCopyRow {
    const createdAt = opts.late ? this.lateAt : beijing(sale.issueDate, 20, this.rng.int(0, 59));
    const row = offlineCopyOf(sale, createdAt, opts);
    this.book.sellerCopies.push(row);
    return row;
  }

  /** Writes the sale as issued online, by default at 10:xx Beijing time on its issue date. */
  online(
    sale: SaleFields,
    opts: { issuedAt?: string; late?: boolean; voidedAt?: string; voidLate?: boolean } = {},
  ): OnlineInvoiceRow {
    const names = { seller: this.nameOf(sale.sellerTaxId), buyer: this.nameOf(sale.buyerTaxId) };
    const issuedAt = opts.late
      ? this.lateAt
      : (opts.issuedAt ?? beijing(sale.issueDate, 10, this.rng.int(0, 59)));
    const voided = opts.voidLate
      ? { at: this.lateAt, late: true }
      : opts.voidedAt
        ? { at: opts.voidedAt, late: false }
        : null;
    const row = onlineInvoiceOf(sale, names, issuedAt, { late: opts.late, voided });
    this.book.invoices.push(row);
    return row;
  }

  /**
   * A credit note (红字) taking back `amount` of `original` (or all that is left), issued
   * online on `date`; the original's credited amounts include it, late or not, as the
   * issuance service keeps them.
   */
  creditNote(
    original: OnlineInvoiceRow,
    date: IsoDate,
    amount: Cents | 'rest',
    opts: { late?: boolean } = {},
  ) {
    const rest = original.amount - original.credited;
    const taken = amount === 'rest' ? rest : amount;
    const tax = amount === 'rest' ? original.tax - original.creditedTax : taxOf(taken, original.rate);
    if (taken <= 0 || taken > rest) throw new RangeError(`${this.name}: credit of ${taken} exceeds ${rest}`);
    original.credited += taken;
    original.creditedTax += tax;
    const key = this.env.keys.scenarioKey(this.taxpayer(original.sellerTaxId));
    const first = original.lines[0];
    const line = { taxCode: first.taxCode, description: first.description, amount: -taken, tax: -tax };
    const note = this.online(
      { ...original, ...key, issueDate: date, amount: -taken, tax: -tax, lines: [line] },
      { late: opts.late },
    );
    note.original = { invoiceCode: original.invoiceCode, invoiceNumber: original.invoiceNumber };
    return note;
  }

  /** Writes a claim of `sale` by `claimant`; it is accepted unless a reason is given. */
  claim(sale: InvoiceFields, claimant: EconomyTaxpayer, opts: ClaimOptions = {}): ClaimRow {
    const period = opts.period ?? this.calendar.period;
    const createdAt = opts.late ? this.lateAt : beijing(periodEnd(period), 16, this.rng.int(0, 59));
    const row: ClaimRow = {
      ...claimOf(sale, claimant.taxId, period, createdAt),
      ...opts.changes,
      sealed: opts.reason !== undefined && SEALED_REASONS.includes(opts.reason),
      status: opts.reason ? 'rejected' : 'accepted',
      reasonCode: opts.reason ?? null,
      upload: opts.upload ?? null,
      late: opts.late === true,
    };
    this.book.claims.push(row);
    return row;
  }

  /** A bulk file of the claimant's: `row(n)` is where its n-th row is recorded from. */
  upload(): (row: number) => { id: string; row: number } {
    const h = this.rng.hex(32);
    const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    return (row) => ({ id, row });
  }

  /** A further device of `seller`, sealing nothing until a sale names it. */
  device(seller: EconomyTaxpayer): string {
    const row = this.env.devices.another(seller.taxId);
    this.book.certificates.push(row);
    return row.serialNumber;
  }

  revoke(serialNumber: string, revokedAt: string, opts: { late?: boolean } = {}): void {
    this.book.revocations.push({
      serialNumber,
      revokedAt,
      reason: '设备丢失',
      recordedAt: opts.late ? this.lateAt : revokedAt,
      late: opts.late === true,
    });
  }

  /**
   * Declares a finding about a claim: named by the seller copy's seller where there is a
   * copy, else the claimed seller, and the claimant; at risk, the claim's tax unless given.
   */
  expectClaim(
    category: FindingCategory,
    claim: ClaimRow,
    copy: InvoiceFields | null,
    taxAtRisk?: Cents,
  ): void {
    this.declare(
      category,
      claim,
      copy?.sellerTaxId ?? claim.sellerTaxId,
      claim.buyerTaxId,
      taxAtRisk ?? claim.tax,
    );
  }

  /** Declares a finding about a seller copy, named by its parties (UNCLAIMED at risk 0). */
  expectCopy(category: 'UNCLAIMED' | 'REVOKED_SEAL', copy: InvoiceFields): void {
    this.declare(category, copy, copy.sellerTaxId, copy.buyerTaxId, category === 'UNCLAIMED' ? 0 : copy.tax);
  }

  /** Declares claims that must count as MATCHED. */
  expectMatched(claims = 1): void {
    this.book.matched += claims;
  }

  private declare(
    category: FindingCategory,
    key: InvoiceKey,
    seller: string,
    buyer: string,
    tax: Cents,
  ): void {
    this.book.findings.push({
      parts: {
        category,
        invoiceCode: key.invoiceCode,
        invoiceNumber: key.invoiceNumber,
        sellerTaxId: seller,
        buyerTaxId: buyer,
      },
      taxAtRisk: tax,
      origin: this.name,
    });
  }

  private taxpayer(taxId: string): EconomyTaxpayer {
    const t = this.env.registry.get(taxId);
    if (!t) throw new Error(`${this.name}: ${taxId} is not a taxpayer of the economy`);
    return t;
  }

  private nameOf(taxId: string): string {
    return this.env.registry.get(taxId)?.name ?? '未登记企业';
  }
}

/** Whom a risk finding is about: a seller, a buyer, or a buyer's claim of an invoice (with its copy). */
export type RiskSubject =
  | { seller: EconomyTaxpayer }
  | { buyer: EconomyTaxpayer }
  | { claim: ClaimRow; copy: InvoiceFields }
  /** CIRCULAR_TRADING: a ring's member, the next member, and the ring. */
  | { seller: EconomyTaxpayer; buyer: EconomyTaxpayer; ringId: string }
  /** AFFILIATED_TRADE: the seller and the buyer. */
  | { seller: EconomyTaxpayer; buyer: EconomyTaxpayer };

/** The pre-tax amount whose tax at `rate` is exactly `tax` (one always exists: a cent moves the tax by less than one). */
export function amountForTax(tax: Cents, rate: RateBasisPoints): Cents {
  const amount = Math.ceil((tax * 10_000 - 5_000) / rate);
  if (taxOf(amount, rate) !== tax) throw new RangeError(`no amount gives tax ${tax} at ${rate}`);
  return amount;
}
