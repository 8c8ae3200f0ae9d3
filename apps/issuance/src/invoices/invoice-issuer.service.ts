import { Injectable, Logger } from '@nestjs/common';
import { EnterprisePrincipal } from '@app/auth';
import {
  assertCertificateCoversIssueDate,
  BusinessRuleError,
  buildInvoiceDraft,
  formatMoney,
  issueDateWindow,
  minimalAmountVersion,
  todayIn,
} from '@app/domain';
import { IdempotencyHandle } from '@app/idempotency';
import { IssuanceConfig } from '../config/issuance.config';
import { InvoiceDto } from './dto/invoice.dto';
import { IssueInvoiceDto } from './dto/issue-invoice.dto';
import { IssueBatcherService } from './issue-batcher.service';
import { PreparedIssue } from './prepared-issue';
import { SellerContextService } from './seller-context.service';

/**
 * Issues a blue invoice: everything that can fail is checked first, per request; only
 * then one short transaction — shared with concurrent requests by the batcher (ADR 0013)
 * — takes the next number (locking the seller's counter), seals, stores and records the
 * idempotent answer. A failure anywhere in it rolls the number back.
 */
@Injectable()
export class InvoiceIssuerService {
  private readonly logger = new Logger(InvoiceIssuerService.name);

  constructor(
    private readonly context: SellerContextService,
    private readonly batcher: IssueBatcherService,
    private readonly config: IssuanceConfig,
  ) {}

  async issue(
    enterprise: EnterprisePrincipal,
    dto: IssueInvoiceDto,
    idempotency?: IdempotencyHandle,
  ): Promise<InvoiceDto> {
    const prepared = await this.prepare(enterprise, dto, idempotency);
    const dtoOut = await this.batcher.issue(prepared);
    this.logger.log(
      {
        invoiceCode: dtoOut.invoiceCode,
        invoiceNumber: dtoOut.invoiceNumber,
        seller: prepared.seller.taxId,
        type: dto.type,
      },
      'invoice issued',
    );
    return dtoOut;
  }

  /**
   * Validation, seller context, draft, the sealing certificate's cover of the issue date and
   * the amount version: all before any transaction, so a refusal takes no number.
   */
  private async prepare(
    enterprise: EnterprisePrincipal,
    dto: IssueInvoiceDto,
    idempotency?: IdempotencyHandle,
  ): Promise<PreparedIssue> {
    const today = todayIn(this.config.TZ_BUSINESS, new Date());
    const context = await this.context.load(enterprise.taxId, { type: dto.type, taxId: dto.buyerTaxId });
    const draft = buildInvoiceDraft(dto, { sellerKind: context.seller.kind, today, colour: 'blue' });
    // The period rule (above) says which dates are open; this one, which of them the seller's
    // certificate can seal: collection and the audit judge the seal by the same rule.
    assertCertificateCoversIssueDate(
      issueDateWindow(context.certificateValidity, this.config.TZ_BUSINESS),
      draft.issueDate,
      context.certificateSerial,
    );
    const minVersion = minimalAmountVersion(draft.amount);
    if (minVersion === null) {
      throw new BusinessRuleError(
        'AMOUNT_ABOVE_VERSION_CAP',
        'No invoice version admits more than 10,000,000.00 yuan.',
        { amount: formatMoney(draft.amount) },
      );
    }
    return { ...context, dto, draft, minVersion, idempotency };
  }
}
