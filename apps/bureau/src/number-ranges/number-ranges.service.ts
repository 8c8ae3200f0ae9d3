import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OfficerPrincipal } from '@app/auth';
import { isPgError, NumberRangeEntity, PG_EXCLUSION_VIOLATION, TaxpayerRepository } from '@app/database';
import { assertCodeFits, ConflictError, formatInvoiceNumber, parseRequestedRange } from '@app/domain';
import { decodeCursor, isCursorBigintId, Page, PageQuery, toPage } from '@app/platform';
import { assertTaxpayerNormal, visibleTaxpayer } from '../taxpayers/taxpayer-access';
import { AllocateNumberRangeDto, NumberRangeDto, NumberRangeUsageDto } from './dto/number-range.dto';
import { NumberRangeUsageRow, NumberRangesRepository } from './number-ranges.repository';

const toRangeDto = (r: NumberRangeEntity): NumberRangeDto => ({
  id: r.id,
  taxId: r.taxId,
  invoiceCode: r.invoiceCode,
  startNumber: formatInvoiceNumber(r.startNumber),
  endNumber: formatInvoiceNumber(r.endNumber),
  amountVersion: r.amountVersion,
  allocatedAt: r.allocatedAt.toISOString(),
});

/** `next_number` runs one past the end once the range is used up. */
const toUsageDto = (r: NumberRangeUsageRow): NumberRangeUsageDto => {
  const remaining = Math.max(0, r.endNumber - r.nextNumber + 1);
  return {
    id: r.id,
    invoiceCode: r.invoiceCode,
    startNumber: formatInvoiceNumber(r.startNumber),
    endNumber: formatInvoiceNumber(r.endNumber),
    amountVersion: r.amountVersion,
    allocatedAt: r.allocatedAt.toISOString(),
    nextNumber: remaining > 0 ? formatInvoiceNumber(r.nextNumber) : null,
    remaining,
  };
};

const isIdCursor = (v: unknown): v is { id: string } => isCursorBigintId((v as { id?: unknown } | null)?.id);

/** Allocation of invoice number ranges (领购) to the sellers of an officer's subtree. */
@Injectable()
export class NumberRangesService {
  private readonly logger = new Logger(NumberRangesService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly taxpayers: TaxpayerRepository,
    private readonly ranges: NumberRangesRepository,
  ) {}

  /**
   * The taxpayer row is locked for the transaction so that a concurrent status change
   * cannot slip between the status check and the insert.
   */
  async allocate(
    officer: OfficerPrincipal,
    taxId: string,
    dto: AllocateNumberRangeDto,
  ): Promise<NumberRangeDto> {
    const { code, start, end } = parseRequestedRange(dto);
    try {
      const saved = await this.db.transaction(async (m) => {
        const taxpayer = visibleTaxpayer(officer, taxId, await this.taxpayers.findForUpdate(m, taxId));
        assertTaxpayerNormal(taxpayer);
        assertCodeFits(code, taxpayer);
        return this.ranges.insert(m, {
          taxId: taxpayer.taxId,
          invoiceCode: code.code,
          startNumber: start,
          endNumber: end,
          amountVersion: code.amountVersion,
          allocatedBy: officer.userId,
        });
      });
      this.logger.log(
        { rangeId: saved.id, taxId, invoiceCode: code.code, start, end, by: officer.userId },
        'number range allocated',
      );
      return toRangeDto(saved);
    } catch (err) {
      if (isPgError(err, PG_EXCLUSION_VIOLATION)) {
        throw new ConflictError(
          'NUMBER_RANGE_OVERLAP',
          `Numbers ${dto.startNumber}–${dto.endNumber} of invoice code ${code.code} overlap a range already allocated.`,
          { invoiceCode: code.code, startNumber: dto.startNumber, endNumber: dto.endNumber },
        );
      }
      throw err;
    }
  }

  async list(officer: OfficerPrincipal, taxId: string, query: PageQuery): Promise<Page<NumberRangeUsageDto>> {
    visibleTaxpayer(officer, taxId, await this.taxpayers.findByTaxId(taxId));
    const after = query.cursor ? decodeCursor(query.cursor, isIdCursor).id : undefined;
    const rows = await this.ranges.listWithUsage(taxId, after, query.limit);
    return toPage(rows, query.limit, toUsageDto, (r) => ({ id: r.id }));
  }
}
