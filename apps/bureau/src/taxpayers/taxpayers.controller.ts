import { Idempotent } from '@app/idempotency';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal, Roles } from '@app/auth';
import { ApiErrors, Page, type RouteError } from '@app/platform';
import {
  AddTaxIdOverrideDto,
  ChangeTaxpayerDto,
  ListTaxpayersQuery,
  RegisteredTaxpayerDto,
  RegisterTaxpayerDto,
  TaxpayerDto,
  TaxpayerPageDto,
  TaxpayerStatusHistoryDto,
} from './dto/taxpayer.dto';
import { TaxpayersService } from './taxpayers.service';

/** Controlling parties and contacts given (parseControllingParties, setParties). */
const PARTY_ERRORS = [
  'ID_NUMBER_INVALID',
  'SHARE_INVALID',
  'SHARES_EXCEED_ONE',
  'SHAREHOLDER_AMBIGUOUS',
  'TAX_ID_INVALID',
  'PARTY_INVALID',
  'RELATED_TAXPAYER_UNKNOWN',
] as const satisfies RouteError[];

@ApiTags('taxpayers')
@ApiBearerAuth()
@Controller('v1')
export class TaxpayersController {
  constructor(private readonly taxpayers: TaxpayersService) {}

  @Post('taxpayers')
  // Not idempotent by key on purpose: the answer carries a one-time secret that a stored
  // replay would keep in clear. A retried registration gets TAXPAYER_ALREADY_REGISTERED.
  @Roles('admin')
  @ApiOperation({
    summary:
      'Register a taxpayer with a district bureau of your subtree; returns a one-time enrollment token',
    description:
      'Optionally with who controls it (legalRepresentative, financeOfficer, shareholders) and its address, ' +
      'phone and bank account: identity numbers are stored as keyed digests only and never returned (their ' +
      'last 4 characters are); docs/trade-graph.md. INDUSTRY_INVALID has details { field, reason }: ' +
      'NOT_A_STRING, FORMAT, SECTION or DIVISION; ID_NUMBER_INVALID never repeats the number.',
  })
  @ApiCreatedResponse({ type: RegisteredTaxpayerDto })
  @ApiErrors(
    'TAX_ID_INVALID',
    'BUREAU_CODE_INVALID',
    'BUREAU_NOT_FOUND',
    'BUREAU_NOT_DISTRICT',
    'INDUSTRY_INVALID',
    ...PARTY_ERRORS,
    'TAXPAYER_ALREADY_REGISTERED',
  )
  register(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Body() dto: RegisterTaxpayerDto,
  ): Promise<RegisteredTaxpayerDto> {
    return this.taxpayers.register(officer, dto);
  }

  @Get('taxpayers')
  @ApiOperation({ summary: 'Taxpayers of a bureau subtree, ordered by tax ID (cursor pages)' })
  @ApiOkResponse({ type: TaxpayerPageDto })
  @ApiErrors('BUREAU_CODE_INVALID', 'BUREAU_NOT_FOUND', 'CURSOR_INVALID')
  list(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Query() query: ListTaxpayersQuery,
  ): Promise<Page<TaxpayerDto>> {
    return this.taxpayers.list(officer, query);
  }

  @Get('taxpayers/:taxId')
  @ApiOperation({ summary: 'One taxpayer with its controlling parties in force (404 outside your subtree)' })
  @ApiOkResponse({ type: TaxpayerDto })
  @ApiErrors('TAXPAYER_NOT_FOUND')
  get(@CurrentOfficer() officer: OfficerPrincipal, @Param('taxId') taxId: string): Promise<TaxpayerDto> {
    return this.taxpayers.get(officer, taxId);
  }

  @Get('taxpayers/:taxId/status-history')
  @ApiOperation({
    summary: "A taxpayer's status changes (normal, abnormal 非正常户, deregistered), oldest first",
    description: 'At most the latest 500. 404 TAXPAYER_NOT_FOUND outside your subtree.',
  })
  @ApiOkResponse({ type: TaxpayerStatusHistoryDto })
  @ApiErrors('TAXPAYER_NOT_FOUND')
  statusHistory(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('taxId') taxId: string,
  ): Promise<TaxpayerStatusHistoryDto> {
    return this.taxpayers.statusHistory(officer, taxId);
  }

  @Patch('taxpayers/:taxId')
  // Registry facts are changed by admins only; reviewers and auditors read them (ADR 0018).
  @Roles('admin')
  @ApiOperation({
    summary:
      "Change status (normal ↔ abnormal (非正常户), → deregistered, final), the taxpayer's own API rate limit " +
      'and/or its industry (GB/T 4754-2017; null clears it), controlling parties and contacts',
    description:
      'A party field given replaces what is in force (null clears it); the replaced rows stay in the ' +
      'history, closed at this instant. All of a change applies, or none of it.',
  })
  @ApiOkResponse({ type: TaxpayerDto })
  @ApiErrors(
    'NOTHING_TO_CHANGE',
    'REASON_WITHOUT_STATUS',
    'INDUSTRY_INVALID',
    ...PARTY_ERRORS,
    'TAXPAYER_NOT_FOUND',
    'TAXPAYER_STATUS_TRANSITION_INVALID',
  )
  change(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('taxId') taxId: string,
    @Body() dto: ChangeTaxpayerDto,
  ): Promise<TaxpayerDto> {
    return this.taxpayers.change(officer, taxId, dto);
  }

  @Post('tax-id-overrides')
  @Idempotent()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({ summary: 'National tier only: accept a legally issued code whose check character fails' })
  @ApiErrors('NATIONAL_TIER_ONLY')
  addOverride(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Body() dto: AddTaxIdOverrideDto,
  ): Promise<{ taxId: string }> {
    return this.taxpayers.addOverride(officer, dto);
  }
}
