import { Injectable } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { InvoiceDocument } from '@app/domain';
import { InvoiceDto } from './dto/invoice.dto';
import { InvoiceSealer } from './invoice-sealer';
import { toInvoiceDto } from './invoice.mapper';
import { InvoiceRepository, NewInvoiceRecord } from './invoice.repository';

export interface Signer {
  certificateSerial: string;
  key: KeyObject;
}

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
    signer: Signer,
    creditReason: string | null = null,
  ): Promise<InvoiceDto> {
    const record = this.sealed(document, signer, creditReason);
    await this.invoices.insert(m, record);
    return this.dtoOf(record);
  }

  /** Blue invoices of a group-commit batch: each sealed, all stored by one statement. */
  async writeMany(
    m: EntityManager,
    items: readonly { document: InvoiceDocument; signer: Signer }[],
  ): Promise<InvoiceDto[]> {
    const records = items.map((item) => this.sealed(item.document, item.signer, null));
    await this.invoices.insertMany(m, records);
    return records.map((r) => this.dtoOf(r));
  }

  private sealed(document: InvoiceDocument, signer: Signer, creditReason: string | null): NewInvoiceRecord {
    const seal = this.sealer.seal(document, signer.key);
    return {
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
  }

  private dtoOf(record: NewInvoiceRecord): InvoiceDto {
    return toInvoiceDto({ ...record, creditedAmount: '0.00', creditedTaxAmount: '0.00', voidedAt: null });
  }
}
