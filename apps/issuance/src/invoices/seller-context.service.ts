import { Injectable } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { PkiRepository } from '@app/database';
import {
  BusinessRuleError,
  checkTaxId,
  InvoiceType,
  TaxpayerKind,
  ValidationError,
  ValidityInterval,
} from '@app/domain';
import { SigningKeyCache } from '../pki/signing-key-cache';
import { certificateRevoked, sellerNotNormal } from './issuing.error';
import { BuyerRow, IssuingContextRepository } from './issuing-context.repository';

export interface SellerContext {
  seller: { taxId: string; name: string; kind: TaxpayerKind };
  certificateSerial: string;
  /** Which issue dates the certificate may seal (checked against the draft, ADR 0021). */
  certificateValidity: ValidityInterval;
  key: KeyObject;
}

/** Who may seal and with what key; who may receive a special invoice. */
@Injectable()
export class SellerContextService {
  constructor(
    private readonly contexts: IssuingContextRepository,
    private readonly pki: PkiRepository,
    private readonly keys: SigningKeyCache,
  ) {}

  /**
   * The seller (status normal) with its current, unrevoked, service-held signing key, and —
   * when a buyer is given — the buyer checks: a well-formed credit code (or one on the
   * override list) and, for a special invoice, which carries a deduction right, a
   * registered general taxpayer in normal standing.
   */
  async load(sellerTaxId: string, buyer?: { type: InvoiceType; taxId: string }): Promise<SellerContext> {
    const [row, buyerRow] = await Promise.all([
      this.contexts.seller(sellerTaxId),
      buyer ? this.contexts.buyer(buyer.taxId) : undefined,
    ]);
    if (buyer) this.assertBuyer(buyer, sellerTaxId, buyerRow!);
    if (row.status !== 'normal') throw sellerNotNormal(row.status);
    if (!row.certificateSerial) throw await this.noCertificate(sellerTaxId);
    return {
      seller: { taxId: sellerTaxId, name: row.name!, kind: row.kind! },
      certificateSerial: row.certificateSerial,
      certificateValidity: { notBefore: row.notBefore!, notAfter: row.notAfter! },
      key: this.keys.keyFor(row.certificateSerial, {
        keyVersion: row.keyVersion!,
        ciphertext: row.privateKeyCiphertext!,
      }),
    };
  }

  private assertBuyer(buyer: { type: InvoiceType; taxId: string }, sellerTaxId: string, row: BuyerRow): void {
    if (buyer.taxId === sellerTaxId) {
      throw new BusinessRuleError('BUYER_IS_SELLER', 'An invoice cannot be issued to its own seller.');
    }
    const check = checkTaxId(buyer.taxId);
    if (!check.ok && !(check.reason === 'CHECK_CHARACTER' && row.overridden)) {
      throw new ValidationError(
        'TAX_ID_INVALID',
        `buyerTaxId is not a valid unified social credit code (${check.reason}).`,
        {
          field: 'buyerTaxId',
          reason: check.reason,
        },
      );
    }
    if (buyer.type !== 'special') return;
    if (!row.kind) {
      throw new BusinessRuleError('BUYER_NOT_REGISTERED', 'A special invoice needs a registered buyer.', {
        buyerTaxId: buyer.taxId,
      });
    }
    if (row.kind !== 'general' || row.status !== 'normal') {
      throw new BusinessRuleError(
        'BUYER_NOT_GENERAL_TAXPAYER',
        'A special invoice needs a buyer that is a general taxpayer in normal standing.',
        { buyerTaxId: buyer.taxId, kind: row.kind, status: row.status },
      );
    }
  }

  private async noCertificate(taxId: string): Promise<BusinessRuleError> {
    const s = await this.pki.certificateSummary(taxId);
    if (s.total === 0)
      return new BusinessRuleError(
        'NOT_ENROLLED',
        'Enroll first (POST /v1/enrollment) to get a sealing certificate.',
      );
    if (s.service === 0) {
      return new BusinessRuleError(
        'NO_SERVICE_HELD_KEY',
        'Your certificate was issued for a key you hold (CSR); seal offline and upload seller copies instead.',
      );
    }
    if (s.revoked > 0) {
      return certificateRevoked();
    }
    return new BusinessRuleError(
      'CERTIFICATE_NOT_VALID',
      'Your sealing certificate is not valid now; enroll again.',
    );
  }
}
