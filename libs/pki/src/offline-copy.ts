import type { KeyObject } from 'node:crypto';
import { type SealFields, sealDocument } from './seal';

/** The invoice document an offline device seals: the key fields, plus whatever it carries (names, lines). */
export interface OfflineInvoiceDocument {
  type: 'special' | 'ordinary';
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  sellerTaxId: string;
  buyerTaxId: string;
  amount: string;
  taxAmount: string;
  [field: string]: unknown;
}

/** An offline-sealed seller copy as `POST /v1/seller-copies` takes it (DESIGN §10). */
export interface OfflineSealedCopy {
  type: 'special' | 'ordinary';
  invoiceCode: string;
  invoiceNumber: string;
  issueDate: string;
  buyerTaxId: string;
  amount: string;
  taxAmount: string;
  contentHash: string;
  signature: string;
  certificateSerial: string;
}

/**
 * Seals a document as the seller's own device does (DESIGN §5): contentHash over the whole
 * document, the seal over its key fields, signed with the device key. `signedAs` replaces
 * fields in what is signed only — a copy whose seal does not match what it claims (tests).
 */
export function sealOfflineCopy(
  document: OfflineInvoiceDocument,
  privateKey: KeyObject,
  certificateSerial: string,
  signedAs: Partial<SealFields> = {},
): OfflineSealedCopy {
  const { contentHash, signature } = sealDocument(document, privateKey, document, signedAs);
  return {
    type: document.type,
    invoiceCode: document.invoiceCode,
    invoiceNumber: document.invoiceNumber,
    issueDate: document.issueDate,
    buyerTaxId: document.buyerTaxId,
    amount: document.amount,
    taxAmount: document.taxAmount,
    contentHash,
    signature,
    certificateSerial,
  };
}
