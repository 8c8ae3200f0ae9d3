import { createPrivateKey, type KeyObject } from 'node:crypto';
import * as forge from 'node-forge';
import { generateRsaKeyPair, type OfflineSealedCopy, sealOfflineCopy } from '@app/pki';

/**
 * An offline invoicing device (税控盘) of an enterprise enrolled with its own key: it makes
 * its key pair, a PKCS#10 request naming the taxpayer (CN = tax ID), and seals invoices
 * exactly as the service would — contentHash of the whole document, RSA-SHA256 over the
 * RFC 8785 form of the key fields.
 */
export class OfflineDevice {
  private readonly privateKey: KeyObject;
  readonly csrPem: string;
  /** Set once the bureau's CA has issued the device certificate. */
  certificateSerial = '';

  constructor(
    readonly taxId: string,
    readonly taxpayerName: string,
  ) {
    const keys = generateRsaKeyPair();
    this.privateKey = createPrivateKey(keys.privateKeyPem);
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = forge.pki.publicKeyFromPem(keys.publicKeyPem);
    csr.setSubject([{ name: 'commonName', value: taxId }]);
    csr.sign(forge.pki.privateKeyFromPem(keys.privateKeyPem), forge.md.sha256.create());
    this.csrPem = forge.pki.certificationRequestToPem(csr);
  }

  /** Seals one invoice; the result is what POST /v1/seller-copies takes, plus the buyer-side seal. */
  seal(invoice: {
    invoiceCode: string;
    invoiceNumber: string;
    issueDate: string;
    buyerTaxId: string;
    buyerName: string;
    description: string;
    amount: string;
    taxRate: string;
    taxAmount: string;
  }): OfflineSealedCopy {
    const document = {
      type: 'special' as const,
      invoiceCode: invoice.invoiceCode,
      invoiceNumber: invoice.invoiceNumber,
      issueDate: invoice.issueDate,
      sellerTaxId: this.taxId,
      sellerName: this.taxpayerName,
      buyerTaxId: invoice.buyerTaxId,
      buyerName: invoice.buyerName,
      amount: invoice.amount,
      taxAmount: invoice.taxAmount,
      lines: [
        {
          description: invoice.description,
          amount: invoice.amount,
          taxRate: invoice.taxRate,
          taxAmount: invoice.taxAmount,
        },
      ],
    };
    return sealOfflineCopy(document, this.privateKey, this.certificateSerial);
  }
}
