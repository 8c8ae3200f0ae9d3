import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '@app/platform';
import { CertificateAuthorityService } from './certificate-authority.service';

@ApiTags('pki')
@Controller('v1/pki')
export class PkiController {
  constructor(private readonly cas: CertificateAuthorityService) {}

  @Public()
  @Get('chain')
  @Header('Content-Type', 'application/x-pem-file')
  @ApiProduces('application/x-pem-file')
  @ApiOperation({
    summary: 'The CA certificates (national root, then every provincial issuing CA) as one PEM bundle',
    description: 'Use with openssl: `openssl verify -CAfile chain.pem device.pem`.',
  })
  @ApiOkResponse({ description: 'PEM bundle', schema: { type: 'string' } })
  async chain(): Promise<string> {
    return (await this.cas.chainPems()).join('');
  }
}
