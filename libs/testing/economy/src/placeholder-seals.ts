import { formatCents } from './cents';
import type { InvoiceKey, OnlineInvoiceRow } from './economy-rows';
import { hash32 } from './seeded-random';

/**
 * Stand-ins for the seal columns. The cross-audit never verifies a seal (intake did, and
 * recorded the outcome as the claim's status), so generated invoices carry placeholders
 * of the right shape instead of millions of RSA signatures. Nothing here verifies.
 */
export const PLACEHOLDER_SIGNATURE = 'economy-placeholder-not-a-signature';
export const PLACEHOLDER_CERTIFICATE_PEM = 'economy placeholder: not a certificate';

/** 64 hex digits derived from the key, the shape of a SHA-256 content hash. */
export function placeholderContentHash(key: InvoiceKey): string {
  let out = '';
  for (let k = 0; k < 8; k++)
    out += hash32(key.invoiceCode, key.invoiceNumber, k).toString(16).padStart(8, '0');
  return out;
}

/** 20 digits, the shape of a check code (校验码). */
export function placeholderCheckCode(key: InvoiceKey): string {
  const a = hash32(key.invoiceCode, key.invoiceNumber, 'check-a') % 1e10;
  const b = hash32(key.invoiceCode, key.invoiceNumber, 'check-b') % 1e10;
  return `${String(a).padStart(10, '0')}${String(b).padStart(10, '0')}`;
}

/** The seal payload's fields as an online invoice would have signed them (not canonical JSON). */
export function placeholderSealPayload(row: OnlineInvoiceRow, contentHash: string): string {
  return JSON.stringify({
    v: 1,
    invoiceCode: row.invoiceCode,
    invoiceNumber: row.invoiceNumber,
    issueDate: row.issueDate,
    sellerTaxId: row.sellerTaxId,
    buyerTaxId: row.buyerTaxId,
    amount: formatCents(row.amount),
    taxAmount: formatCents(row.tax),
    contentHash,
  });
}
