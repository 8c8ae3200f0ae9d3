import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentEnterprise, EnterprisePrincipal } from '@app/auth';
import { Idempotent, IdempotencyContext } from '@app/idempotency';
import type { IdempotencyHandle } from '@app/idempotency';
import { SellerCopiesRequestDto, SellerCopiesResponseDto } from './dto/seller-copies.dto';
import { ApiErrors } from '@app/platform';
import { SellerCopiesService } from './seller-copies.service';

@ApiTags('seller-copies')
@ApiBearerAuth()
@Controller('v1/seller-copies')
export class SellerCopiesController {
  constructor(private readonly sellerCopies: SellerCopiesService) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    summary: 'Upload invoices sealed offline by your own device key (抄税)',
    description:
      'Checked like online issuance: the number must be in one of your allocated ranges, the amount within the ' +
      "code's cap, the seal valid under your certificate on the issue date. Rejected ones are kept as evidence.",
  })
  @ApiCreatedResponse({ type: SellerCopiesResponseDto })
  @ApiErrors('INVOICE_CODE_INVALID', 'INVOICE_NUMBER_INVALID', 'DATE_INVALID', 'MONEY_INVALID')
  submit(
    @CurrentEnterprise() enterprise: EnterprisePrincipal,
    @Body() dto: SellerCopiesRequestDto,
    @IdempotencyContext() idempotency?: IdempotencyHandle,
  ): Promise<SellerCopiesResponseDto> {
    return this.sellerCopies.submit(enterprise, dto, idempotency);
  }
}
