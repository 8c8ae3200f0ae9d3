import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { EnterprisePrincipal } from '@app/auth';
import {
  BusinessRuleError,
  buildInvoiceDraft,
  ConflictError,
  Decimal,
  documentOfDraft,
  formatMoney,
  isSameCalendarMonth,
  minimalAmountVersion,
  Money,
  NotFoundError,
  todayIn,
} from '@app/domain';
import { IdempotencyHandle } from '@app/idempotency';
import { IssuanceConfig } from '../config/issuance.config';
import { CreditNoteDto, VoidInvoiceDto } from './dto/issue-invoice.dto';
import { InvoiceDto } from './dto/invoice.dto';
import { InvoiceNumberAllocator } from './invoice-number-allocator';
import { toInvoiceDto } from './invoice.mapper';
import { InvoiceKey, InvoiceRecord } from './invoice-record';
import { InvoiceRepository } from './invoice.repository';
import { SealedInvoiceWriter } from './sealed-invoice-writer';
import { SellerContextService } from './seller-context.service';

/**
 * Voids (作废) and credit notes (红字发票). Both lock the invoice row first, so two
 * corrections of one invoice serialise and the remainder can never go below zero.
 */
@Injectable()
export class InvoiceCorrectionsService {
  private readonly logger = new Logger(InvoiceCorrectionsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly context: SellerContextService,
    private readonly allocator: InvoiceNumberAllocator,
    private readonly writer: SealedInvoiceWriter,
    private readonly invoices: InvoiceRepository,
    private readonly config: IssuanceConfig,
  ) {}

  /** Only in the calendar month of issue, only while no buyer has claimed it. */
  async void(enterprise: EnterprisePrincipal, key: InvoiceKey, dto: VoidInvoiceDto): Promise<InvoiceDto> {
    const today = todayIn(this.config.TZ_BUSINESS);
    const voided = await this.db.transaction(async (m) => {
      const inv = await this.lockOwn(m, enterprise, key);
      if (inv.voidedAt) throw new ConflictError('INVOICE_ALREADY_VOIDED', 'This invoice is already voided.');
      if (!isSameCalendarMonth(inv.issueDate, today)) {
        throw new BusinessRuleError(
          'VOID_PERIOD_CLOSED',
          'An invoice can be voided only in its calendar month of issue; issue a credit note instead.',
          { issueDate: inv.issueDate, today },
        );
      }
      if (new Money(inv.creditedAmount).gt(0)) {
        throw new BusinessRuleError('INVOICE_HAS_CREDIT_NOTES', 'Void its credit notes first.');
      }
      if (await this.invoices.isClaimed(m, key)) {
        throw new BusinessRuleError(
          'INVOICE_CLAIMED',
          'A buyer has claimed this invoice for deduction; issue a credit note instead.',
        );
      }
      if (inv.originalInvoiceCode) {
        // Voiding a credit note gives its amount back to the original.
        const original = { invoiceCode: inv.originalInvoiceCode, invoiceNumber: inv.originalInvoiceNumber! };
        await this.invoices.lock(m, original);
        await this.invoices.addCredit(m, original, inv.amount, inv.taxAmount);
      }
      const voidedAt = await this.invoices.markVoided(m, key, dto.reason);
      return { ...inv, voidedAt };
    });
    this.logger.log({ ...key, seller: enterprise.taxId }, 'invoice voided');
    return toInvoiceDto(voided);
  }

  /**
   * A red-letter invoice: negative lines at rates the original used, never more than
   * what remains of the original (amount and tax), also when several are issued at once.
   */
  async credit(
    enterprise: EnterprisePrincipal,
    key: InvoiceKey,
    dto: CreditNoteDto,
    idempotency?: IdempotencyHandle,
  ): Promise<InvoiceDto> {
    const now = new Date();
    const today = todayIn(this.config.TZ_BUSINESS, now);
    const { seller, certificateSerial, key: signingKey } = await this.context.load(enterprise.taxId);
    const original = await this.own(this.db.manager, enterprise, key);
    this.assertCreditable(original);
    const draft = buildInvoiceDraft(
      { lines: dto.lines },
      { sellerKind: seller.kind, today, colour: 'red', rateDate: original.issueDate },
    );
    const originalRates = new Set(original.lines.map((l) => l.taxRate));
    draft.lines.forEach((line, i) => {
      if (!originalRates.has(line.taxRate)) {
        throw new BusinessRuleError(
          'CREDIT_RATE_NOT_ON_ORIGINAL',
          `lines[${i}]: the original has no line at rate ${line.taxRate}.`,
          {
            field: `lines[${i}].taxRate`,
            originalRates: [...originalRates],
          },
        );
      }
    });

    const out = await this.db.transaction(async (m) => {
      const locked = await this.lockOwn(m, enterprise, key);
      this.assertCreditable(locked);
      this.assertWithinRemainder(locked, draft.amount.abs(), draft.taxAmount.abs());
      const number = await this.allocator.take(
        m,
        seller.taxId,
        minimalAmountVersion(draft.amount) ?? 4,
        certificateSerial,
      );
      // Dated today (the draft's date: a credit note takes none of its own), addressed as the original.
      const document = documentOfDraft(draft, {
        ...number,
        type: original.type,
        sellerTaxId: seller.taxId,
        sellerName: seller.name,
        buyerTaxId: original.buyerTaxId,
        buyerName: original.buyerName,
        originalInvoiceCode: original.invoiceCode,
        originalInvoiceNumber: original.invoiceNumber,
      });
      const dtoOut = await this.writer.write(m, document, { certificateSerial, key: signingKey }, dto.reason);
      await this.invoices.addCredit(m, key, draft.amount.abs().toFixed(2), draft.taxAmount.abs().toFixed(2));
      await idempotency?.completeWithin(m, 201, dtoOut);
      return dtoOut;
    });
    this.logger.log(
      { ...key, creditNote: `${out.invoiceCode}/${out.invoiceNumber}`, amount: out.amount },
      'credit note issued',
    );
    return out;
  }

  /** The seller or the buyer may read an invoice; to anyone else it does not exist. */
  async get(enterprise: EnterprisePrincipal, key: InvoiceKey): Promise<InvoiceDto> {
    const inv = await this.invoices.find(key);
    if (!inv || (inv.sellerTaxId !== enterprise.taxId && inv.buyerTaxId !== enterprise.taxId))
      throw notFound(key);
    return toInvoiceDto(inv);
  }

  private async own(
    m: EntityManager,
    enterprise: EnterprisePrincipal,
    key: InvoiceKey,
  ): Promise<InvoiceRecord> {
    const inv = await this.invoices.find(key, m);
    if (!inv || inv.sellerTaxId !== enterprise.taxId) throw notFound(key);
    return inv;
  }

  private async lockOwn(
    m: EntityManager,
    enterprise: EnterprisePrincipal,
    key: InvoiceKey,
  ): Promise<InvoiceRecord> {
    const inv = await this.invoices.lock(m, key);
    if (!inv || inv.sellerTaxId !== enterprise.taxId) throw notFound(key);
    return inv;
  }

  private assertCreditable(inv: InvoiceRecord): void {
    if (inv.originalInvoiceCode) {
      throw new BusinessRuleError('CANNOT_CREDIT_A_CREDIT_NOTE', 'A credit note cannot itself be credited.');
    }
    if (inv.voidedAt) throw new BusinessRuleError('INVOICE_VOIDED', 'A voided invoice cannot be credited.');
  }

  private assertWithinRemainder(inv: InvoiceRecord, amount: Decimal, taxAmount: Decimal): void {
    const remaining = new Money(inv.amount).minus(inv.creditedAmount);
    const remainingTax = new Money(inv.taxAmount).minus(inv.creditedTaxAmount);
    if (amount.gt(remaining) || taxAmount.gt(remainingTax)) {
      throw new BusinessRuleError(
        'CREDIT_EXCEEDS_REMAINING',
        'The credit note is larger than what remains of the invoice.',
        {
          remainingAmount: formatMoney(remaining),
          remainingTaxAmount: formatMoney(remainingTax),
          requestedAmount: formatMoney(amount),
          requestedTaxAmount: formatMoney(taxAmount),
        },
      );
    }
  }
}

function notFound(key: InvoiceKey): NotFoundError {
  return new NotFoundError(
    'INVOICE_NOT_FOUND',
    `No invoice ${key.invoiceCode}/${key.invoiceNumber} of yours.`,
  );
}
