import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EnterprisePrincipal } from '@app/auth';
import { TaxpayerRepository } from '@app/database';
import {
  checkTaxId,
  formatMoney,
  parseDate,
  parseInvoiceCode,
  parseInvoiceNumber,
  parseMoney,
  todayIn,
} from '@app/domain';
import { IdempotencyHandle } from '@app/idempotency';
import { CollectionConfig } from '../config/collection.config';
import { intakeItemResults } from '../intake/intake-outcome';
import { SealCheckerService } from '../seals/seal-checker.service';
import { SellerCopiesRequestDto, SellerCopiesResponseDto } from './dto/seller-copies.dto';
import { SellerCopyIntakeRepository, SellerCopyItems } from './seller-copy-intake.repository';

/**
 * Offline seller copies (抄税) through the API. Seals are checked against the named device
 * certificate of the uploading seller; the rest of the judging is seller-copy-intake.sql,
 * shared with bulk uploads.
 */
@Injectable()
export class SellerCopiesService {
  private readonly logger = new Logger(SellerCopiesService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxpayers: TaxpayerRepository,
    private readonly seals: SealCheckerService,
    private readonly intake: SellerCopyIntakeRepository,
    private readonly config: CollectionConfig,
  ) {}

  async submit(
    enterprise: EnterprisePrincipal,
    dto: SellerCopiesRequestDto,
    idempotency?: IdempotencyHandle,
  ): Promise<SellerCopiesResponseDto> {
    const items = await this.parse(dto);
    const verdicts = await this.seals.check(
      dto.invoices.map((inv, i) => ({
        fields: {
          invoiceCode: items.invoiceCodes[i],
          invoiceNumber: items.invoiceNumbers[i],
          issueDate: items.issueDates[i],
          sellerTaxId: enterprise.taxId,
          buyerTaxId: inv.buyerTaxId,
          amount: items.amounts[i],
          taxAmount: items.taxAmounts[i],
          contentHash: inv.contentHash,
        },
        signature: inv.signature,
        certificateSerial: items.certificateSerials[i],
      })),
    );
    items.sealVerdicts = verdicts;
    const today = todayIn(this.config.TZ_BUSINESS);
    const out = await this.db.transaction(async (m) => {
      const outcomes = await this.intake.fromItems(m, enterprise.taxId, today, items);
      const response: SellerCopiesResponseDto = intakeItemResults(outcomes, items);
      await idempotency?.completeWithin(m, 201, response);
      return response;
    });
    this.logger.log(
      { seller: enterprise.taxId, accepted: out.accepted, rejected: out.rejected },
      'seller copies taken',
    );
    return out;
  }

  private async parse(dto: SellerCopiesRequestDto): Promise<SellerCopyItems> {
    const buyers = [...new Set(dto.invoices.map((i) => i.buyerTaxId))];
    const overrides = await this.taxpayers.overridesAmong(buyers);
    const seen = new Set<string>();
    const items: SellerCopyItems = {
      rowNumbers: [],
      types: [],
      invoiceCodes: [],
      invoiceNumbers: [],
      issueDates: [],
      buyerTaxIds: [],
      amounts: [],
      taxAmounts: [],
      contentHashes: [],
      signatures: [],
      certificateSerials: [],
      sealVerdicts: [],
      duplicates: [],
      buyerIdOk: [],
    };
    dto.invoices.forEach((inv, i) => {
      const at = `invoices[${i}]`;
      const code = parseInvoiceCode(inv.invoiceCode, `${at}.invoiceCode`).code;
      const number = parseInvoiceNumber(inv.invoiceNumber, `${at}.invoiceNumber`);
      items.rowNumbers.push(i);
      items.types.push(inv.type);
      items.invoiceCodes.push(code);
      items.invoiceNumbers.push(number);
      items.issueDates.push(parseDate(inv.issueDate, `${at}.issueDate`));
      items.buyerTaxIds.push(inv.buyerTaxId);
      items.amounts.push(formatMoney(parseMoney(inv.amount, { field: `${at}.amount`, allowZero: false })));
      items.taxAmounts.push(formatMoney(parseMoney(inv.taxAmount, { field: `${at}.taxAmount` })));
      items.contentHashes.push(inv.contentHash);
      items.signatures.push(inv.signature);
      items.certificateSerials.push(inv.certificateSerial.toUpperCase());
      items.duplicates.push(seen.has(`${code}/${number}`));
      items.buyerIdOk.push(checkTaxId(inv.buyerTaxId).ok || overrides.has(inv.buyerTaxId));
      seen.add(`${code}/${number}`);
    });
    return items;
  }
}
