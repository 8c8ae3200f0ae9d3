import { Injectable } from '@nestjs/common';
import { PkiRepository } from '@app/database';
import { invoiceStatusOf, parseDate, parseInvoiceCode, parseInvoiceNumber, parseMoney } from '@app/domain';
import { verifySeal } from '@app/pki';
import { PublicCheckLimiter } from './public-check-limiter';
import { VerificationDto, VerifyQuery } from './dto/verification.dto';
import { MatchedInvoice, VerificationFacts, VerificationRepository } from './verification.repository';

/** Who asks: the client's address key (clientAddressKey) and, with an API key, its taxpayer. */
export interface VerificationCaller {
  client: string;
  taxId?: string;
}

type Judged = Omit<VerificationDto, 'checksLeftToday'>;

/**
 * Public verification (查验): anyone with the four facts of an invoice learns whether it is
 * genuine. The invoice's parties (seller, buyer, and the owner of an unissued number's
 * range), authenticated with their API key, check without a daily limit and learn why a
 * check failed (not_found or mismatch). Everyone else, including other taxpayers' keys, is
 * limited per address (PublicCheckLimiter) and learns only that the facts match no
 * invoice (no_match): the answer, the count and the work are the same whether the number
 * exists or not.
 */
@Injectable()
export class VerificationService {
  constructor(
    private readonly invoices: VerificationRepository,
    private readonly pki: PkiRepository,
    private readonly limiter: PublicCheckLimiter,
  ) {}

  async verify(q: VerifyQuery, caller: VerificationCaller): Promise<VerificationDto> {
    const facts = factsOf(q);
    if (caller.taxId !== undefined && (await this.invoices.isParty(facts, caller.taxId))) {
      return this.answerParty(facts);
    }
    return this.answerPublic(facts, caller.client);
  }

  private async answerPublic(facts: VerificationFacts, client: string): Promise<VerificationDto> {
    const checksLeftToday = await this.limiter.admit(client, facts);
    const invoice = await this.invoices.findMatching(facts);
    if (!invoice) return { authentic: false, status: 'no_match', checksLeftToday };
    await this.limiter.forgiveMiss(client);
    return { ...(await this.judge(invoice)), checksLeftToday };
  }

  private async answerParty(facts: VerificationFacts): Promise<VerificationDto> {
    const invoice = await this.invoices.findMatching(facts);
    if (!invoice) {
      const status = (await this.invoices.exists(facts)) ? 'mismatch' : 'not_found';
      return { authentic: false, status, checksLeftToday: null };
    }
    return { ...(await this.judge(invoice)), checksLeftToday: null };
  }

  /** An invoice whose facts matched: is its seal good, and what is it worth now? */
  private async judge(inv: MatchedInvoice): Promise<Judged> {
    const cert = await this.pki.certificatePem(inv.certificateSerial);
    if (!cert || !verifySeal(inv.sealPayload, inv.sealSignature, cert.certificatePem)) {
      return { authentic: false, status: 'seal_invalid' };
    }
    if (cert.revokedAt && cert.revokedAt <= inv.issuedAt) {
      return { authentic: false, status: 'revoked_seal' };
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
    };
  }
}

/** The query's facts, validated before anything is counted (a malformed check costs nothing). */
function factsOf(q: VerifyQuery): VerificationFacts {
  return {
    invoiceCode: parseInvoiceCode(q.invoiceCode, 'invoiceCode').code,
    invoiceNumber: parseInvoiceNumber(q.invoiceNumber, 'invoiceNumber'),
    issueDate: parseDate(q.issueDate, 'issueDate'),
    amount: parseMoney(q.amount, { field: 'amount', allowNegative: true }).toFixed(2),
  };
}
