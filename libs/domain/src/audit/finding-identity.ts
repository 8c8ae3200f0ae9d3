import type { FindingCategory } from './audit-categories';

/** What names one finding across runs: its category and the invoice and parties it is about. */
export interface FindingIdentityParts {
  category: FindingCategory;
  invoiceCode: string | null;
  invoiceNumber: string | null;
  sellerTaxId: string | null;
  buyerTaxId: string | null;
  /** CIRCULAR_TRADING: the ring (one member and the next can trade on more than one ring). */
  ringId?: string | null;
}

/**
 * The identity of a finding within its period: `CATEGORY|code|number|seller|buyer`, with
 * an empty field where a part does not apply. A later run that finds the same thing
 * updates the same finding; the SQL builds the same string (concat_ws over coalesce).
 *
 * Per-invoice findings name the claimant as buyer (each claimant's claim is judged on its
 * own), or the invoice's buyer where no claim is involved (UNCLAIMED, REVOKED_SEAL).
 * UNDER_DECLARED names only the seller, INPUT_OVERCLAIMED only the buyer. A CIRCULAR_TRADING
 * finding names its member as seller, the next member as buyer, and its ring last.
 */
export function findingIdentity(p: FindingIdentityParts): string {
  const parts = [p.category, p.invoiceCode, p.invoiceNumber, p.sellerTaxId, p.buyerTaxId];
  if (p.ringId) parts.push(p.ringId);
  return parts.map((x) => x ?? '').join('|');
}
