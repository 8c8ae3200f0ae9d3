import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EnterprisePrincipal } from '@app/auth';
import {
  BusinessRuleError,
  buildInvoiceDraft,
  formatMoney,
  InvoiceDocument,
  minimalAmountVersion,
  todayIn,
} from '@app/domain';
import { IdempotencyHandle } from '@app/idempotency';
import { IssuanceConfig } from '../config/issuance.config';
import { InvoiceDto } from './dto/invoice.dto';
import { IssueInvoiceDto } from './dto/issue-invoice.dto';
import { InvoiceNumberAllocator } from './invoice-number.allocator';
import { SealedInvoiceWriter } from './sealed-invoice.writer';
import { SellerContextService } from './seller-context.service';

/**
 * Issues a blue invoice: everything that can fail is checked first; only then one short
 * transaction takes the next number (locking the seller's counter), seals, stores and
 * records the idempotent answer. A failure anywhere in it rolls the number back.
 */
@Injectable()
export class InvoiceIssuer {
  private readonly logger = new Logger(InvoiceIssuer.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly context: SellerContextService,
    private readonly allocator: InvoiceNumberAllocator,
    private readonly writer: SealedInvoiceWriter,
    private readonly config: IssuanceConfig,
  ) {}

  async issue(
    enterprise: EnterprisePrincipal,
    dto: IssueInvoiceDto,
    idempotency?: IdempotencyHandle,
  ): Promise<InvoiceDto> {
    const now = new Date();
    const today = todayIn(this.config.TZ_BUSINESS, now);
    const { seller, certificateSerial, key } = await this.context.load(enterprise.taxId, {
      type: dto.type,
      taxId: dto.buyerTaxId,
    });
    const draft = buildInvoiceDraft(dto, { sellerKind: seller.kind, today, colour: 'blue' });
    const minVersion = minimalAmountVersion(draft.amount);
    if (minVersion === null) {
      throw new BusinessRuleError(
        'AMOUNT_ABOVE_VERSION_CAP',
        'No invoice version admits more than 10,000,000.00 yuan.',
        {
          amount: formatMoney(draft.amount),
        },
      );
    }

    const dtoOut = await this.db.transaction(async (m) => {
      const number = await this.allocator.take(m, seller.taxId, minVersion, certificateSerial);
      const document: InvoiceDocument = {
        ...number,
        type: dto.type,
        issueDate: draft.issueDate,
        sellerTaxId: seller.taxId,
        sellerName: seller.name,
        buyerTaxId: dto.buyerTaxId,
        buyerName: dto.buyerName,
        amount: formatMoney(draft.amount),
        taxAmount: formatMoney(draft.taxAmount),
        total: formatMoney(draft.total),
        lines: draft.lines,
        remarks: dto.remarks,
      };
      const out = await this.writer.write(m, document, { certificateSerial, key });
      await idempotency?.completeWithin(m, 201, out);
      return out;
    });
    this.logger.log(
      {
        invoiceCode: dtoOut.invoiceCode,
        invoiceNumber: dtoOut.invoiceNumber,
        seller: seller.taxId,
        type: dto.type,
      },
      'invoice issued',
    );
    return dtoOut;
  }
}
