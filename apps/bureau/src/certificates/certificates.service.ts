import { Injectable, Logger } from '@nestjs/common';
import { OfficerPrincipal } from '@app/auth';
import { isPgError, PG_UNIQUE_VIOLATION, TaxpayerRepository } from '@app/database';
import { BusinessRuleError, ConflictError, NotFoundError } from '@app/domain';
import { decodeCursor, isCursorTimestamp, Page, PageQuery, toPage } from '@app/platform';
import { visibleTaxpayer } from '../taxpayers/taxpayer-access';
import { CertificateRow, CertificatesRepository } from './certificates.repository';
import { CertificateDto, RevocationDto, RevokeCertificateDto } from './dto/certificate.dto';

const toCertificateDto = (c: CertificateRow): CertificateDto => ({
  serialNumber: c.serialNumber,
  keySource: c.keySource,
  notBefore: c.notBefore.toISOString(),
  notAfter: c.notAfter.toISOString(),
  createdAt: c.createdAt.toISOString(),
  revokedAt: c.revokedAt?.toISOString() ?? null,
  revocationReason: c.revocationReason,
});

interface CertificateCursor {
  createdAt: string;
  serialNumber: string;
  [key: string]: string;
}

const isCertificateCursor = (v: unknown): v is CertificateCursor => {
  const c = v as Partial<CertificateCursor> | null;
  return typeof c?.serialNumber === 'string' && isCursorTimestamp(c.createdAt);
};

/** Device certificates of the taxpayers of an officer's subtree, and their revocation (失控). */
@Injectable()
export class CertificatesService {
  private readonly logger = new Logger(CertificatesService.name);

  constructor(
    private readonly certificates: CertificatesRepository,
    private readonly taxpayers: TaxpayerRepository,
  ) {}

  /**
   * Records that the certificate seals nothing from `revokedAt` on. A certificate is
   * revoked once: the primary key of pki.revocations decides between concurrent requests.
   */
  async revoke(officer: OfficerPrincipal, serial: string, dto: RevokeCertificateDto): Promise<RevocationDto> {
    const serialNumber = serial.toUpperCase();
    const cert = await this.certificates.findWithOwner(serialNumber);
    if (!cert || !officer.covers(cert.bureauCode)) {
      throw new NotFoundError('CERTIFICATE_NOT_FOUND', `No certificate ${serial} in your jurisdiction.`);
    }
    const now = new Date();
    const revokedAt = dto.revokedAt === undefined ? now : new Date(dto.revokedAt);
    if (revokedAt > now) {
      throw new BusinessRuleError('REVOCATION_IN_FUTURE', 'revokedAt must not be in the future.', {
        revokedAt: revokedAt.toISOString(),
        now: now.toISOString(),
      });
    }
    if (revokedAt < cert.notBefore) {
      throw new BusinessRuleError(
        'REVOCATION_BEFORE_VALIDITY',
        'revokedAt must not be before the certificate became valid.',
        { revokedAt: revokedAt.toISOString(), notBefore: cert.notBefore.toISOString() },
      );
    }
    try {
      await this.certificates.insertRevocation({
        serialNumber,
        revokedAt,
        reason: dto.reason,
        revokedBy: officer.userId,
      });
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION)) {
        throw new ConflictError(
          'CERTIFICATE_ALREADY_REVOKED',
          `Certificate ${serialNumber} is already revoked.`,
          {
            serialNumber,
          },
        );
      }
      throw err;
    }
    this.logger.log(
      { serialNumber, taxId: cert.taxId, revokedAt: revokedAt.toISOString(), by: officer.userId },
      'device certificate revoked',
    );
    return { serialNumber, taxId: cert.taxId, revokedAt: revokedAt.toISOString(), reason: dto.reason };
  }

  async listForTaxpayer(
    officer: OfficerPrincipal,
    taxId: string,
    query: PageQuery,
  ): Promise<Page<CertificateDto>> {
    visibleTaxpayer(officer, taxId, await this.taxpayers.findByTaxId(taxId));
    const after = query.cursor ? decodeCursor(query.cursor, isCertificateCursor) : undefined;
    const rows = await this.certificates.listForTaxpayer(taxId, after, query.limit);
    return toPage(rows, query.limit, toCertificateDto, (c) => ({
      createdAt: c.createdAtKey,
      serialNumber: c.serialNumber,
    }));
  }
}
