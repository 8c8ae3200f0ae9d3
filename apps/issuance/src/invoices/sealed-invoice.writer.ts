import { Injectable } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { InvoiceDocument } from '@app/domain';
import { InvoiceDto } from './dto/invoice.dto';
import { InvoiceSealer } from './invoice-sealer';
import { toInvoiceDto } from './invoice.mapper';
import { InvoiceRepository } from './invoice.repository';

/**
 * The last step of issuing, shared by blue invoices and credit notes: seal the numbered
 * document and store it in the caller's transaction (the one holding the number lock).
 */
@Injectable()
export class SealedInvoiceWriter {
  constructor(
    private readonly sealer: InvoiceSealer,
    private readonly invoices: InvoiceRepository,
  ) {}

  async write(
    m: EntityManager,
    document: InvoiceDocument,
    signer: { certificateSerial: string; key: KeyObject },
    creditReason: string | null = null,
  ): Promise<InvoiceDto> {
    const seal = this.sealer.seal(document, signer.key);
    const record = {
      ...document,
      remarks: document.remarks ?? null,
      originalInvoiceCode: document.originalInvoiceCode ?? null,
      originalInvoiceNumber: document.originalInvoiceNumber ?? null,
      creditReason,
      contentHash: seal.contentHash,
      sealPayload: seal.payload,
      sealSignature: seal.signature,
      certificateSerial: signer.certificateSerial,
      checkCode: seal.checkCode,
    };
    await this.invoices.insert(m, record);
    return toInvoiceDto({ ...record, creditedAmount: '0.00', creditedTaxAmount: '0.00', voidedAt: null });
  }
}
