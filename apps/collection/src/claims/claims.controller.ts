import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentEnterprise, EnterprisePrincipal } from '@app/auth';
import { Idempotent, IdempotencyContext } from '@app/idempotency';
import type { IdempotencyHandle } from '@app/idempotency';
import { ApiErrors } from '@app/platform';
import { ClaimsService } from './claims.service';
import { ClaimsRequestDto, ClaimsResponseDto } from './dto/claims.dto';

@ApiTags('claims')
@ApiBearerAuth()
@Controller('v1/claims')
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Claim special invoices for deduction in a period (勾选/认证)',
    description:
      'Every item is stored: accepted, or rejected with a reason code (SEAL_MISMATCH, NOT_THE_BUYER, ' +
      'NOT_SPECIAL_INVOICE, …) as evidence for the bureau. A claim whose seller copy is not known yet is ' +
      'accepted; the cross-audit judges it.',
  })
  @ApiCreatedResponse({ type: ClaimsResponseDto })
  @ApiErrors(
    'PERIOD_INVALID',
    'INVOICE_CODE_INVALID',
    'INVOICE_NUMBER_INVALID',
    'DATE_INVALID',
    'MONEY_INVALID',
    'CLAIMANT_NOT_GENERAL_TAXPAYER',
  )
  claim(
    @CurrentEnterprise() enterprise: EnterprisePrincipal,
    @Body() dto: ClaimsRequestDto,
    @IdempotencyContext() idempotency?: IdempotencyHandle,
  ): Promise<ClaimsResponseDto> {
    return this.claims.claim(enterprise, dto, idempotency);
  }
}
