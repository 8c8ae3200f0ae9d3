import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OfficerPrincipal } from '@app/auth';
import { TaxpayerRepository } from '@app/database';
import { BureauConfig } from '../config/bureau.config';
import { assertTaxpayerNormal, visibleTaxpayer } from '../taxpayers/taxpayer-access';
import { EnrollmentTokenDto } from './dto/enrollment-token.dto';
import { newEnrollmentToken } from '@app/auth';
import { EnrollmentTokensRepository } from './enrollment-tokens.repository';

/** New one-time enrollment tokens, e.g. after a device certificate was revoked. */
@Injectable()
export class EnrollmentTokensService {
  private readonly logger = new Logger(EnrollmentTokensService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxpayers: TaxpayerRepository,
    private readonly tokens: EnrollmentTokensRepository,
    private readonly config: BureauConfig,
  ) {}

  /** Replaces the stored hash, so only the newest token can enroll. */
  async renew(officer: OfficerPrincipal, taxId: string): Promise<EnrollmentTokenDto> {
    const enrollment = newEnrollmentToken(this.config.ENROLLMENT_TOKEN_TTL_HOURS);
    await this.db.transaction(async (m) => {
      const taxpayer = visibleTaxpayer(officer, taxId, await this.taxpayers.findForUpdate(m, taxId));
      assertTaxpayerNormal(taxpayer);
      await this.tokens.replace(m, taxpayer.taxId, enrollment.hash, enrollment.expiresAt);
    });
    this.logger.log({ taxId, by: officer.userId }, 'enrollment token renewed');
    return {
      enrollmentToken: enrollment.token,
      enrollmentTokenExpiresAt: enrollment.expiresAt.toISOString(),
    };
  }
}
