import { Injectable } from '@nestjs/common';
import { KeyObject } from 'node:crypto';
import { PkiRepository, TaxpayerEntity, TaxpayerRepository } from '@app/database';
import { BusinessRuleError, checkTaxId, ValidationError } from '@app/domain';
import { SigningKeyCache } from '../pki/signing-key.cache';

export interface SellerContext {
  seller: TaxpayerEntity;
  certificateSerial: string;
  key: KeyObject;
}

/** Who may seal and with what key; who may receive a special invoice. */
@Injectable()
export class SellerContextService {
  constructor(
    private readonly taxpayers: TaxpayerRepository,
    private readonly pki: PkiRepository,
    private readonly keys: SigningKeyCache,
  ) {}

  /** The seller (status normal) and its current, unrevoked, service-held signing key. */
  async sellerContext(taxId: string, at: Date): Promise<SellerContext> {
    const [seller, cert] = await Promise.all([
      this.taxpayers.findByTaxId(taxId),
      this.pki.signingCertificate(taxId, at),
    ]);
    if (!seller || seller.status !== 'normal') {
      throw new BusinessRuleError(
        'TAXPAYER_NOT_NORMAL',
        `Your taxpayer status is ${seller?.status ?? 'unknown'}; you cannot issue invoices.`,
      );
    }
    if (!cert) throw await this.noCertificate(taxId);
    return {
      seller,
      certificateSerial: cert.serialNumber,
      key: this.keys.keyFor(cert.serialNumber, {
        keyVersion: cert.keyVersion,
        ciphertext: cert.privateKeyCiphertext,
      }),
    };
  }

  /**
   * The buyer's credit code must be well formed (or on the override list). A special
   * invoice carries a deduction right, so its buyer must be a registered general
   * taxpayer in normal standing.
   */
  async assertBuyer(type: 'special' | 'ordinary', buyerTaxId: string, sellerTaxId: string): Promise<void> {
    if (buyerTaxId === sellerTaxId) {
      throw new BusinessRuleError('BUYER_IS_SELLER', 'An invoice cannot be issued to its own seller.');
    }
    const check = checkTaxId(buyerTaxId);
    if (
      !check.ok &&
      !(check.reason === 'CHECK_CHARACTER' && (await this.taxpayers.isOverridden(buyerTaxId)))
    ) {
      throw new ValidationError(
        'TAX_ID_INVALID',
        `buyerTaxId is not a valid unified social credit code (${check.reason}).`,
        {
          field: 'buyerTaxId',
          reason: check.reason,
        },
      );
    }
    if (type !== 'special') return;
    const buyer = await this.taxpayers.findByTaxId(buyerTaxId);
    if (!buyer) {
      throw new BusinessRuleError('BUYER_NOT_REGISTERED', 'A special invoice needs a registered buyer.', {
        buyerTaxId,
      });
    }
    if (buyer.kind !== 'general' || buyer.status !== 'normal') {
      throw new BusinessRuleError(
        'BUYER_NOT_GENERAL_TAXPAYER',
        'A special invoice needs a buyer that is a general taxpayer in normal standing.',
        { buyerTaxId, kind: buyer.kind, status: buyer.status },
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
      return new BusinessRuleError(
        'CERTIFICATE_REVOKED',
        'Your sealing certificate is revoked; enroll again with a new token.',
      );
    }
    return new BusinessRuleError(
      'CERTIFICATE_NOT_VALID',
      'Your sealing certificate is not valid now; enroll again.',
    );
  }
}
