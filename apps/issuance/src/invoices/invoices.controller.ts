import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentEnterprise, EnterprisePrincipal } from '@app/auth';
import { parseInvoiceCode, parseInvoiceNumber } from '@app/domain';
import { Idempotent, IdempotencyContext } from '@app/idempotency';
import type { IdempotencyHandle } from '@app/idempotency';
import { ApiErrors, type RouteError } from '@app/platform';
import { CreditNoteDto, IssueInvoiceDto, VoidInvoiceDto } from './dto/issue-invoice.dto';
import { InvoiceDto } from './dto/invoice.dto';
import { InvoiceCorrectionsService } from './invoice-corrections.service';
import { InvoiceIssuerService } from './invoice-issuer.service';
import { InvoiceKey } from './invoice-record';

const keyOf = (code: string, number: string): InvoiceKey => ({
  invoiceCode: parseInvoiceCode(code, 'invoiceCode').code,
  invoiceNumber: parseInvoiceNumber(number, 'invoiceNumber'),
});

/** The invoice a path names: its code and number (keyOf), and one of yours. */
const INVOICE_KEY_ERRORS = [
  'INVOICE_CODE_INVALID',
  'INVOICE_NUMBER_INVALID',
  'INVOICE_NOT_FOUND',
] as const satisfies RouteError[];

/** Who may seal: your standing and your certificate (SellerContextService.load). */
const SEALER_ERRORS = [
  'TAXPAYER_NOT_NORMAL',
  'NOT_ENROLLED',
  'NO_SERVICE_HELD_KEY',
  'CERTIFICATE_REVOKED',
  'CERTIFICATE_NOT_VALID',
] as const satisfies RouteError[];

/** Lines, rates and taxes of a draft (buildInvoiceDraft), a blue invoice's or a credit note's. */
const LINE_ERRORS = [
  'INVOICE_LINES_REQUIRED',
  'INVOICE_TOO_MANY_LINES',
  'MONEY_INVALID',
  'QUANTITY_INVALID',
  'TAX_RATE_INVALID',
  'TAX_RATE_NOT_ALLOWED',
  'TAX_RATE_NOT_IN_FORCE',
  'LINE_AMOUNT_MISMATCH',
  'LINE_TAX_OUT_OF_TOLERANCE',
  'INVOICE_TAX_OUT_OF_TOLERANCE',
] as const satisfies RouteError[];

/** Taking the next number of your ranges (InvoiceNumberAllocator), which checks your standing again. */
const NUMBER_ERRORS = [
  'NUMBER_RANGE_EXHAUSTED',
  'AMOUNT_ABOVE_VERSION_CAP',
  'NUMBER_ALLOCATION_CONTENDED',
  'TAXPAYER_NOT_NORMAL',
  'CERTIFICATE_REVOKED',
] as const satisfies RouteError[];

@ApiTags('invoices')
@ApiBearerAuth()
@Controller('v1/invoices')
export class InvoicesController {
  constructor(
    private readonly issuer: InvoiceIssuerService,
    private readonly corrections: InvoiceCorrectionsService,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Issue a sealed invoice',
    description:
      'Validates (DESIGN §4), takes the next number of your allocated range gap-free, seals (DESIGN §5) and ' +
      'stores it. Business-rule failures are 422 and consume no number. The issue date must be in an open ' +
      'period (ISSUE_DATE_IN_FUTURE, PERIOD_CLOSED) and one your sealing certificate can seal ' +
      '(CERTIFICATE_NOT_VALID_AT_ISSUE_DATE: details carry issueDate, earliestIssueDate, latestIssueDate, ' +
      'certificateSerial; see docs/issuing-dates.md).',
  })
  @ApiCreatedResponse({ type: InvoiceDto })
  @ApiErrors(
    ...SEALER_ERRORS,
    'BUYER_IS_SELLER',
    'TAX_ID_INVALID',
    'BUYER_NOT_REGISTERED',
    'BUYER_NOT_GENERAL_TAXPAYER',
    ...LINE_ERRORS,
    'DATE_INVALID',
    'ISSUE_DATE_IN_FUTURE',
    'PERIOD_CLOSED',
    'INVOICE_TOTAL_MISMATCH',
    'CERTIFICATE_NOT_VALID_AT_ISSUE_DATE',
    ...NUMBER_ERRORS,
  )
  issue(
    @CurrentEnterprise() enterprise: EnterprisePrincipal,
    @Body() dto: IssueInvoiceDto,
    @IdempotencyContext() idempotency?: IdempotencyHandle,
  ): Promise<InvoiceDto> {
    return this.issuer.issue(enterprise, dto, idempotency);
  }

  @Get(':invoiceCode/:invoiceNumber')
  @ApiOperation({ summary: 'One invoice, for its seller or its buyer (404 for anyone else)' })
  @ApiParam({ name: 'invoiceCode', example: '4400261133' })
  @ApiParam({ name: 'invoiceNumber', example: '00000001' })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiErrors(...INVOICE_KEY_ERRORS)
  get(
    @CurrentEnterprise() enterprise: EnterprisePrincipal,
    @Param('invoiceCode') code: string,
    @Param('invoiceNumber') number: string,
  ): Promise<InvoiceDto> {
    return this.corrections.get(enterprise, keyOf(code, number));
  }

  @Post(':invoiceCode/:invoiceNumber/void')
  @HttpCode(200)
  @ApiOperation({ summary: 'Void (作废): same calendar month, not claimed, no credit notes' })
  @ApiOkResponse({ type: InvoiceDto })
  @ApiErrors(
    ...INVOICE_KEY_ERRORS,
    'INVOICE_ALREADY_VOIDED',
    'VOID_PERIOD_CLOSED',
    'INVOICE_HAS_CREDIT_NOTES',
    'INVOICE_CLAIMED',
  )
  void(
    @CurrentEnterprise() enterprise: EnterprisePrincipal,
    @Param('invoiceCode') code: string,
    @Param('invoiceNumber') number: string,
    @Body() dto: VoidInvoiceDto,
  ): Promise<InvoiceDto> {
    return this.corrections.void(enterprise, keyOf(code, number), dto);
  }

  @Post(':invoiceCode/:invoiceNumber/credit-notes')
  @Idempotent()
  @ApiOperation({ summary: 'Issue a red-letter credit note against this invoice (never more than remains)' })
  @ApiCreatedResponse({ type: InvoiceDto })
  @ApiErrors(
    ...INVOICE_KEY_ERRORS,
    ...SEALER_ERRORS,
    'CANNOT_CREDIT_A_CREDIT_NOTE',
    'INVOICE_VOIDED',
    ...LINE_ERRORS,
    'CREDIT_NOTE_LINE_NOT_NEGATIVE',
    'CREDIT_RATE_NOT_ON_ORIGINAL',
    'CREDIT_EXCEEDS_REMAINING',
    ...NUMBER_ERRORS,
  )
  credit(
    @CurrentEnterprise() enterprise: EnterprisePrincipal,
    @Param('invoiceCode') code: string,
    @Param('invoiceNumber') number: string,
    @Body() dto: CreditNoteDto,
    @IdempotencyContext() idempotency?: IdempotencyHandle,
  ): Promise<InvoiceDto> {
    return this.corrections.credit(enterprise, keyOf(code, number), dto, idempotency);
  }
}
