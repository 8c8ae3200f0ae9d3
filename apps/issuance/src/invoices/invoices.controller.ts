import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentEnterprise, EnterprisePrincipal } from '@app/auth';
import { parseInvoiceCode, parseInvoiceNumber } from '@app/domain';
import { Idempotent, IdempotencyContext } from '@app/idempotency';
import type { IdempotencyHandle } from '@app/idempotency';
import { CreditNoteDto, IssueInvoiceDto, VoidInvoiceDto } from './dto/issue-invoice.dto';
import { InvoiceDto } from './dto/invoice.dto';
import { InvoiceCorrectionsService } from './invoice-corrections.service';
import { InvoiceIssuerService } from './invoice-issuer.service';
import { InvoiceKey } from './invoice-record';

const keyOf = (code: string, number: string): InvoiceKey => ({
  invoiceCode: parseInvoiceCode(code, 'invoiceCode').code,
  invoiceNumber: parseInvoiceNumber(number, 'invoiceNumber'),
});

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
      'stores it. Business-rule failures are 422 and consume no number.',
  })
  @ApiCreatedResponse({ type: InvoiceDto })
  @ApiUnprocessableEntityResponse({
    description:
      'Among others: ISSUE_DATE_IN_FUTURE, PERIOD_CLOSED (the issue date is not in an open period); ' +
      'CERTIFICATE_NOT_VALID_AT_ISSUE_DATE (your sealing certificate cannot seal that date: details carry ' +
      'issueDate, earliestIssueDate, latestIssueDate, certificateSerial; see docs/issuing-dates.md).',
  })
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
  @ApiNotFoundResponse({ description: 'INVOICE_NOT_FOUND' })
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
