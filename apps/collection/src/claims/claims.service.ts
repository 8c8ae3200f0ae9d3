import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EnterprisePrincipal } from '@app/auth';
import { TaxpayerRepository } from '@app/database';
import {
  formatMoney,
  parseDate,
  parseInvoiceCode,
  parseInvoiceNumber,
  parseMoney,
  parsePeriod,
} from '@app/domain';
import { IdempotencyHandle } from '@app/idempotency';
import { intakeItemResults } from '../intake/intake-outcome';
import { SealCheckerService } from '../seals/seal-checker.service';
import { assertMayClaim } from './claimant-check';
import { ClaimIntakeRepository, ClaimItems } from './claim-intake.repository';
import { ClaimsRequestDto, ClaimsResponseDto } from './dto/claims.dto';

/**
 * Claims (勾选/认证) sent through the API: every item is stored, accepted or rejected with
 * its reason, in one transaction; the judging itself is claim-intake.sql, shared with
 * bulk uploads so that both paths decide the same way.
 */
@Injectable()
export class ClaimsService {
  private readonly logger = new Logger(ClaimsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxpayers: TaxpayerRepository,
    private readonly seals: SealCheckerService,
    private readonly intake: ClaimIntakeRepository,
  ) {}

  async claim(
    enterprise: EnterprisePrincipal,
    dto: ClaimsRequestDto,
    idempotency?: IdempotencyHandle,
  ): Promise<ClaimsResponseDto> {
    const period = parsePeriod(dto.period, 'period');
    assertMayClaim(await this.taxpayers.findByTaxId(enterprise.taxId));
    const items = this.parse(dto);
    const sealed = dto.invoices.flatMap((inv, i) => (inv.seal ? [i] : []));
    const verdicts = await this.seals.check(
      sealed.map((i) => ({
        fields: {
          invoiceCode: items.invoiceCodes[i],
          invoiceNumber: items.invoiceNumbers[i],
          issueDate: items.issueDates[i],
          sellerTaxId: items.sellerTaxIds[i],
          buyerTaxId: enterprise.taxId,
          amount: items.amounts[i],
          taxAmount: items.taxAmounts[i],
          contentHash: dto.invoices[i].seal!.contentHash,
        },
        signature: dto.invoices[i].seal!.signature,
      })),
    );
    sealed.forEach((i, k) => (items.sealVerdicts[i] = verdicts[k]));

    const response = await this.db.transaction(async (m) => {
      const outcomes = await this.intake.fromItems(m, enterprise.taxId, period, items);
      const { accepted, rejected, results } = intakeItemResults(outcomes, items);
      const out: ClaimsResponseDto = {
        period,
        accepted,
        rejected,
        results: results.map(({ id, ...r }) => ({
          ...r,
          sealVerified: r.status === 'accepted' && items.sealVerdicts[r.index] === 'OK',
          claimId: id,
        })),
      };
      await idempotency?.completeWithin(m, 201, out);
      return out;
    });
    this.logger.log(
      { buyer: enterprise.taxId, period, accepted: response.accepted, rejected: response.rejected },
      'claims taken',
    );
    return response;
  }

  /** Strict parsing of every item; one malformed item refuses the request (400) naming its field. */
  private parse(dto: ClaimsRequestDto): ClaimItems {
    const items: ClaimItems = {
      rowNumbers: [],
      invoiceCodes: [],
      invoiceNumbers: [],
      issueDates: [],
      sellerTaxIds: [],
      amounts: [],
      taxAmounts: [],
      signatures: [],
      contentHashes: [],
      sealVerdicts: [],
      duplicates: [],
    };
    const seen = new Set<string>();
    dto.invoices.forEach((inv, i) => {
      const at = `invoices[${i}]`;
      const code = parseInvoiceCode(inv.invoiceCode, `${at}.invoiceCode`).code;
      const number = parseInvoiceNumber(inv.invoiceNumber, `${at}.invoiceNumber`);
      items.rowNumbers.push(i);
      items.invoiceCodes.push(code);
      items.invoiceNumbers.push(number);
      items.issueDates.push(parseDate(inv.issueDate, `${at}.issueDate`));
      items.sellerTaxIds.push(inv.sellerTaxId);
      items.amounts.push(formatMoney(parseMoney(inv.amount, { field: `${at}.amount`, allowZero: false })));
      items.taxAmounts.push(formatMoney(parseMoney(inv.taxAmount, { field: `${at}.taxAmount` })));
      items.signatures.push(inv.seal?.signature ?? null);
      items.contentHashes.push(inv.seal?.contentHash ?? null);
      items.sealVerdicts.push(null);
      items.duplicates.push(seen.has(`${code}/${number}`));
      seen.add(`${code}/${number}`);
    });
    return items;
  }
}
