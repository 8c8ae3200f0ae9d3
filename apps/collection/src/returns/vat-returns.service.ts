import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { EnterprisePrincipal } from '@app/auth';
import {
  BusinessRuleError,
  comparePeriods,
  ConflictError,
  formatMoney,
  NotFoundError,
  parseMoney,
  parsePeriod,
  periodOf,
  todayIn,
} from '@app/domain';
import { IdempotencyHandle } from '@app/idempotency';
import { CollectionConfig } from '../config/collection.config';
import { FileReturnDto, VatReturnDto, VatReturnHistoryDto } from './dto/returns.dto';
import { VatReturnRow, VatReturnsRepository } from './vat-returns.repository';

const toDto = (r: VatReturnRow): VatReturnDto => ({
  taxId: r.taxId,
  period: r.period,
  version: r.version,
  supersedes: r.version > 1 ? r.version - 1 : null,
  specialSales: r.specialSales,
  specialOutputTax: r.specialOutputTax,
  otherSales: r.otherSales,
  otherOutputTax: r.otherOutputTax,
  inputTax: r.inputTax,
  filedAt: r.filedAt.toISOString(),
});

/**
 * VAT returns: one per taxpayer and period; a correction is a new version that supersedes
 * the earlier one, and every version is kept (the audit compares against the latest).
 */
@Injectable()
export class VatReturnsService {
  private readonly logger = new Logger(VatReturnsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly returns: VatReturnsRepository,
    private readonly config: CollectionConfig,
  ) {}

  async file(
    enterprise: EnterprisePrincipal,
    dto: FileReturnDto,
    idempotency?: IdempotencyHandle,
  ): Promise<VatReturnDto> {
    const period = parsePeriod(dto.period, 'period');
    if (comparePeriods(period, periodOf(todayIn(this.config.TZ_BUSINESS))) >= 0) {
      throw new BusinessRuleError(
        'PERIOD_NOT_ENDED',
        `A return for ${period} can be filed once the period has ended.`,
      );
    }
    const money = (value: string, field: string) => formatMoney(parseMoney(value, { field }));
    const amounts = {
      specialSales: money(dto.specialSales, 'specialSales'),
      specialOutputTax: money(dto.specialOutputTax, 'specialOutputTax'),
      otherSales: money(dto.otherSales, 'otherSales'),
      otherOutputTax: money(dto.otherOutputTax, 'otherOutputTax'),
      inputTax: money(dto.inputTax, 'inputTax'),
    };
    const saved = await this.db.transaction(async (m) => {
      await this.returns.lock(m, enterprise.taxId, period);
      const [latest] = await this.returns.versions(enterprise.taxId, period, m);
      if (latest && !dto.correction) {
        throw new ConflictError(
          'RETURN_ALREADY_FILED',
          `A return for ${period} is already filed; send "correction": true to correct it.`,
          {
            version: latest.version,
          },
        );
      }
      if (!latest && dto.correction) {
        throw new BusinessRuleError('NOTHING_TO_CORRECT', `No return for ${period} has been filed yet.`);
      }
      const row = await this.returns.insert(m, {
        taxId: enterprise.taxId,
        period,
        version: (latest?.version ?? 0) + 1,
        ...amounts,
      });
      const out = toDto(row);
      await idempotency?.completeWithin(m, 201, out);
      return out;
    });
    this.logger.log({ taxId: enterprise.taxId, period, version: saved.version }, 'VAT return filed');
    return saved;
  }

  async history(enterprise: EnterprisePrincipal, rawPeriod: string): Promise<VatReturnHistoryDto> {
    const period = parsePeriod(rawPeriod, 'period');
    const versions = (await this.returns.versions(enterprise.taxId, period)).map(toDto);
    if (versions.length === 0) throw new NotFoundError('RETURN_NOT_FOUND', `No return filed for ${period}.`);
    return { current: versions[0], versions };
  }
}
