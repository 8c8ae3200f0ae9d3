import { Controller, Get, Ip, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { EnterprisePrincipal, OptionalApiKey, OptionalEnterprise } from '@app/auth';
import { ApiErrors } from '@app/platform';
import { clientAddressKey } from './client-address';
import { VerificationDto, VerifyQuery } from './dto/verification.dto';
import { VerificationService } from './verification.service';

@ApiTags('verification')
@Controller('v1/verify')
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  @OptionalApiKey()
  @Get()
  // Either no credentials or an API key: `{}` is OpenAPI's "security optional".
  @ApiSecurity({})
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Check (查验) that an invoice is genuine: public, or with your API key for your own invoices',
    description:
      'Anonymous callers (and API keys of taxpayers who are no party to the invoice): at most ' +
      'VERIFY_DAILY_LIMIT (5) checks of one invoice per client address per Beijing day, and at most ' +
      'VERIFY_MISSES_PER_IP checks matching no invoice per address per VERIFY_MISS_WINDOW_SECONDS; a ' +
      'check that matches no invoice answers no_match, never whether the number exists. The seller and ' +
      'the buyer (and the owner of the number range), with Authorization: Bearer <apiKey>, have no ' +
      'daily limit and get not_found or mismatch. The API key is optional; a key that is sent must be valid ' +
      '(401 otherwise). A limit reached is 429 VERIFY_LIMIT_REACHED (Retry-After: seconds to Beijing ' +
      'midnight) or VERIFY_MISSES_LIMITED (Retry-After: seconds until the miss window of your address ends).',
  })
  @ApiOkResponse({ type: VerificationDto })
  @ApiErrors(
    'INVOICE_CODE_INVALID',
    'INVOICE_NUMBER_INVALID',
    'DATE_INVALID',
    'MONEY_INVALID',
    'VERIFY_LIMIT_REACHED',
    'VERIFY_MISSES_LIMITED',
  )
  verify(
    @Query() query: VerifyQuery,
    @Ip() ip: string | undefined,
    @OptionalEnterprise() enterprise: EnterprisePrincipal | undefined,
  ): Promise<VerificationDto> {
    return this.verification.verify(query, { client: clientAddressKey(ip), taxId: enterprise?.taxId });
  }
}
