import { Idempotent } from '@app/idempotency';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal, Roles } from '@app/auth';
import { ApiErrors, Page, PageQuery } from '@app/platform';
import {
  AllocateNumberRangeDto,
  NumberRangeDto,
  NumberRangePageDto,
  NumberRangeUsageDto,
} from './dto/number-range.dto';
import { NumberRangesService } from './number-ranges.service';

@ApiTags('number-ranges')
@ApiBearerAuth()
@Controller('v1/taxpayers/:taxId/number-ranges')
export class NumberRangesController {
  constructor(private readonly ranges: NumberRangesService) {}

  @Post()
  @Idempotent()
  @Roles('admin')
  @ApiOperation({
    summary: 'Allocate an invoice code and number range to a taxpayer of your subtree (领购)',
    description:
      'The taxpayer must be normal; the code must be of its region (province + city or 00) and its amount ' +
      'version at most the taxpayer maxAmountVersion; the range must not overlap any range of that code, ' +
      'whoever holds it.',
  })
  @ApiCreatedResponse({ type: NumberRangeDto })
  @ApiErrors(
    'INVOICE_CODE_INVALID',
    'INVOICE_NUMBER_INVALID',
    'NUMBER_RANGE_INVALID',
    'TAXPAYER_NOT_FOUND',
    'TAXPAYER_NOT_NORMAL',
    'INVOICE_CODE_REGION_MISMATCH',
    'AMOUNT_VERSION_NOT_ALLOWED',
    'NUMBER_RANGE_OVERLAP',
  )
  allocate(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('taxId') taxId: string,
    @Body() dto: AllocateNumberRangeDto,
  ): Promise<NumberRangeDto> {
    return this.ranges.allocate(officer, taxId, dto);
  }

  @Get()
  @ApiOperation({
    summary: "A taxpayer's number ranges in allocation order, with the next number and what remains",
    description: '404 TAXPAYER_NOT_FOUND outside your subtree.',
  })
  @ApiOkResponse({ type: NumberRangePageDto })
  @ApiErrors('TAXPAYER_NOT_FOUND', 'CURSOR_INVALID')
  list(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('taxId') taxId: string,
    @Query() query: PageQuery,
  ): Promise<Page<NumberRangeUsageDto>> {
    return this.ranges.list(officer, taxId, query);
  }
}
