// The only door into @app/economy: a seeded generator of test economies (taxpayers with
// their industries and status history, ranges, certificates, invoices with their lines,
// claims, returns, revocations) with the ground truth of their cross-audit, the risk
// stage's included, and a COPY loader that writes any number of rows in flat memory.
export { planEconomy, type EconomyOptions, type EconomyPlan } from './economy-plan';
export { loadEconomy, type LoadEconomyOptions, type LoadedEconomy } from './economy-loader';
export type { CountedCategory, ExpectedAssistRequest, ExpectedFinding, GroundTruth } from './ground-truth';
export type { EconomyTaxpayer } from './economy-taxpayers';
export type { ReturnProfile } from './return-profiles';
export { ECONOMY_DISTRICTS, type EconomyDistrict } from './economy-districts';
export type { EconomyCalendar } from './economy-calendar';
export type {
  CertificateRow,
  ClaimRow,
  InvoiceFields,
  InvoiceKey,
  NumberRangeRow,
  OnlineInvoiceRow,
  RevocationRow,
  SaleFields,
  SaleLine,
  SellerCopyRow,
  StatusChangeRow,
  TaxpayerRow,
  VatReturnRow,
} from './economy-rows';
export { formatCents, type Cents } from './cents';
export { SeededRandom, hash32 } from './seeded-random';
