import type { FindingIdentityParts } from '@app/domain';
import type { Cents } from '../cents';
import type {
  CertificateRow,
  ClaimRow,
  OnlineInvoiceRow,
  PartyRegistrationRow,
  RevocationRow,
  SellerCopyRow,
  StatusChangeRow,
} from '../economy-rows';

/** A finding a scenario declares, with the scenario's name. */
export interface DeclaredFinding {
  parts: FindingIdentityParts;
  taxAtRisk: Cents;
  origin: string;
}

/**
 * The rows and declared outcomes of every fault scenario. Small by construction (a few
 * hundred rows whatever the size of the economy), so it is kept in memory; claims keep
 * the order they were written in, which is the order of their ids once loaded — the
 * audit calls the claim with the lowest id the first.
 */
export class ScenarioBook {
  readonly invoices: OnlineInvoiceRow[] = [];
  readonly sellerCopies: SellerCopyRow[] = [];
  readonly claims: ClaimRow[] = [];
  readonly certificates: CertificateRow[] = [];
  readonly revocations: RevocationRow[] = [];
  readonly statusChanges: StatusChangeRow[] = [];
  readonly parties: PartyRegistrationRow[] = [];
  readonly findings: DeclaredFinding[] = [];
  /** What the risk stage must find, as the risk scenarios declare it (checked against the rows). */
  readonly riskFindings: DeclaredFinding[] = [];
  matched = 0;
}
