import { Injectable } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { InvoiceDocument, invoiceDocumentOf } from '@app/domain';
import { checkCodeOf, sealDocument } from '@app/pki';

export interface Seal {
  contentHash: string;
  payload: string;
  signature: string;
  checkCode: string;
}

/**
 * DESIGN §5: contentHash = SHA-256 of the JCS form of the whole invoice; the seal signs
 * the JCS form of the seven key fields plus that hash, RSASSA-PKCS1-v1_5 / SHA-256, with
 * node:crypto on the device key (about 1 ms; node-forge would take 25).
 */
@Injectable()
export class InvoiceSealer {
  seal(document: InvoiceDocument, key: KeyObject): Seal {
    const { contentHash, payload, signature } = sealDocument(document, key, invoiceDocumentOf(document));
    return { contentHash, payload, signature, checkCode: checkCodeOf(signature) };
  }
}
