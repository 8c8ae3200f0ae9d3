import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentEnterprise, EnterprisePrincipal } from '@app/auth';
import { Idempotent, IdempotencyContext } from '@app/idempotency';
import type { IdempotencyHandle } from '@app/idempotency';
import { ApiErrors } from '@app/platform';
import { FileReturnDto, VatReturnDto, VatReturnHistoryDto } from './dto/returns.dto';
import { VatReturnsService } from './vat-returns.service';

@ApiTags('returns')
@ApiBearerAuth()
@Controller('v1/returns')
export class VatReturnsController {
  constructor(private readonly returns: VatReturnsService) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'File the VAT return of an ended period, or correct it ("correction": true)' })
  @ApiCreatedResponse({ type: VatReturnDto })
  @ApiErrors(
    'PERIOD_INVALID',
    'PERIOD_NOT_ENDED',
    'MONEY_INVALID',
    'RETURN_ALREADY_FILED',
    'NOTHING_TO_CORRECT',
  )
  file(
    @CurrentEnterprise() enterprise: EnterprisePrincipal,
    @Body() dto: FileReturnDto,
    @IdempotencyContext() idempotency?: IdempotencyHandle,
  ): Promise<VatReturnDto> {
    return this.returns.file(enterprise, dto, idempotency);
  }

  @Get(':period')
  @ApiOperation({ summary: 'The return in force for a period and every earlier version' })
  @ApiOkResponse({ type: VatReturnHistoryDto })
  @ApiErrors('PERIOD_INVALID', 'RETURN_NOT_FOUND')
  history(
    @CurrentEnterprise() enterprise: EnterprisePrincipal,
    @Param('period') period: string,
  ): Promise<VatReturnHistoryDto> {
    return this.returns.history(enterprise, period);
  }
}
