import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Public } from '@app/platform';
import { VerificationDto, VerifyQuery } from './verification.dto';
import { VerificationService } from './verification.service';

@ApiTags('verification')
@Controller('v1/verify')
export class VerificationController {
  constructor(private readonly verification: VerificationService) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Public check (查验) that an invoice is genuine; at most 5 checks per invoice per day',
  })
  @ApiOkResponse({ type: VerificationDto })
  @ApiTooManyRequestsResponse({
    description: 'VERIFY_LIMIT_REACHED, with Retry-After (seconds to midnight, Asia/Shanghai)',
  })
  verify(@Query() query: VerifyQuery): Promise<VerificationDto> {
    return this.verification.verify(query);
  }
}
