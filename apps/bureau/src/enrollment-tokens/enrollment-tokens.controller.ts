import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal, Roles } from '@app/auth';
import { ApiErrors } from '@app/platform';
import { EnrollmentTokenDto } from './dto/enrollment-token.dto';
import { EnrollmentTokensService } from './enrollment-tokens.service';

@ApiTags('taxpayers')
@ApiBearerAuth()
@Controller('v1/taxpayers/:taxId/enrollment-token')
export class EnrollmentTokensController {
  constructor(private readonly tokens: EnrollmentTokensService) {}

  @Post()
  // Not idempotent by key on purpose: a stored replay would keep the one-time token in clear.
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({
    summary: 'Issue a fresh one-time enrollment token for a taxpayer of your subtree (replaces the old one)',
    description:
      'Used when the device certificate was revoked and the enterprise must enroll again. A taxpayer ' +
      'outside your subtree is answered 404 TAXPAYER_NOT_FOUND.',
  })
  @ApiCreatedResponse({ type: EnrollmentTokenDto })
  @ApiErrors('TAXPAYER_NOT_FOUND', 'TAXPAYER_NOT_NORMAL')
  renew(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('taxId') taxId: string,
  ): Promise<EnrollmentTokenDto> {
    return this.tokens.renew(officer, taxId);
  }
}
