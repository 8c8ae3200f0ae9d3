import { Body, Controller, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ClientIp, Public } from '@app/platform';
import { EnrollDto, EnrollmentDto } from './dto/enrollment.dto';
import { EnrollmentService } from './enrollment.service';

@ApiTags('enrollment')
@Controller('v1/enrollment')
export class EnrollmentController {
  constructor(private readonly enrollment: EnrollmentService) {}

  @Public()
  @Post()
  @ApiOperation({
    summary: 'Exchange the one-time enrollment token for a device certificate and an API key',
    description:
      'With a CSR the enterprise keeps its own key (offline sealing); without, the service keeps it.',
  })
  @ApiCreatedResponse({ type: EnrollmentDto })
  @ApiUnauthorizedResponse({ description: 'ENROLLMENT_TOKEN_INVALID, ENROLLMENT_TOKEN_EXPIRED' })
  @ApiTooManyRequestsResponse({
    description:
      'AUTH_FAILURES_LIMITED: too many wrong enrollment tokens from your address; RATE_LIMITED: too many ' +
      'requests from your address. Retry-After says when to try again.',
  })
  enroll(@Body() dto: EnrollDto, @ClientIp() clientIp: string): Promise<EnrollmentDto> {
    return this.enrollment.enroll(dto, clientIp);
  }
}
