import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PkiRepository } from '@app/database';
import {
  invoiceStatusOf,
  Money,
  parseDate,
  parseInvoiceCode,
  parseInvoiceNumber,
  parseMoney,
  RateLimitedError,
  todayIn,
} from '@app/domain';
import { verifySeal } from '@app/pki';
import { IssuanceConfig } from '../config/issuance.config';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { VerificationDto, VerifyQuery } from './verification.dto';

/** Seconds from `now` to the next midnight in the business time zone (UTC+8, no DST). */
function secondsToMidnight(now: Date): number {
  const shanghai = new Date(now.getTime() + 8 * 3600_000);
  const midnight = Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() + 1);
  return Math.max(1, Math.ceil((midnight - shanghai.getTime()) / 1000));
}

/**
 * Public verification (查验): anyone with the four key facts of an invoice learns whether
 * it is genuine. Each invoice key may be checked at most VERIFY_DAILY_LIMIT times a day,
 * counted in Postgres whether or not the invoice exists, so the route cannot be used to
 * enumerate invoices at speed.
 */
@Injectable()
export class VerificationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly invoices: InvoiceRepository,
    private readonly pki: PkiRepository,
    private readonly config: IssuanceConfig,
  ) {}

  async verify(q: VerifyQuery): Promise<VerificationDto> {
    const key = {
      invoiceCode: parseInvoiceCode(q.invoiceCode, 'invoiceCode').code,
      invoiceNumber: parseInvoiceNumber(q.invoiceNumber, 'invoiceNumber'),
    };
    const issueDate = parseDate(q.issueDate, 'issueDate');
    const amount = parseMoney(q.amount, { field: 'amount', allowNegative: true });
    const checksLeftToday = await this.countCheck(key.invoiceCode, key.invoiceNumber);

    const inv = await this.invoices.find(key);
    if (!inv) return { authentic: false, status: 'not_found', checksLeftToday };
    if (inv.issueDate !== issueDate || !new Money(inv.amount).eq(amount)) {
      return { authentic: false, status: 'mismatch', checksLeftToday };
    }
    const cert = await this.pki.certificatePem(inv.certificateSerial);
    if (!cert || !verifySeal(inv.sealPayload, inv.sealSignature, cert.certificatePem)) {
      return { authentic: false, status: 'seal_invalid', checksLeftToday };
    }
    if (cert.revokedAt && cert.revokedAt <= inv.issuedAt) {
      return { authentic: false, status: 'revoked_seal', checksLeftToday };
    }
    return {
      authentic: true,
      status: invoiceStatusOf({
        voided: inv.voidedAt !== null,
        amount: inv.amount,
        creditedAmount: inv.creditedAmount,
      }),
      type: inv.type,
      sellerTaxId: inv.sellerTaxId,
      sellerName: inv.sellerName,
      buyerTaxId: inv.buyerTaxId,
      buyerName: inv.buyerName,
      taxAmount: inv.taxAmount,
      total: inv.total,
      checkCode: inv.checkCode,
      checksLeftToday,
    };
  }

  private async countCheck(invoiceCode: string, invoiceNumber: string): Promise<number> {
    const now = new Date();
    const [row] = await this.db.query<{ checks: number }[]>(
      `INSERT INTO issuance.verification_checks (invoice_code, invoice_number, check_day, checks)
       VALUES ($1, $2, $3, 1)
       ON CONFLICT (invoice_code, invoice_number, check_day)
       DO UPDATE SET checks = issuance.verification_checks.checks + 1
       RETURNING checks`,
      [invoiceCode, invoiceNumber, todayIn(this.config.TZ_BUSINESS, now)],
    );
    const limit = this.config.VERIFY_DAILY_LIMIT;
    if (row.checks > limit) {
      throw new RateLimitedError(
        'VERIFY_LIMIT_REACHED',
        `This invoice has been checked ${limit} times today; try again tomorrow.`,
        secondsToMidnight(now),
        { limit },
      );
    }
    return limit - row.checks;
  }
}
