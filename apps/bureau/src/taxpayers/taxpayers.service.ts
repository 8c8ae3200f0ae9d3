import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OfficerPrincipal } from '@app/auth';
import {
  isPgError,
  PG_UNIQUE_VIOLATION,
  TaxIdOverrideEntity,
  TaxpayerEntity,
  TaxpayerRepository,
} from '@app/database';
import {
  assertBureauCode,
  assertStatusTransition,
  assertTaxId,
  BusinessRuleError,
  ConflictError,
  ForbiddenError,
  NATIONAL_BUREAU_CODE,
  parseIndustry,
  ValidationError,
} from '@app/domain';
import { decodeCursor, Page, toPage } from '@app/platform';
import { BureausService } from '../bureaus/bureaus.service';
import { BureauConfig } from '../config/bureau.config';
import { newEnrollmentToken } from '@app/auth';
import {
  AddTaxIdOverrideDto,
  ChangeTaxpayerDto,
  ListTaxpayersQuery,
  RegisteredTaxpayerDto,
  RegisterTaxpayerDto,
  TaxpayerDto,
  TaxpayerStatusHistoryDto,
} from './dto/taxpayer.dto';
import { visibleTaxpayer } from './taxpayer-access';

export function toTaxpayerDto(t: TaxpayerEntity): TaxpayerDto {
  return {
    taxId: t.taxId,
    name: t.name,
    bureauCode: t.bureauCode,
    kind: t.kind,
    status: t.status,
    maxAmountVersion: t.maxAmountVersion,
    industry: t.industry,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    // Migration 10 sets the four columns together or none.
    rateLimit:
      t.rateLimitPerSecond === null
        ? null
        : {
            perSecond: t.rateLimitPerSecond,
            burst: t.rateLimitBurst!,
            setBy: t.rateLimitSetBy!,
            setAt: t.rateLimitSetAt!.toISOString(),
          },
  };
}

/**
 * A status history is read whole, unpaged: a taxpayer changes status a few times in its
 * life. Past this many changes, only the latest are returned.
 */
const STATUS_HISTORY_LIMIT = 500;

/** null (and absent, on registration): no industry; anything else must be a GB/T 4754 code. */
const industryOrNull = (value: unknown): string | null =>
  value === undefined || value === null ? null : parseIndustry(value);

function assertSomethingToChange(dto: ChangeTaxpayerDto): void {
  if (dto.status === undefined && dto.rateLimit === undefined && dto.industry === undefined) {
    throw new ValidationError('NOTHING_TO_CHANGE', 'Send status, rateLimit, industry, or several of them.');
  }
  if (dto.reason !== undefined && dto.status === undefined) {
    throw new ValidationError(
      'REASON_WITHOUT_STATUS',
      'A reason goes with a status change; send status too.',
    );
  }
}

const isTaxIdCursor = (v: unknown): v is { taxId: string } =>
  typeof (v as { taxId?: unknown })?.taxId === 'string';

@Injectable()
export class TaxpayersService {
  private readonly logger = new Logger(TaxpayersService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxpayers: TaxpayerRepository,
    private readonly bureaus: BureausService,
    private readonly config: BureauConfig,
  ) {}

  async register(officer: OfficerPrincipal, dto: RegisterTaxpayerDto): Promise<RegisteredTaxpayerDto> {
    const industry = industryOrNull(dto.industry);
    const overridden = await this.taxpayers.isOverridden(dto.taxId);
    assertTaxId(dto.taxId, 'taxId', overridden ? new Set([dto.taxId]) : undefined);
    const bureau = await this.bureaus.getVisible(officer, assertBureauCode(dto.bureauCode));
    if (!bureau.acceptsTaxpayers) {
      throw new BusinessRuleError(
        'BUREAU_NOT_DISTRICT',
        `${bureau.name} is a ${bureau.level}-level bureau; taxpayers register with a district-level bureau.`,
        { bureauCode: bureau.code, level: bureau.level },
      );
    }
    const enrollment = newEnrollmentToken(this.config.ENROLLMENT_TOKEN_TTL_HOURS);
    try {
      const saved = await this.db.transaction((m) =>
        this.taxpayers.insert(m, {
          taxId: dto.taxId,
          name: dto.name,
          bureauCode: bureau.code,
          kind: dto.kind,
          status: 'normal',
          maxAmountVersion: dto.maxAmountVersion,
          industry,
          enrollmentTokenHash: enrollment.hash,
          enrollmentTokenExpiresAt: enrollment.expiresAt,
          createdBy: officer.userId,
        }),
      );
      this.logger.log(
        { taxId: saved.taxId, bureauCode: saved.bureauCode, industry, by: officer.userId },
        'taxpayer registered',
      );
      return {
        ...toTaxpayerDto(saved),
        enrollmentToken: enrollment.token,
        enrollmentTokenExpiresAt: enrollment.expiresAt.toISOString(),
      };
    } catch (err) {
      if (isPgError(err, PG_UNIQUE_VIOLATION)) {
        throw new ConflictError(
          'TAXPAYER_ALREADY_REGISTERED',
          `Taxpayer ${dto.taxId} is already registered.`,
        );
      }
      throw err;
    }
  }

  /** A taxpayer of the officer's subtree; any other is answered as not found. */
  async get(officer: OfficerPrincipal, taxId: string): Promise<TaxpayerDto> {
    return toTaxpayerDto(await this.findVisible(officer, taxId));
  }

  async list(officer: OfficerPrincipal, query: ListTaxpayersQuery): Promise<Page<TaxpayerDto>> {
    const root = query.bureauCode
      ? (await this.bureaus.getVisible(officer, assertBureauCode(query.bureauCode))).code
      : officer.bureauCode;
    const { scopePrefix } = new OfficerPrincipal(officer.userId, officer.username, root, officer.role);
    const after = query.cursor ? decodeCursor(query.cursor, isTaxIdCursor).taxId : undefined;
    const rows = await this.taxpayers.list({
      scopePrefix,
      status: query.status,
      afterTaxId: after,
      limit: query.limit,
    });
    return toPage(rows, query.limit, toTaxpayerDto, (t) => ({ taxId: t.taxId }));
  }

  /** Status, rate limit and/or industry, in one transaction: all apply or none. */
  async change(officer: OfficerPrincipal, taxId: string, dto: ChangeTaxpayerDto): Promise<TaxpayerDto> {
    assertSomethingToChange(dto);
    const industry = dto.industry === undefined ? undefined : industryOrNull(dto.industry);
    // The status change has its history table; the industry's previous value is only in this log.
    let industryChange: { from: string | null; to: string | null } | undefined;
    await this.db.transaction(async (m) => {
      const taxpayer = visibleTaxpayer(officer, taxId, await this.taxpayers.findForUpdate(m, taxId));
      if (dto.status !== undefined) {
        assertStatusTransition(taxpayer.status, dto.status);
        await this.taxpayers.changeStatus(m, taxpayer, {
          toStatus: dto.status,
          reason: dto.reason ?? null,
          changedBy: officer.userId,
        });
      }
      if (dto.rateLimit !== undefined) {
        await this.taxpayers.setRateLimit(m, taxId, dto.rateLimit, officer.userId);
      }
      if (industry !== undefined) {
        await this.taxpayers.setIndustry(m, taxId, industry);
        industryChange = { from: taxpayer.industry, to: industry };
      }
    });
    this.logger.log(
      { taxId, status: dto.status, rateLimit: dto.rateLimit, industry: industryChange, by: officer.userId },
      'taxpayer changed',
    );
    return this.get(officer, taxId);
  }

  /** A taxpayer's status changes, oldest first (404 outside the officer's subtree). */
  async statusHistory(officer: OfficerPrincipal, taxId: string): Promise<TaxpayerStatusHistoryDto> {
    await this.findVisible(officer, taxId);
    return { items: await this.taxpayers.statusHistory(taxId, STATUS_HISTORY_LIMIT) };
  }

  /** Only the national tier vouches for codes that fail the check character. */
  async addOverride(officer: OfficerPrincipal, dto: AddTaxIdOverrideDto): Promise<{ taxId: string }> {
    if (officer.bureauCode !== NATIONAL_BUREAU_CODE) {
      throw new ForbiddenError(
        'NATIONAL_TIER_ONLY',
        'Only a national-tier admin may add to the override list.',
      );
    }
    await this.db
      .getRepository(TaxIdOverrideEntity)
      .createQueryBuilder()
      .insert()
      .values({ taxId: dto.taxId, reason: dto.reason, addedBy: officer.userId })
      .orIgnore()
      .execute();
    this.logger.log({ taxId: dto.taxId, by: officer.userId }, 'tax ID override added');
    return { taxId: dto.taxId };
  }

  private async findVisible(officer: OfficerPrincipal, taxId: string): Promise<TaxpayerEntity> {
    return visibleTaxpayer(officer, taxId, await this.taxpayers.findByTaxId(taxId));
  }
}
