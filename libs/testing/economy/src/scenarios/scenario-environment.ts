import type { AmountVersion, IsoDate, TaxPeriod } from '@app/domain';
import type { Cents } from '../cents';
import type { DeviceRegistry } from '../devices';
import type { EconomyCalendar } from '../economy-calendar';
import type { ClaimRow, InvoiceKey } from '../economy-rows';
import type { EconomyTaxpayer } from '../economy-taxpayers';
import type { InvoiceKeyBook } from '../invoice-key-book';

/** What every scenario draws on: the economy's parties, keys, devices and calendar. */
export interface ScenarioEnvironment {
  seed: string;
  calendar: EconomyCalendar;
  /** The traders fault scenarios draw their parties from (none newly registered). */
  taxpayers: readonly EconomyTaxpayer[];
  /** Every taxpayer of the economy by tax ID, the risk scenarios' own included. */
  registry: ReadonlyMap<string, EconomyTaxpayer>;
  /** The risk scenarios' own taxpayers, by `scenario/role` (shared ones: `shared/role`). */
  actors: ReadonlyMap<string, EconomyTaxpayer>;
  keys: InvoiceKeyBook;
  devices: DeviceRegistry;
  /** Valid taxpayer IDs that nobody registered. */
  unregistered: () => string;
  /** When rows that arrive after the audit started are stamped; null: no such rows. */
  lateAt: string | null;
}

/** A line a scenario asks for: its chapter (null: no taxCode) and pre-tax amount. */
export interface LineSpec {
  chapter: string | null;
  amount: Cents;
}

export interface SaleOptions {
  type?: 'special' | 'ordinary';
  version?: AmountVersion;
  date?: IsoDate;
  amount?: Cents;
  /** Lines instead of one line of `amount` in a chapter the seller sells; their sum is the amount. */
  lines?: readonly LineSpec[];
  /** The invoice's tax, exactly: its one line's amount is chosen to give it (at the chapter's rate). */
  tax?: Cents;
  /** The chapter of its one line (default: drawn from what the seller sells). */
  chapter?: string;
  /** Seal with this device instead of the seller's everyday one. */
  device?: string;
  /** Use this key (e.g. a number of another seller's range) instead of a fresh one. */
  key?: InvoiceKey;
}

export interface ClaimOptions {
  period?: TaxPeriod;
  /** A rejection reason; without one the claim is accepted. */
  reason?: string;
  /** Fields the claimant got wrong (or changed). */
  changes?: Partial<Pick<ClaimRow, 'issueDate' | 'sellerTaxId' | 'amount' | 'tax'>>;
  upload?: { id: string; row: number };
  late?: boolean;
}
