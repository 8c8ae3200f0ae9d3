import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentEnterprise, EnterprisePrincipal } from '@app/auth';
import { ApiErrors } from '@app/platform';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, NewApiKeyDto } from './dto/api-key.dto';

@ApiTags('api-keys')
@ApiBearerAuth()
@Controller('v1/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Get()
  @ApiOperation({ summary: 'Your API keys (never the keys themselves)' })
  @ApiOkResponse({ type: [ApiKeyDto] })
  list(@CurrentEnterprise() enterprise: EnterprisePrincipal): Promise<ApiKeyDto[]> {
    return this.keys.list(enterprise);
  }

  @Post()
  @ApiOperation({ summary: 'A further API key for your taxpayer (to rotate keys without downtime)' })
  @ApiCreatedResponse({ type: NewApiKeyDto })
  create(@CurrentEnterprise() enterprise: EnterprisePrincipal): Promise<NewApiKeyDto> {
    return this.keys.create(enterprise);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Revoke one of your API keys (stops working at once here, within 10 s everywhere)',
  })
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiErrors('API_KEY_NOT_FOUND')
  revoke(@CurrentEnterprise() enterprise: EnterprisePrincipal, @Param('id') id: string): Promise<ApiKeyDto> {
    return this.keys.revoke(enterprise, id);
  }
}
