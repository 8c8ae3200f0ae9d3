import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { OfficerPrincipal } from '@app/auth';
import {
  isPgError,
  PG_UNIQUE_VIOLATION,
  TaxpayerEntity,
  TaxpayerPartiesRepository,
  TaxpayerRepository,
  type StoredParty,
} from '@app/database';
import {
  assertBureauCode,
  assertStatusTransition,
  assertTaxId,
  BusinessRuleError,
  ConflictError,
  CONTROLLING_PARTY_FIELDS,
  type ControllingParties,
  parseControllingParties,
  partyDigest,
  partyRows,
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
  TaxpayerPartiesDto,
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

/** The parties in force, as an officer may see them: no identity number, its last four. */
export function toPartiesDto(rows: readonly StoredParty[]): TaxpayerPartiesDto {
  const one = (role: string) => rows.find((r) => r.role === role);
  const person = (role: string) => {
    const r = one(role);
    return r ? { name: r.name!, idNumberLast4: r.idLast4! } : null;
  };
  return {
    legalRepresentative: person('legal_representative'),
    financeOfficer: person('finance_officer'),
    shareholders: rows
      .filter((r) => r.role === 'shareholder')
      .map((r) =>
        r.partyTaxId
          ? { name: r.name!, share: r.share!, taxId: r.partyTaxId }
          : { name: r.name!, share: r.share!, idNumberLast4: r.idLast4! },
      ),
    address: one('address')?.value ?? null,
    phone: one('phone')?.value ?? null,
    bankAccountLast4: one('bank_account')?.valueLast4 ?? null,
  };
}

function assertSomethingToChange(dto: ChangeTaxpayerDto): void {
  if (
    dto.status === undefined &&
    dto.rateLimit === undefined &&
    dto.industry === undefined &&
    CONTROLLING_PARTY_FIELDS.every((f) => dto[f] === undefined)
  ) {
    throw new ValidationError(
      'NOTHING_TO_CHANGE',
      'Send status, rateLimit, industry, a controlling party or contact, or several of them.',
    );
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
    private readonly parties: TaxpayerPartiesRepository,
    private readonly bureaus: BureausService,
    private readonly config: BureauConfig,
  ) {}

  /** The keyed digest identity numbers and contacts are stored as (IDENTITY_HMAC_KEY). */
  private get digest(): (value: string) => string {
    return partyDigest(this.config.IDENTITY_HMAC_KEY);
  }

  /**
   * Replaces the parties `given` names, in the caller's transaction, after checking that a
   * shareholder company is a registered taxpayer other than `taxId` itself.
   */
  private async setParties(
    m: EntityManager,
    taxId: string,
    given: ControllingParties,
    setBy: string,
  ): Promise<void> {
    const companies = (given.shareholders ?? []).flatMap((s) => (s.taxId ? [s.taxId] : []));
    if (companies.includes(taxId)) {
      throw new ValidationError('PARTY_INVALID', 'shareholders: a taxpayer cannot hold shares of itself', {
        field: 'shareholders',
      });
    }
    if (companies.length > 0) {
      const known = await this.parties.registered(m, companies);
      const unknown = companies.filter((c) => !known.has(c));
      if (unknown.length > 0) {
        throw new ValidationError(
          'RELATED_TAXPAYER_UNKNOWN',
          `shareholders: ${unknown.join(', ')} is not a registered taxpayer`,
          { field: 'shareholders', taxIds: unknown },
        );
      }
    }
    await this.parties.replace(m, taxId, partyRows(given, this.digest), setBy);
  }

  async register(officer: OfficerPrincipal, dto: RegisterTaxpayerDto): Promise<RegisteredTaxpayerDto> {
    const industry = industryOrNull(dto.industry);
    const given = parseControllingParties(dto as unknown as Record<string, unknown>);
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
      const saved = await this.db.transaction(async (m) => {
        const inserted = await this.taxpayers.insert(m, {
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
        });
        await this.setParties(m, inserted.taxId, given, officer.userId);
        return {
          ...toTaxpayerDto(inserted),
          parties: toPartiesDto(await this.parties.inForce(m, inserted.taxId)),
        };
      });
      this.logger.log(
        { taxId: saved.taxId, bureauCode: saved.bureauCode, industry, by: officer.userId },
        'taxpayer registered',
      );
      return {
        ...saved,
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

  /** A taxpayer of the officer's subtree, with its parties in force; any other is answered as not found. */
  async get(officer: OfficerPrincipal, taxId: string): Promise<TaxpayerDto> {
    const taxpayer = await this.findVisible(officer, taxId);
    return {
      ...toTaxpayerDto(taxpayer),
      parties: toPartiesDto(await this.parties.inForce(this.db.manager, taxId)),
    };
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
    const given = parseControllingParties(dto as unknown as Record<string, unknown>);
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
      await this.setParties(m, taxId, given, officer.userId);
    });
    this.logger.log(
      {
        taxId,
        status: dto.status,
        rateLimit: dto.rateLimit,
        industry: industryChange,
        // which parties were replaced, never their numbers
        parties: CONTROLLING_PARTY_FIELDS.filter((f) => given[f] !== undefined),
        by: officer.userId,
      },
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
    await this.taxpayers.addOverride(dto.taxId, dto.reason, officer.userId);
    this.logger.log({ taxId: dto.taxId, by: officer.userId }, 'tax ID override added');
    return { taxId: dto.taxId };
  }

  private async findVisible(officer: OfficerPrincipal, taxId: string): Promise<TaxpayerEntity> {
    return visibleTaxpayer(officer, taxId, await this.taxpayers.findByTaxId(taxId));
  }
}
