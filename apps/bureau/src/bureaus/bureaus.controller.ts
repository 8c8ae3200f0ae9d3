import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentOfficer, OfficerPrincipal } from '@app/auth';
import { ApiErrors } from '@app/platform';
import { BureausService } from './bureaus.service';
import { BureauDto } from './dto/bureau.dto';

@ApiTags('bureaus')
@ApiBearerAuth()
@Controller('v1/bureaus')
export class BureausController {
  constructor(private readonly bureaus: BureausService) {}

  @Get(':code')
  @ApiOperation({ summary: 'A bureau of your subtree with its ancestors and children (404 outside it)' })
  @ApiOkResponse({ type: BureauDto })
  @ApiErrors('BUREAU_CODE_INVALID', 'BUREAU_NOT_FOUND')
  get(@CurrentOfficer() officer: OfficerPrincipal, @Param('code') code: string): Promise<BureauDto> {
    return this.bureaus.describe(officer, code);
  }
}
