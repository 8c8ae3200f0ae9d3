import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal, Roles } from '@app/auth';
import { ApiErrors, Page, PageQuery } from '@app/platform';
import { CertificatesService } from './certificates.service';
import {
  CertificateDto,
  CertificatePageDto,
  RevocationDto,
  RevokeCertificateDto,
} from './dto/certificate.dto';

@ApiTags('certificates')
@ApiBearerAuth()
@Controller('v1')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Post('certificates/:serial/revoke')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({
    summary: 'Revoke a device certificate of a taxpayer of your subtree (it seals nothing after revokedAt)',
    description:
      'A certificate outside your subtree is answered 404 CERTIFICATE_NOT_FOUND. The enterprise enrolls ' +
      'again with a new token from POST /v1/taxpayers/{taxId}/enrollment-token.',
  })
  @ApiOkResponse({ type: RevocationDto })
  @ApiErrors(
    'CERTIFICATE_NOT_FOUND',
    'CERTIFICATE_ALREADY_REVOKED',
    'REVOCATION_IN_FUTURE',
    'REVOCATION_BEFORE_VALIDITY',
  )
  revoke(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('serial') serial: string,
    @Body() dto: RevokeCertificateDto,
  ): Promise<RevocationDto> {
    return this.certificates.revoke(officer, serial, dto);
  }

  @Get('taxpayers/:taxId/certificates')
  @ApiOperation({
    summary: "A taxpayer's device certificates, newest first, with any revocation",
    description: '404 TAXPAYER_NOT_FOUND outside your subtree.',
  })
  @ApiOkResponse({ type: CertificatePageDto })
  @ApiErrors('TAXPAYER_NOT_FOUND', 'CURSOR_INVALID')
  list(
    @CurrentOfficer() officer: OfficerPrincipal,
    @Param('taxId') taxId: string,
    @Query() query: PageQuery,
  ): Promise<Page<CertificateDto>> {
    return this.certificates.listForTaxpayer(officer, taxId, query);
  }
}
