import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApiKeyRepository, enrollmentTokenHash, generateApiKey, hashApiKey } from '@app/auth';
import { isPgError, PG_UNIQUE_VIOLATION, PkiRepository } from '@app/database';
import { BusinessRuleError, issueDateWindow, UnauthenticatedError } from '@app/domain';
import { CredentialFailureLimiter } from '@app/platform';
import { generateRsaKeyPair, issueDeviceCertificate, KeyVault, verifyDeviceCsr } from '@app/pki';
import { IssuanceConfig } from '../config/issuance.config';
import { CertificateAuthorityService } from '../pki/certificate-authority.service';
import { EnrollDto, EnrollmentDto } from './dto/enrollment.dto';
import { EnrollmentsRepository, type EnrollmentTokenRow } from './enrollments.repository';

/**
 * Enrollment turns a registration's one-time token into a device certificate and an API
 * key. The token is consumed in the same transaction that stores the certificate (its
 * hash is the primary key of issuance.enrollments), so it works exactly once even when
 * two requests race.
 */
@Injectable()
export class EnrollmentService {
  private readonly logger = new Logger(EnrollmentService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cas: CertificateAuthorityService,
    private readonly pki: PkiRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly vault: KeyVault,
    private readonly config: IssuanceConfig,
    private readonly failures: CredentialFailureLimiter,
    private readonly enrollments: EnrollmentsRepository,
  ) {}

  /**
   * A wrong token costs the client IP one credential failure; past AUTH_FAILURES_PER_IP
   * the IP gets 429 AUTH_FAILURES_LIMITED before its token is even looked at (ADR 0017).
   */
  async enroll(dto: EnrollDto, clientIp: string): Promise<EnrollmentDto> {
    const tokenHash = enrollmentTokenHash(dto.enrollmentToken);
    await this.failures.assertAllowed('enrollment', clientIp);
    const taxpayer = await this.checkToken(dto.taxId, tokenHash).catch(async (err: unknown) => {
      if (err instanceof UnauthenticatedError && err.code === 'ENROLLMENT_TOKEN_INVALID') {
        await this.failures.recordFailure('enrollment', clientIp);
      }
      throw err;
    });
    const csrKey = dto.csr === undefined ? null : verifyDeviceCsr(dto.csr, dto.taxId).publicKeyPem;

    const provinceCode = taxpayer.bureau_code.slice(1, 3);
    const issuer = await this.cas.issuingCa(provinceCode);
    const generated = csrKey ? null : generateRsaKeyPair();
    const now = new Date();
    const validYears = this.config.DEVICE_CERT_VALID_YEARS;
    const cert = issueDeviceCertificate(issuer, {
      publicKeyPem: csrKey ?? generated!.publicKeyPem,
      taxId: dto.taxId,
      taxpayerName: taxpayer.name,
      now,
      validYears,
    });
    const sealed = generated
      ? this.vault.seal(generated.privateKeyPem, `certificate:${cert.serialNumber}`)
      : null;
    const apiKey = generateApiKey();
    const notAfter = new Date(now);
    notAfter.setUTCFullYear(notAfter.getUTCFullYear() + validYears);

    try {
      await this.db.transaction(async (m) => {
        await this.pki.insertDeviceCertificate(m, {
          serialNumber: cert.serialNumber,
          taxId: dto.taxId,
          issuerSerial: issuer.serialNumber,
          certificatePem: cert.certificatePem,
          keySource: sealed ? 'service' : 'csr',
          privateKeyCiphertext: sealed?.ciphertext ?? null,
          keyVersion: sealed?.keyVersion ?? null,
          notBefore: now,
          notAfter,
        });
        await this.enrollments.record(m, tokenHash, dto.taxId, cert.serialNumber);
        await this.apiKeys.insert(m, dto.taxId, hashApiKey(apiKey));
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION)) {
        throw this.invalidToken();
      }
      throw err;
    }
    this.logger.log(
      { taxId: dto.taxId, serialNumber: cert.serialNumber, keySource: sealed ? 'service' : 'csr' },
      'enrolled',
    );
    const root = await this.cas.chainPems();
    return {
      apiKey,
      certificate: cert.certificatePem,
      chain: issuer.certificatePem + root[0],
      serialNumber: cert.serialNumber,
      keySource: sealed ? 'service' : 'csr',
      earliestIssueDate: issueDateWindow({ notBefore: now, notAfter }, this.config.TZ_BUSINESS)
        .earliestIssueDate,
    };
  }

  private async checkToken(taxId: string, tokenHash: Buffer): Promise<EnrollmentTokenRow> {
    const row = await this.enrollments.tokenOf(taxId, tokenHash);
    if (!row || !row.matches || row.used) throw this.invalidToken();
    if (row.expired) {
      throw new UnauthenticatedError(
        'ENROLLMENT_TOKEN_EXPIRED',
        'The enrollment token has expired; ask your bureau for a new one.',
      );
    }
    if (row.status !== 'normal') {
      throw new BusinessRuleError(
        'TAXPAYER_NOT_NORMAL',
        `The taxpayer's status is ${row.status}; it cannot enroll.`,
        {
          status: row.status,
        },
      );
    }
    return row;
  }

  private invalidToken(): UnauthenticatedError {
    return new UnauthenticatedError(
      'ENROLLMENT_TOKEN_INVALID',
      'The tax ID and enrollment token do not match a pending enrollment (wrong, or already used).',
    );
  }
}
